package com.convonite.conversation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

import com.convonite.support.Api;
import com.convonite.support.BrowserTest;
import com.convonite.support.Inbound;
import com.convonite.support.Inbound.Delivered;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The conversation pages in Chromium: logging from the thread, the tab, search, export, conflicts, safety. */
class ConversationBrowserTests extends BrowserTest {

	static final String SCRIPT = "<script>window.__pwned=true</script>";

	static final String IMAGE = "<img src=x onerror=\"window.__pwned=true\">";

	TestWorkspace workspace;

	Api admin;

	String phone;

	Delivered first;

	Delivered middle;

	Delivered last;

	@BeforeEach
	void chatWithThreeMessages() {
		this.workspace = newWorkspace();
		this.admin = this.workspace.admin();
		this.phone = Inbound.phone();
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
		this.first = Inbound.deliver(this.admin, this.phone, "Rita Ruiz", "Hello, what does plan A cost?", now.minusHours(3));
		this.middle = Inbound.deliver(this.admin, this.phone, "Rita Ruiz", "And is there a discount?", now.minusHours(2));
		this.last = Inbound.deliver(this.admin, this.phone, "Rita Ruiz", "Thanks, I will decide by Friday", now.minusHours(1));
		assertThat(this.last.chatId()).isEqualTo(this.first.chatId());
	}

	private String purposeId(String name) {
		for (var purpose : this.admin.get("/purposes").json()) {
			if (purpose.path("name").asString().equals(name)) {
				return purpose.path("id").asString();
			}
		}
		throw new AssertionError("no purpose " + name);
	}

	private String logByApi(String subject, String summary, String purpose) {
		var logged = this.admin.post("/conversations", body("chatId", this.first.chatId(), "subject", subject, "summary",
				summary, "purposeId", purposeId(purpose)));
		assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
		return logged.id();
	}

	private void clickBubble(String messageId) {
		click(this.browser, this.browser.findElement(By.cssSelector("[data-message-id='" + messageId + "'] [data-message-bubble]")));
	}

	private WebElement bubble(String messageId) {
		return this.browser.findElement(By.cssSelector("[data-message-id='" + messageId + "'] [data-message-bubble]"));
	}

	private void type(By field, String text) {
		WebElement element = this.browser.findElement(field);
		element.clear();
		element.sendKeys(text);
	}

	private void submit() {
		click(this.browser, this.browser.findElement(By.cssSelector("main form[method=post] button[type=submit].btn-primary")));
	}

	/**
	 * Submits the close-chat dialog and waits for its answer to replace it (htmx swaps the whole dialog): what
	 * the answer shows is then looked for in the answer, not found at once in the dialog it replaces.
	 */
	private void submitDialog() {
		WebElement shown = this.browser.findElement(By.id("close-chat-dialog"));
		submit();
		this.wait.until(ExpectedConditions.stalenessOf(shown));
	}

