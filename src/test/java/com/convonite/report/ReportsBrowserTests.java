package com.convonite.report;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.convonite.support.Api;
import com.convonite.support.BrowserTest;
import com.convonite.support.Inbound;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Reports page: charts drawn from the reports' JSON, tables and summaries, a bar and a table cell that open
 * the Conversations tab listing exactly the number they show, the CSV downloads, at 1280 and 390 px.
 */
class ReportsBrowserTests extends BrowserTest {

	@Test
	void chartsTablesDrillDownAndCsv() {
		TestWorkspace workspace = newWorkspace();
		Api admin = workspace.admin();
		Api agent = agent(workspace);
		List<String> purposes = admin.get("/purposes").json().findValuesAsString("id");
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		var chat = Inbound.deliver(admin, Inbound.phone(), "Rita Reis", "Hello", now.minusDays(20));
		int[][] plan = { { 0, 1, 0 }, { 0, 2, 1 }, { 1, 2, 0 }, { 1, 5, 1 }, { 2, 5, 0 }, { 0, 9, 0 }, { 1, 9, 1 },
				{ 0, 12, 1 }, { 2, 12, 0 }, { 0, 15, 0 }, { 1, 16, 1 }, { 0, 40, 0 } };
		for (int i = 0; i < plan.length; i++) {
			Api who = (i % 3 == 0) ? agent : admin;
			var logged = who.post("/conversations", body("chatId", chat.chatId(), "subject", "Question " + i,
					"purposeId", purposes.get(plan[i][0]), "startTime", now.minusDays(plan[i][1]).toString(), "status",
					(plan[i][2] == 1) ? "CLOSED" : "OPEN"));
			assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
		}
		// closed an hour after it started, 8 days ago: the open one of the same purpose 5 days ago makes it recontacted
		var recontacted = admin.post("/conversations", body("chatId", chat.chatId(), "subject", "Came back",
				"purposeId", purposes.get(2), "startTime", now.minusDays(8).toString(), "endTime",
				now.minusDays(8).plusHours(1).toString(), "status", "CLOSED", "followUpTask",
				Map.of("title", "Call Rita", "dueAt", now.minusDays(1).toString())));
		assertThat(recontacted.status()).as(recontacted.toString()).isEqualTo(201);
		signIn(workspace.adminEmail());
		open("/reports");
		waitForChart("over-time-chart");
		waitForChart("outcomes-chart");
		waitForChart("recontacts-chart");
		waitForChart("tasks-chart");
		assertThat(this.browser.findElement(By.id("tasks-summary")).getText())
			.isEqualTo("1 follow-up task created: 0 done on time, 0 done late, 1 overdue now, 0 open and not yet due.");
		assertThat(this.browser.findElement(By.id("over-time-summary")).getText()).startsWith("12 conversations");
		assertThat(this.browser.findElement(By.id("outcomes-summary")).getText()).startsWith("Of 12 conversations, 6 are closed");
		assertThat(this.browser.findElement(By.id("recontacts-summary")).getText())
			.startsWith("Of 6 closed conversations, 1 (17%) had their contact come back with the same purpose within 7 days");
		assertAccessible();
		screenshots("reports");
		assertFitsPhone();
		screenshots("reports-chart", By.id("over-time-title"));
		screenshots("reports-outcomes", By.id("outcomes-title"));
		screenshots("reports-recontacts", By.id("recontacts-title"));
		screenshots("reports-tasks", By.id("tasks-title"));

		// the recontacted count of all: the list shows that conversation, its filter chosen in the form
		WebElement recontactedCell = this.browser.findElement(
				By.cssSelector("#recontacts-purpose tbody tr:last-child td:nth-of-type(2) a"));
		assertThat(recontactedCell.getText()).isEqualTo("1");
		scrollTo(recontactedCell);
		recontactedCell.click();
		this.wait.until(ExpectedConditions.urlContains("recontacted=true"));
		assertThat(matchCount()).isEqualTo("1 conversation");
		assertThat(new org.openqa.selenium.support.ui.Select(this.browser.findElement(By.id("recontacted")))
			.getFirstSelectedOption().getText()).isEqualTo("Closed, then recontacted");
		this.browser.navigate().back();
		waitForChart("over-time-chart");

		// the overdue tasks of all: the task list with the same assignee, creation days and outcome counts them
		WebElement overdue = this.browser.findElement(By.cssSelector("#tasks-table tbody tr:last-child td:nth-of-type(4) a"));
		assertThat(overdue.getText()).isEqualTo("1");
		scrollTo(overdue);
		overdue.click();
		this.wait.until(ExpectedConditions.urlContains("outcome=OVERDUE"));
		assertThat(waitFor(By.id("task-count")).getText()).isEqualTo("1 task");
		assertThat(this.browser.findElement(By.id("tasks")).getText()).contains("Call Rita");
		assertAccessible();
		screenshots("reports-tasks-drill-down");
		this.browser.navigate().back();
		waitForChart("over-time-chart");

		// a table cell: the list shows exactly as many conversations as the cell says
		WebElement cell = this.browser.findElements(By.cssSelector("#over-time-table tbody td a")).stream()
			.filter((a) -> !a.getText().equals("0"))
			.findFirst()
			.orElseThrow();
		String count = cell.getText();
		scrollTo(cell);
		cell.click();
		this.wait.until(ExpectedConditions.urlContains("/conversations?"));
		assertThat(matchCount()).isEqualTo(count + (count.equals("1") ? " conversation" : " conversations"));

		// a bar of the chart: the same
		this.browser.navigate().back();
		WebElement chart = waitForChart("over-time-chart");
		@SuppressWarnings("unchecked")
		Map<String, Object> bar = (Map<String, Object>) ((JavascriptExecutor) this.browser).executeScript("""
				const chart = Chart.getChart(arguments[0]);
				for (let d = 0; d < chart.data.datasets.length; d++) {
				  const values = chart.data.datasets[d].data;
				  for (let i = values.length - 1; i >= 0; i--) {
				    if (values[i] > 0) {
				      const el = chart.getDatasetMeta(d).data[i];
				      const box = arguments[0].getBoundingClientRect();
				      return {x: el.x - box.width / 2, y: (el.y + el.base) / 2 - box.height / 2, value: values[i]};
				    }
				  }
				}
				return null;
				""", chart);
		assertThat(bar).isNotNull();
		scrollTo(chart);
		new Actions(this.browser).moveToElement(chart, ((Number) bar.get("x")).intValue(), ((Number) bar.get("y")).intValue())
			.click()
			.perform();
		this.wait.until(ExpectedConditions.urlContains("/conversations?"));
		long value = ((Number) bar.get("value")).longValue();
		assertThat(matchCount()).isEqualTo(value + (value == 1 ? " conversation" : " conversations"));
		screenshots("reports-drill-down");

		// the CSV of the chart: a row per day and purpose, adding up to the total
		this.browser.navigate().back();
		waitForChart("over-time-chart");
		String href = this.browser.findElement(By.cssSelector("a[href^='/reports/export/conversations-over-time']"))
			.getAttribute("href");
		String csv = (String) ((JavascriptExecutor) this.browser).executeAsyncScript(
				"fetch(arguments[0]).then(r => r.text()).then(arguments[1]);", href);
		List<String> lines = csv.lines().toList();
		// (the byte order mark that spreadsheets want is read away by fetch's text())
		assertThat(lines.get(0)).isEqualTo("bucket_from,bucket_to,group_by,group_key,group_label,conversations");
		assertThat(lines).hasSize(1 + 30 * 3);
		assertThat(lines.stream().skip(1).mapToLong((l) -> Long.parseLong(l.substring(l.lastIndexOf(',') + 1))).sum())
			.isEqualTo(12);
		String outcomes = (String) ((JavascriptExecutor) this.browser).executeAsyncScript(
				"fetch(arguments[0]).then(r => r.text()).then(arguments[1]);",
				this.browser.findElement(By.cssSelector("a[href^='/reports/export/outcomes']")).getAttribute("href"));
		assertThat(outcomes.lines().reduce((a, b) -> b).orElseThrow()).startsWith("PURPOSE,,All,12,6,6,");
		String recontacts = (String) ((JavascriptExecutor) this.browser).executeAsyncScript(
				"fetch(arguments[0]).then(r => r.text()).then(arguments[1]);",
				this.browser.findElement(By.cssSelector("a[href^='/reports/export/recontacts']")).getAttribute("href"));
		assertThat(recontacts.lines().reduce((a, b) -> b).orElseThrow()).isEqualTo("PURPOSE,,All,6,1,16.7,7");

		// by owner, per week, as an agent: their own row and the rest of the team
		this.browser.manage().deleteAllCookies();
		signIn(agent.email);
		open("/reports?groupBy=OWNER&bucket=WEEK");
		waitForChart("over-time-chart");
		assertThat(this.browser.findElement(By.id("group-totals")).getText()).contains("Andy Agent", "Rest of the team");
		assertAccessible();
		screenshots("reports-agent-by-owner");
		assertFitsPhone();
	}

