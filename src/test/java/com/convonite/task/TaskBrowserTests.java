package com.convonite.task;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.convonite.support.Api;
import com.convonite.support.BrowserTest;
import com.convonite.support.Inbound;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class TaskBrowserTests extends BrowserTest {

	private static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);

	@Autowired
	FollowUpTasks followUpTasks;

	@Test
	void aFollowUpTaskMadeOnSaveAppearsInTheAssigneesTasksAndCompletingItSticks() {
		var workspace = newWorkspace();
		Api agent = agent(workspace);
		var chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Marta Lopes", "Can you call me back?", NOW);
		var logged = workspace.admin().post("/conversations", map("chatId", chat.chatId(), "subject", "Call-back request",
				"purposeId", purpose(workspace, "Enquiry"), "followUpTask",
				map("title", "Call Marta back", "assigneeId", agent.memberId, "dueAt", NOW.plusDays(2).toString())));
		assertThat(logged.status()).as(logged.toString()).isEqualTo(201);

		signIn(agent.email);
		open("/tasks");
		assertThat(this.browser.getTitle()).isEqualTo("My tasks · Convonite");
		assertThat(titles()).containsExactly("Call Marta back");
		WebElement row = this.browser.findElement(By.cssSelector(".task-row"));
		assertThat(row.getText()).contains("Marta Lopes", "Andy Agent", "Open");
		screenshots("tasks");
		assertAccessible();

		row.findElement(By.cssSelector("button.complete-task")).click();
		// completed in place: the row now offers Reopen
		waitFor(By.cssSelector(".task-row button.reopen-task"));
		assertThat(this.browser.findElement(By.cssSelector(".task-row .task-status")).getText()).isEqualTo("Done");
		assertThat(this.browser.getCurrentUrl()).endsWith("/tasks");

		this.browser.navigate().refresh();
		waitFor(By.id("no-tasks"));
		assertThat(titles()).isEmpty();
		open("/tasks?status=done");
		assertThat(titles()).containsExactly("Call Marta back");
		assertThat(this.browser.findElement(By.cssSelector("#status option[selected]")).getAttribute("value")).isEqualTo("done");

		// and reopened in place
		this.browser.findElement(By.cssSelector(".task-row button.reopen-task")).click();
		waitFor(By.cssSelector(".task-row button.complete-task"));
		open("/tasks");
		assertThat(titles()).containsExactly("Call Marta back");
	}

	/** A task given to me while my task list is open joins it without a reload (review: only the bell moved). */
	@Test
	void aTaskGivenToMeAppearsInMyOpenTaskListLive() {
		var workspace = newWorkspace();
		Api agent = agent(workspace);
		signIn(agent.email);
		open("/tasks");
		waitFor(By.id("no-tasks"));
		waitForEventStream();
		((JavascriptExecutor) this.browser).executeScript("window.__notReloaded = true;");
		this.followUpTasks.create(workspace.adminMember(), new NewFollowUpTask(null, null, null, "Send the invoice again",
				Long.parseLong(agent.memberId), null, null));
		waitForText(By.id("tasks"), "Send the invoice again");
		assertThat(((JavascriptExecutor) this.browser).executeScript("return window.__notReloaded;")).isEqualTo(true);
		// The row's own buttons still work in place.
		this.browser.findElement(By.cssSelector(".task-row button.complete-task")).click();
		waitFor(By.cssSelector(".task-row button.reopen-task"));
	}

	@Test
	void completeWorksWithoutHtmxToo() {
		var workspace = newWorkspace();
		task(workspace, "Plain form task", workspace.adminMember().memberId(), NOW.plusDays(1));
		signIn(workspace.adminEmail());
		open("/tasks");
		// a plain form submission (no submit event, so htmx stays out of it): the page comes back
		((JavascriptExecutor) this.browser).executeScript("document.querySelector('button.complete-task').form.submit();");
		waitFor(By.id("no-tasks"));
		assertThat(this.followUpTasks.list(workspace.adminMember(),
				new TaskFilter(workspace.adminMember().memberId(), TaskStatus.DONE, null, null),
				com.convonite.shared.PageRequest.first(10)).items()).extracting(FollowUpTaskView::title)
			.containsExactly("Plain form task");
	}

	@Test
	void overdueTasksAreMarkedAndSoonestDueComesFirst() {
		var workspace = newWorkspace();
		long admin = workspace.adminMember().memberId();
		task(workspace, "Due next week", admin, NOW.plusDays(7));
		task(workspace, "Late already", admin, NOW.minusDays(1));
		task(workspace, "No due date", admin, null);
		task(workspace, "Due tomorrow", admin, NOW.plusDays(1));
		signIn(workspace.adminEmail());
		open("/tasks");
		assertThat(titles()).containsExactly("Late already", "Due tomorrow", "Due next week", "No due date");
		List<WebElement> rows = this.browser.findElements(By.cssSelector(".task-row"));
		assertThat(rows.get(0).findElement(By.cssSelector(".overdue-badge")).getText()).isEqualTo("Overdue");
		assertThat(rows.get(0).getAttribute("class")).contains("task-overdue");
		assertThat(rows.get(1).findElements(By.cssSelector(".overdue-badge"))).isEmpty();

		// the due range filters by days in the workspace's zone
		open("/tasks?dueFrom=" + NOW.toLocalDate() + "&dueTo=" + NOW.plusDays(2).toLocalDate());
		assertThat(titles()).containsExactly("Due tomorrow");
		assertThat(this.browser.findElement(By.id("dueTo")).getAttribute("value")).isNotEmpty();
	}

	@Test
	void adminsSwitchBetweenTheirOwnAndAllTasksAgentsSeeOnlyTheirs() {
		var workspace = newWorkspace();
		Api agent = agent(workspace);
		task(workspace, "Admin's task", workspace.adminMember().memberId(), NOW.plusDays(1));
		task(workspace, "Agent's task", Long.parseLong(agent.memberId), NOW.plusDays(2));
		signIn(workspace.adminEmail());
		open("/tasks");
		assertThat(titles()).containsExactly("Admin's task");
		this.browser.findElement(By.linkText("All tasks")).click();
		waitForText(By.tagName("h1"), "All tasks");
		assertThat(titles()).containsExactly("Admin's task", "Agent's task");
		open("/tasks?assignee=" + agent.memberId);
		assertThat(titles()).containsExactly("Agent's task");
		assertAccessible();

		var agentBrowser = newBrowser();
		signIn(agentBrowser, agent.email);
		agentBrowser.get(url("/tasks?assignee=all"));
		assertThat(agentBrowser.findElements(By.cssSelector(".task-title")).stream().map(WebElement::getText).toList())
			.containsExactly("Agent's task");
		assertThat(agentBrowser.findElements(By.linkText("All tasks"))).isEmpty();
	}

	@Test
	void editChangesTitleAssigneeAndDueAndAStaleEditIsExplained() {
		var workspace = newWorkspace();
		Api agent = agent(workspace);
		var task = task(workspace, "Send brochure", workspace.adminMember().memberId(), NOW.plusDays(1));
		signIn(workspace.adminEmail());
		open("/tasks");
		this.browser.findElement(By.linkText("Send brochure")).click();
		WebElement title = waitFor(By.id("title"));
		title.clear();
		title.sendKeys("Send the new brochure");
		new org.openqa.selenium.support.ui.Select(this.browser.findElement(By.id("assigneeId")))
			.selectByVisibleText("Andy Agent");
		this.browser.findElement(By.id("notes")).sendKeys("The 2026 edition");
		screenshots("task-edit");
		assertAccessible();
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		waitForText(By.cssSelector(".alert-success"), "Task saved");
		var saved = this.followUpTasks.get(workspace.id(), Long.parseLong(task.id()));
		assertThat(saved.title()).isEqualTo("Send the new brochure");
		assertThat(saved.assigneeId()).isEqualTo(agent.memberId);
		assertThat(saved.notes()).isEqualTo("The 2026 edition");
		assertThat(saved.dueAt()).isEqualTo(NOW.plusDays(1));

		open("/tasks/" + task.id() + "/edit");
		var patched = workspace.admin().patch("/tasks/" + task.id(), map("version", saved.version(), "notes", "elsewhere"));
		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		title = waitFor(By.id("title"));
		title.clear();
		title.sendKeys("Mine wins after a look");
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		assertThat(waitFor(By.id("stale-alert")).getText()).contains("changed this task");
		assertThat(this.browser.findElement(By.id("title")).getAttribute("value")).isEqualTo("Mine wins after a look");

		title = this.browser.findElement(By.id("title"));
		title.clear();
		this.browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		assertThat(waitFor(By.id("title-error")).getText()).contains("required");
	}

	@Test
	void theContactAndConversationPanelsListTheirTasks() {
		var workspace = newWorkspace();
		var chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Nuno Pires", "Hi", NOW);
		var logged = workspace.admin().post("/conversations", map("chatId", chat.chatId(), "subject", "Quote",
				"purposeId", purpose(workspace, "Enquiry"), "followUpTask", map("title", "Send the quote")));
		assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
		signIn(workspace.adminEmail());
		open("/contacts/" + chat.contactId());
		waitForText(By.id("contact-tasks"), "Send the quote");
		open("/conversations/" + logged.id() + "/tasks-panel");
		assertThat(this.browser.findElement(By.tagName("body")).getText()).contains("Send the quote", "Ada Admin");
	}

	@Test
	void titlesThatLookLikeMarkupShowAsTextAndRunNothing() {
		var workspace = newWorkspace();
		long admin = workspace.adminMember().memberId();
		task(workspace, "<script>window.__pwned=true</script>", admin, NOW.plusDays(1));
		task(workspace, "<img src=x onerror=\"window.__pwned=true\">", admin, NOW.plusDays(2));
		signIn(workspace.adminEmail());
		open("/tasks");
		assertThat(titles()).containsExactly("<script>window.__pwned=true</script>",
				"<img src=x onerror=\"window.__pwned=true\">");
		this.browser.findElement(By.cssSelector(".task-row button.complete-task")).click();
		waitFor(By.cssSelector(".task-row button.reopen-task"));
		assertNoInjectedScriptRan();
		assertThat(((JavascriptExecutor) this.browser).executeScript("return document.querySelectorAll('main img').length"))
			.isEqualTo(0L);
	}

	@SuppressWarnings("unchecked")
	private List<String> titles() {
		return (List<String>) ((JavascriptExecutor) this.browser)
			.executeScript("return Array.from(document.querySelectorAll('.task-row .task-title')).map(a => a.textContent);");
	}

	private FollowUpTaskView task(TestWorkspace workspace, String title, long assigneeId, OffsetDateTime dueAt) {
		return this.followUpTasks.create(workspace.adminMember(),
				new NewFollowUpTask(null, null, null, title, assigneeId, dueAt, null));
	}

	private static String purpose(TestWorkspace workspace, String name) {
		for (var purpose : workspace.admin().get("/purposes").json()) {
			if (purpose.path("name").asString().equals(name)) {
				return purpose.path("id").asString();
			}
		}
		throw new IllegalStateException("no purpose " + name);
	}

}