	/** Clicks after scrolling the element to the middle of the window, clear of its bottom edge. */
	private static void click(WebDriver driver, WebElement element) {
		((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});",
				element);
		element.click();
	}

	private String pageText(String path) {
		open(path);
		return this.browser.findElement(By.tagName("body")).getText();
	}

	@Test
	void pickingFirstAndLastMessageLogsAConversationThatShowsUnderChatContactAndTab() {
		signIn(this.workspace.adminEmail());
		open("/chats/" + this.first.chatId() + "/conversations/new");
		assertThat(this.browser.getTitle()).isEqualTo("Log a conversation · Convonite");
		screenshots("conversation-log-form");
		assertAccessible();

		clickBubble(this.first.messageId());
		clickBubble(this.last.messageId());
		assertThat(this.browser.findElement(By.id("first-" + this.first.messageId())).isSelected()).isTrue();
		assertThat(this.browser.findElement(By.id("last-" + this.last.messageId())).isSelected()).isTrue();
		String firstTime = this.browser.findElement(By.cssSelector("[data-message-id='" + this.first.messageId() + "']"))
			.getAttribute("data-sent-at");
		String lastTime = this.browser.findElement(By.cssSelector("[data-message-id='" + this.last.messageId() + "']"))
			.getAttribute("data-sent-at");
		assertThat(this.browser.findElement(By.id("startTime")).getAttribute("value")).isEqualTo(firstTime).isNotBlank();
		assertThat(this.browser.findElement(By.id("endTime")).getAttribute("value")).isEqualTo(lastTime).isNotBlank();
		assertThat(bubble(this.first.messageId()).getAttribute("class")).contains("selected-first");

		// The keyboard way: the radios.
		click(this.browser, this.browser.findElement(By.cssSelector("label[for='last-" + this.middle.messageId() + "']")));
		assertThat(this.browser.findElement(By.id("endTime")).getAttribute("value"))
			.isEqualTo(this.browser.findElement(By.cssSelector("[data-message-id='" + this.middle.messageId() + "']"))
				.getAttribute("data-sent-at"));
		clickBubble(this.first.messageId());
		clickBubble(this.last.messageId());

		type(By.id("subject"), "Plan A pricing");
		type(By.id("summary"), "Asked for the price of plan A; will decide by Friday.");
		new Select(this.browser.findElement(By.id("purposeId"))).selectByVisibleText("Enquiry");
		click(this.browser, this.browser.findElement(By.id("addFollowUp")));
		assertThat(this.browser.findElement(By.id("followUpTask.title")).getAttribute("placeholder"))
			.isEqualTo("Follow up: Plan A pricing");
		submit();
		// Back to the chat it was logged from, with a toast saying so.
		this.wait.until(ExpectedConditions.urlMatches("/chats/" + this.first.chatId() + "$"));
		assertThat(waitFor(By.cssSelector("#toasts [data-toast]")).getText()).contains("Plan A pricing").contains("logged");
		String conversationId = this.admin.get("/conversations?chatId=" + this.first.chatId()).json().path("items")
			.get(0).path("id").asString();
		open("/conversations/" + conversationId);

		assertThat(waitFor(By.cssSelector("h1[data-field=subject]")).getText()).isEqualTo("Plan A pricing");
		assertThat(this.browser.findElement(By.cssSelector("[data-field=firstMessage]")).getText())
			.contains("what does plan A cost");
		assertThat(this.browser.findElement(By.cssSelector("[data-field=lastMessage]")).getText()).contains("decide by Friday");
		assertThat(this.browser.findElement(By.cssSelector("a[data-field=contact]")).getText()).isEqualTo("Rita Ruiz");
		assertThat(this.browser.findElement(By.id("history")).getText()).contains("Ada Admin").contains("logged it");
		screenshots("conversation-page");
		assertAccessible();

		var saved = this.admin.get("/conversations/" + conversationId).json();
		assertThat(saved.path("firstMessageId").asString()).isEqualTo(this.first.messageId());
		assertThat(saved.path("lastMessageId").asString()).isEqualTo(this.last.messageId());
		assertThat(saved.path("startTime").asString()).isNotBlank();
		var tasks = this.admin.get("/tasks?assignee=me").json().path("items");
		assertThat(tasks.get(0).path("title").asString()).isEqualTo("Follow up: Plan A pricing");

		assertThat(pageText("/chats/" + this.first.chatId() + "/conversations-panel")).contains("Plan A pricing");
		assertThat(this.browser.findElement(By.linkText("+ New")).getAttribute("href"))
			.endsWith("/chats/" + this.first.chatId() + "/conversations/new");
		assertThat(pageText("/contacts/" + this.first.contactId() + "/conversations-panel")).contains("Plan A pricing");
		open("/conversations");
		assertThat(waitFor(By.id("conversation-rows")).getText()).contains("Plan A pricing").contains("Rita Ruiz");
		assertThat(this.browser.findElement(By.id("match-count")).getText()).isEqualTo("1 conversation");
		screenshots("conversations-tab");
		assertAccessible();
	}

	@Test
	void whenTheClosureRequirementRefusesTheDialogLogsAndClosesInOneStep() {
		int version = this.admin.get("/settings").json().path("version").asInt();
		assertThat(this.admin.patch("/settings", body("version", version, "requireConversationToCloseChat", true)).status())
			.isEqualTo(200);
		assertThat(this.admin.post("/chats/" + this.first.chatId() + "/assign",
				body("assigneeId", this.workspace.adminMember().memberId() + "")).status()).isEqualTo(200);
		signIn(this.workspace.adminEmail());
		open("/chats/" + this.first.chatId() + "/close");
		// The requirement applies and nothing was logged: the log form is there at once, closing, with the messages
		// not yet covered by a conversation picked, and the follow-up task section.
		assertThat(waitFor(By.id("closure-required")).getText()).contains("requires a conversation");
		assertThat(new Select(this.browser.findElement(By.id("status"))).getFirstSelectedOption().getAttribute("value"))
			.isEqualTo("CLOSED");
		assertThat(this.browser.findElement(By.id("first-" + this.first.messageId())).isSelected()).isTrue();
		assertThat(this.browser.findElement(By.id("last-" + this.last.messageId())).isSelected()).isTrue();
		assertThat(this.browser.findElement(By.id("addFollowUp")).isDisplayed()).isTrue();
		assertAccessible();
		submitDialog();
		assertThat(waitFor(By.id("closure-required")).getText()).contains("requires a conversation");
		assertThat(this.admin.get("/chats/" + this.first.chatId()).text("status")).isEqualTo("OPEN");
		screenshots("close-chat-required");
		assertAccessible();

		// Nothing chosen yet: the dialog keeps the fields and says what is missing.
		type(By.id("summary"), "Only said hello");
		submitDialog();
		waitFor(By.id("subject-error"));
		assertThat(this.browser.findElement(By.id("summary")).getAttribute("value")).isEqualTo("Only said hello");

		type(By.id("subject"), "Greeting only");
		new Select(this.browser.findElement(By.id("purposeId"))).selectByVisibleText("Feedback");
		submit();
		// Closed: the inbox goes on with the next chat of the list (here none is left, so the list itself).
		this.wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/close")));
		assertThat(this.browser.getCurrentUrl()).contains("/chats");
		assertThat(this.admin.get("/chats/" + this.first.chatId()).text("status")).isEqualTo("CLOSED");
		var logged = this.admin.get("/conversations?chatId=" + this.first.chatId()).json();
		assertThat(logged.path("total").asInt()).isEqualTo(1);
		assertThat(logged.path("items").get(0).path("subject").asString()).isEqualTo("Greeting only");
		assertThat(logged.path("items").get(0).path("summary").asString()).isEqualTo("Only said hello");
	}

	@Test
	void anArchivedPurposeLeavesTheFormButStaysOnOlderConversations() {
		String conversationId = logByApi("Praise for the staff", "Very happy", "Feedback");
		String feedback = purposeId("Feedback");
		int version = this.admin.get("/purposes/" + feedback).json().path("version").asInt();
		assertThat(this.admin.patch("/purposes/" + feedback, body("version", version, "archived", true)).status()).isEqualTo(200);

		signIn(this.workspace.adminEmail());
		open("/chats/" + this.first.chatId() + "/conversations/new");
		List<String> options = new Select(this.browser.findElement(By.id("purposeId"))).getOptions()
			.stream()
			.map(WebElement::getText)
			.toList();
		assertThat(options).contains("Enquiry", "Issue").noneMatch((o) -> o.contains("Feedback"));

		open("/conversations/" + conversationId);
		assertThat(waitFor(By.cssSelector("[data-field=purpose]")).getText()).contains("Feedback").contains("archived");
		open("/conversations/" + conversationId + "/edit");
		assertThat(new Select(this.browser.findElement(By.id("purposeId"))).getFirstSelectedOption().getText())
			.isEqualTo("Feedback (archived)");
		type(By.id("summary"), "Very happy indeed");
		submit();
		this.wait.until(ExpectedConditions.urlMatches("/conversations/\\d+$"));
		assertThat(waitFor(By.cssSelector("[data-field=summary]")).getText()).isEqualTo("Very happy indeed");
		assertThat(this.browser.findElement(By.id("history")).getText()).contains("Very happy → Very happy indeed");
	}

	@Test
	void aWordFromASummaryFindsTheConversationMarkedAndTheExportHoldsExactlyTheFilteredRows() throws Exception {
		String flavours = logByApi("Flavours", "Customer loved the Gelée de citron", "Feedback");
		String late = logByApi("Late delivery", "Parcel arrived two days late", "Issue");
		String hours = logByApi("Opening hours", "Asked when the shop opens", "Enquiry");
		signIn(this.workspace.adminEmail());
		open("/conversations");
		assertThat(waitFor(By.id("match-count")).getText()).isEqualTo("3 conversations");
		WebElement search = this.browser.findElement(By.id("q"));
		search.sendKeys("gelee");
		search.submit();
		waitForText(By.id("match-count"), "1 conversation");
		this.wait.until(ExpectedConditions.urlContains("q=gelee"));
		WebElement rows = this.browser.findElement(By.id("conversation-rows"));
		assertThat(rows.getText()).contains("Flavours").doesNotContain("Late delivery").doesNotContain("Opening hours");
		assertThat(rows.findElements(By.tagName("mark")).stream().map(WebElement::getText).toList()).containsExactly("Gelée");
		assertAccessible();

		String href = this.browser.findElement(By.id("export")).getAttribute("href");
		assertThat(href).contains("/conversations/export").contains("q=gelee");
		// The web app's download is the spreadsheet shape (ConversationExportIntegrationTests): a header row in
		// words, then exactly the conversations the filter shows.
		List<CSVRecord> records = spreadsheet(fetchWithSession(href));
		List<String> header = records.get(0).toList();
		assertThat(header).startsWith("ID", "Subject", "Summary", "Status", "Purpose");
		assertThat(records).hasSize(2);
		CSVRecord row = records.get(1);
		assertThat(row.get(header.indexOf("ID"))).isEqualTo(flavours);
		assertThat(row.get(header.indexOf("Subject"))).isEqualTo("Flavours");
		assertThat(row.get(header.indexOf("Summary"))).isEqualTo("Customer loved the Gelée de citron");
		assertThat(row.get(header.indexOf("Purpose"))).isEqualTo("Feedback");

		// A bookmarked filter: status and purpose in the URL.
		open("/conversations?purposeId=" + purposeId("Issue") + "&purposeId=" + purposeId("Enquiry") + "&sort=startTime");
		assertThat(waitFor(By.id("match-count")).getText()).isEqualTo("2 conversations");
		assertThat(this.browser.findElement(By.id("purpose-" + purposeId("Issue"))).isSelected()).isTrue();
		List<CSVRecord> filtered = spreadsheet(fetchWithSession(this.browser.findElement(By.id("export")).getAttribute("href")));
		assertThat(filtered.subList(1, filtered.size()).stream().map((r) -> r.get(0)))
			.containsExactlyInAnyOrder(late, hours);
	}

	/** Ready-made start ranges fill the start-time fields, the list follows, and so does the export. */
	@Test
	void aReadyMadeRangeFiltersTheListAndItsExport() {
		logByApi("Opening hours", null, "Enquiry");
		var old = this.admin.post("/conversations", body("chatId", this.first.chatId(), "subject", "Last month's question",
				"purposeId", purposeId("Enquiry"), "startTime", java.time.OffsetDateTime.now().minusDays(10).toString()));
		assertThat(old.status()).as(old.toString()).isEqualTo(201);
		signIn(this.workspace.adminEmail());
		open("/conversations");
		assertThat(waitFor(By.id("match-count")).getText()).isEqualTo("2 conversations");
		click(this.browser, this.browser.findElement(By.xpath("//div[@id='start-ranges']/button[normalize-space()='Last 7 days']")));
		waitForText(By.id("match-count"), "1 conversation");
		assertThat(this.browser.findElement(By.id("startFrom")).getAttribute("value")).isNotEmpty();
		assertThat(this.browser.findElement(By.id("conversation-rows")).getText()).contains("Opening hours")
			.doesNotContain("Last month's question");
		this.wait.until((d) -> d.findElement(By.id("export")).getAttribute("href").contains("startFrom="));
		click(this.browser, this.browser.findElement(By.xpath("//div[@id='start-ranges']/button[normalize-space()='Last 30 days']")));
		waitForText(By.id("match-count"), "2 conversations");
		assertAccessible();
	}

	/** The records of a spreadsheet download, after its UTF-8 byte order mark. */
	private static List<CSVRecord> spreadsheet(String csv) throws java.io.IOException {
		assertThat(csv).startsWith("\uFEFF");
		return CSVFormat.RFC4180.parse(new java.io.StringReader(csv.substring(1))).getRecords();
	}

	@Test
	void loadMoreFollowsTheCursor() {
		for (int i = 1; i <= 27; i++) {
			logByApi("Topic " + i, null, "Enquiry");
		}
		signIn(this.workspace.adminEmail());
		open("/conversations?sort=createdAt");
		assertThat(waitFor(By.id("match-count")).getText()).isEqualTo("27 conversations");
		assertThat(this.browser.findElements(By.cssSelector("[data-conversation-id]"))).hasSize(25);
		click(this.browser, this.browser.findElement(By.linkText("Load more")));
		this.wait.until((d) -> d.findElements(By.cssSelector("[data-conversation-id]")).size() == 27);
		assertThat(this.browser.findElement(By.id("conversation-rows")).getText()).contains("Topic 27");
		assertThat(this.browser.findElements(By.linkText("Load more"))).isEmpty();
	}

	private String fetchWithSession(String href) throws Exception {
		String cookies = this.browser.manage()
			.getCookies()
			.stream()
			.map((c) -> c.getName() + "=" + c.getValue())
			.collect(Collectors.joining("; "));
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(href)).header("Cookie", cookies).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
		return response.body();
	}

	@Test
	void theSecondOfTwoEditorsSeesTheConflictAndKeepsWhatTheyTyped() {
		String conversationId = logByApi("Refund request", "Wants a refund", "Issue");
		signIn(this.workspace.adminEmail());
		open("/conversations/" + conversationId + "/edit");
		WebDriver other = newBrowser();
		signIn(other, this.workspace.adminEmail());
		other.get(url("/conversations/" + conversationId + "/edit"));
		WebElement otherSubject = other.findElement(By.id("subject"));
		otherSubject.clear();
		otherSubject.sendKeys("Refund approved");
		click(other, other.findElement(By.cssSelector("main form[method=post] button[type=submit].btn-primary")));
		new WebDriverWait(other, java.time.Duration.ofSeconds(10)).until(ExpectedConditions.urlMatches("/conversations/\\d+$"));

		type(By.id("subject"), "Refund refused");
		type(By.id("summary"), "Outside the 30 days; offered a voucher");
		submit();
		WebElement conflict = waitFor(By.id("conflict"));
		assertThat(conflict.getText()).contains("Changed by someone else");
		assertThat(conflict.findElement(By.cssSelector("[data-theirs=subject]")).getText()).isEqualTo("Refund approved");
		assertThat(this.browser.findElement(By.id("subject")).getAttribute("value")).isEqualTo("Refund refused");
		assertThat(this.browser.findElement(By.id("summary")).getAttribute("value"))
			.isEqualTo("Outside the 30 days; offered a voucher");
		assertThat(conflict.findElement(By.linkText("reload their version")).getAttribute("href"))
			.endsWith("/conversations/" + conversationId + "/edit");
		assertAccessible();

		submit();
		this.wait.until(ExpectedConditions.urlMatches("/conversations/\\d+$"));
		assertThat(waitFor(By.cssSelector("h1[data-field=subject]")).getText()).isEqualTo("Refund refused");
		assertThat(this.admin.get("/conversations/" + conversationId).text("summary"))
			.isEqualTo("Outside the 30 days; offered a voucher");
	}

	@Test
	void scriptsInSubjectAndSummaryShowAsTextEverywhereAndRunNothing() {
		Inbound.deliver(this.admin, this.phone, "Rita Ruiz", IMAGE + " message", OffsetDateTime.now(ZoneOffset.UTC));
		String conversationId = logByApi(SCRIPT + " script", IMAGE + " script", "Issue");
		signIn(this.workspace.adminEmail());

		open("/conversations/" + conversationId);
		assertThat(waitFor(By.cssSelector("h1[data-field=subject]")).getText()).isEqualTo(SCRIPT + " script");
		assertThat(this.browser.findElement(By.cssSelector("[data-field=summary]")).getText()).isEqualTo(IMAGE + " script");
		assertThat(this.browser.getTitle()).startsWith(SCRIPT);
		assertNoInjectedScriptRan();

		open("/conversations/" + conversationId + "/edit");
		assertThat(this.browser.findElement(By.id("subject")).getAttribute("value")).isEqualTo(SCRIPT + " script");
		assertThat(this.browser.findElement(By.id("summary")).getAttribute("value")).isEqualTo(IMAGE + " script");
		assertThat(this.browser.findElement(By.tagName("main"))
			.getText()).contains(IMAGE + " message");
		assertNoInjectedScriptRan();

		open("/conversations?q=script");
		WebElement rows = waitFor(By.id("conversation-rows"));
		assertThat(rows.findElement(By.cssSelector("[data-field=subject]")).getText()).isEqualTo(SCRIPT + " script");
		assertThat(rows.findElement(By.cssSelector("[data-field=summary]")).getText()).isEqualTo(IMAGE + " script");
		assertThat(rows.findElements(By.tagName("mark"))).isNotEmpty();
		assertThat(rows.findElements(By.tagName("img"))).isEmpty();
		assertNoInjectedScriptRan();

		assertThat(pageText("/chats/" + this.first.chatId() + "/conversations-panel")).contains(SCRIPT + " script");
		assertNoInjectedScriptRan();
		assertThat(pageText("/contacts/" + this.first.contactId() + "/conversations-panel")).contains(IMAGE + " script");
		assertNoInjectedScriptRan();
		open("/chats/" + this.first.chatId() + "/conversations/new");
		assertThat(this.browser.findElement(By.tagName("main")).getText()).contains(IMAGE + " message");
		assertNoInjectedScriptRan();
	}

	@Test
	void anEmptySubjectIsRefusedBesideTheFieldAndKeepsTheRest() {
		signIn(this.workspace.adminEmail());
		open("/chats/" + this.first.chatId() + "/conversations/new");
		type(By.id("summary"), "Typed summary stays");
		new Select(this.browser.findElement(By.id("purposeId"))).selectByVisibleText("Issue");
		new Select(this.browser.findElement(By.id("status"))).selectByVisibleText("Closed");
		clickBubble(this.middle.messageId());
		submit();
		assertThat(waitFor(By.id("subject-error")).getText()).contains("required");
		assertThat(this.browser.findElement(By.id("subject")).getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(this.browser.findElement(By.id("summary")).getAttribute("value")).isEqualTo("Typed summary stays");
		assertThat(new Select(this.browser.findElement(By.id("purposeId"))).getFirstSelectedOption().getText()).isEqualTo("Issue");
		assertThat(new Select(this.browser.findElement(By.id("status"))).getFirstSelectedOption().getText()).isEqualTo("Closed");
		assertThat(this.browser.findElement(By.id("first-" + this.middle.messageId())).isSelected()).isTrue();
		assertThat(this.browser.findElement(By.id("startTime")).getAttribute("value")).isNotBlank();
		assertAccessible();
	}

}