	@Test
	void chatsAndLoggingCoverageDrillDownToTheChatHistoryAndDownloadAsCsv() {
		TestWorkspace workspace = newWorkspace();
		Api admin = workspace.admin();
		Api agent = agent(workspace);
		String purpose = admin.get("/purposes").json().findValuesAsString("id").get(0);
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		// two chats the agent answers and closes, one with a conversation logged in the same step; one nobody took
		var rita = Inbound.deliver(admin, Inbound.phone(), "Rita Reis", "Hello", now.minusMinutes(40));
		var bruno = Inbound.deliver(admin, Inbound.phone(), "Bruno Bento", "Hi", now.minusMinutes(3));
		Inbound.deliver(admin, Inbound.phone(), "Carla Costa", "Anyone there?", now.minusMinutes(1));
		for (var chat : List.of(rita, bruno)) {
			assertThat(agent.post("/chats/" + chat.chatId() + "/assign", Map.of("assigneeId", agent.memberId)).status())
				.isEqualTo(200);
			assertThat(agent.post("/chats/" + chat.chatId() + "/messages", Map.of("type", "TEXT", "body", "Hello!"))
				.status()).isEqualTo(201);
		}
		assertThat(agent.post("/chats/" + rita.chatId() + "/close", Map.of("conversation",
				Map.of("subject", "Order question", "purposeId", purpose))).status()).isEqualTo(200);
		assertThat(agent.post("/chats/" + bruno.chatId() + "/close").status()).isEqualTo(200);

		signIn(workspace.adminEmail());
		open("/reports");
		waitForChart("chats-chart");
		waitForChart("first-response-chart");
		waitForChart("coverage-chart");
		assertThat(this.browser.findElement(By.id("chats-summary")).getText())
			.startsWith("Chats were opened 3 times and closed 2 times; 3 messages came in and 2 went out.");
		assertThat(this.browser.findElement(By.id("coverage-summary")).getText())
			.startsWith("Of 2 closed chats, 1 (50%) had a conversation logged since they were opened.");
		assertThat(this.browser.findElement(By.id("chats-agents")).getText()).contains("Andy Agent", "Unassigned");
		assertAccessible();
		screenshots("reports-chats", By.id("chats-title"));
		screenshots("reports-first-response", By.id("first-response-title"));
		screenshots("reports-coverage", By.id("coverage-title"));
		assertFitsPhone();

		// the closes without a conversation logged: the chat history lists exactly that one
		WebElement unlogged = this.browser.findElement(
				By.cssSelector("#coverage-table tbody tr:last-child td:nth-of-type(3) a"));
		assertThat(unlogged.getText()).isEqualTo("1");
		scrollTo(unlogged);
		unlogged.click();
		this.wait.until(ExpectedConditions.urlContains("conversationLogged=false"));
		assertThat(waitFor(By.id("episode-count")).getText()).startsWith("1 time a chat was open");
		assertThat(this.browser.findElement(By.id("episode-table")).getText()).contains("Bruno Bento")
			.doesNotContain("Rita Reis");
		assertAccessible();
		screenshots("chat-history");
		assertFitsPhone();

		// a bar of the chart: the times chats were opened that day, as many as the list counts
		this.browser.navigate().back();
		WebElement chart = waitForChart("chats-chart");
		@SuppressWarnings("unchecked")
		Map<String, Object> bar = (Map<String, Object>) ((JavascriptExecutor) this.browser).executeScript("""
				const chart = Chart.getChart(arguments[0]);
				const values = chart.data.datasets[0].data;
				for (let i = values.length - 1; i >= 0; i--) {
				  if (values[i] > 0) {
				    const el = chart.getDatasetMeta(0).data[i];
				    const box = arguments[0].getBoundingClientRect();
				    return {x: el.x - box.width / 2, y: (el.y + el.base) / 2 - box.height / 2, value: values[i]};
				  }
				}
				return null;
				""", chart);
		assertThat(bar).isNotNull();
		scrollTo(chart);
		new Actions(this.browser).moveToElement(chart, ((Number) bar.get("x")).intValue(), ((Number) bar.get("y")).intValue())
			.click()
			.perform();
		this.wait.until(ExpectedConditions.urlContains("/chats/history?"));
		long value = ((Number) bar.get("value")).longValue();
		assertThat(waitFor(By.id("episode-count")).getText())
			.startsWith(value + (value == 1 ? " time a chat was open" : " times chats were open"));

		// the CSVs: a row per day, per agent and one for all
		this.browser.navigate().back();
		waitForChart("chats-chart");
		String csv = (String) ((JavascriptExecutor) this.browser).executeAsyncScript(
				"fetch(arguments[0]).then(r => r.text()).then(arguments[1]);",
				this.browser.findElement(By.cssSelector("a[href^='/reports/export/chats']")).getAttribute("href"));
		List<String> lines = csv.lines().toList();
		assertThat(lines.get(0)).isEqualTo(String.join(",", ChatReportCsv.CHATS_HEADER));
		assertThat(lines.stream().filter((l) -> l.startsWith("BUCKET,"))).hasSize(30);
		assertThat(lines.get(lines.size() - 1)).contains(",All,3,2,3,2,2,");
		String coverage = (String) ((JavascriptExecutor) this.browser).executeAsyncScript(
				"fetch(arguments[0]).then(r => r.text()).then(arguments[1]);",
				this.browser.findElement(By.cssSelector("a[href^='/reports/export/logging-coverage']")).getAttribute("href"));
		assertThat(coverage.lines().reduce((a, b) -> b).orElseThrow()).isEqualTo("AGENT,,All,2,1,50.0");
	}

	private WebElement waitForChart(String id) {
		this.wait.until((d) -> {
			String ready = d.findElement(By.id(id)).getAttribute("data-ready");
			assertThat(ready).as(id).isNotEqualTo("failed");
			return "true".equals(ready);
		});
		return this.browser.findElement(By.id(id));
	}

	private String matchCount() {
		return waitFor(By.id("match-count")).getText();
	}

	private void scrollTo(By locator) {
		scrollTo(this.browser.findElement(locator));
	}

	private void scrollTo(WebElement element) {
		((JavascriptExecutor) this.browser).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
	}

	private void assertFitsPhone() {
		long[] widths = widthsAtPhone();
		assertThat(widths[0]).as("page width at a 390 px phone").isLessThanOrEqualTo(widths[1]);
	}

}
