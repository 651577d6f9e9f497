package com.convonite.assist;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import com.convonite.support.Api;
import com.convonite.support.BrowserTest;
import com.convonite.support.Inbound;
import com.convonite.support.Inbound.Delivered;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logging from a chat with the suggestions, in Chromium: the suggested purposes appear in the inbox's log form
 * (opened with the "n" shortcut) once the workspace's classifier has learned, one click takes one, the draft fills
 * the subject and summary from the picked messages, asks before replacing what the user wrote, says so when the
 * workspace's summary service fails and offers the built-in draft; then the conversation is saved as shown.
 */
class LogSuggestionsBrowserTests extends BrowserTest {

	@Test
	void acceptASuggestedPurposeAndADraftAndSaveTheConversation() throws Exception {
		TestWorkspace workspace = newWorkspace();
		Api admin = workspace.admin();
		Map<String, String> purposes = new LinkedHashMap<>();
		for (String name : AssistIntegrationTests.VOCABULARY.keySet()) {
			purposes.put(name, admin.post("/purposes", Map.of("name", name)).id());
		}
		Random random = new Random(18);
		for (int i = 0; i < 12; i++) {
			for (var purpose : purposes.entrySet()) {
				AssistIntegrationTests.logConversation(admin, purpose.getValue(), "Case " + i,
						AssistIntegrationTests.sentence(random, purpose.getKey()),
						AssistIntegrationTests.sentence(random, purpose.getKey()));
			}
		}
		String phone = Inbound.phone();
		OffsetDateTime now = OffsetDateTime.now();
		Inbound.deliver(admin, phone, "Rita Ruiz", "Unrelated: my delivery address changed to Elm Street 4.",
				now.minusMinutes(30));
		Delivered first = Inbound.deliver(admin, phone, "Rita Ruiz",
				"Hello, I was charged twice on my credit card for one order. Can I get a refund of the money?",
				now.minusMinutes(10));
		assertThat(admin.post("/chats/" + first.chatId() + "/assign", Map.of("assigneeId", admin.memberId)).status())
			.isEqualTo(200);
		String last = admin.post("/chats/" + first.chatId() + "/messages",
				Map.of("body", "I have refunded the second charge to your credit card; the bank statement shows it in 3 days.")).id();
		// the summary service the admins set is down: the form says so and offers the built-in draft
		try (ChatCompletionsMock down = new ChatCompletionsMock()) {
			assertThat(admin.send("PUT", "/settings/summary-provider", Map.of("enabled", true, "baseUrl",
					down.baseUrl(), "model", "llama3.2"), "application/json").status()).isEqualTo(200);
		}

		signIn(workspace.adminEmail());
		open("/chats/" + first.chatId());
		waitFor(By.id("new-conversation"));
		js("document.activeElement.blur();");
		new Actions(this.browser).sendKeys("n").perform();
		waitFor(By.cssSelector("#side-log #subject"));
		// learning first (the classifier of this workspace is trained when first asked), then the suggestions
		new WebDriverWait(this.browser, java.time.Duration.ofSeconds(60)).ignoring(
				org.openqa.selenium.StaleElementReferenceException.class)
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#side-log [data-suggested-purpose]")));
		assertThat(new org.openqa.selenium.support.ui.Select(this.browser.findElement(By.cssSelector("#side-log #purposeId")))
			.getFirstSelectedOption().getAttribute("value")).as("nothing chosen without the user").isEmpty();

		// pick the conversation's first and last message: the suggestions follow the picked messages
		click(By.cssSelector("#side-log [data-message-id='" + first.messageId() + "'] [data-message-bubble]"));
		click(By.cssSelector("#side-log [data-message-id='" + last + "'] [data-message-bubble]"));
		Thread.sleep(500); // the suggestions ask again 300 ms after the last pick
		this.wait.until((d) -> {
			var buttons = d.findElements(By.cssSelector("#side-log [data-suggested-purpose]"));
			return js("return document.querySelector('#side-log .htmx-request');") == null && !buttons.isEmpty()
					&& buttons.get(0).getText().startsWith("Refunds");
		});
		WebElement top = this.browser.findElement(By.cssSelector("#side-log [data-suggested-purpose]"));
		assertThat(top.getText()).matches("Refunds\\s+\\d+%\\s+likely");
		assertThat(top.getAttribute("aria-pressed")).isEqualTo("false");
		click(By.cssSelector("#side-log [data-suggested-purpose='" + purposes.get("Refunds") + "']"));
		assertThat(new org.openqa.selenium.support.ui.Select(this.browser.findElement(By.cssSelector("#side-log #purposeId")))
			.getFirstSelectedOption().getText()).isEqualTo("Refunds");
		this.wait.until((d) -> "true".equals(d.findElement(By.cssSelector("#side-log [data-suggested-purpose='"
				+ purposes.get("Refunds") + "']")).getAttribute("aria-pressed")));

		// the draft: the service fails, the form says why and offers the built-in draft, which fills both fields
		click(By.cssSelector("#side-log [data-draft-request]"));
		WebElement failed = waitFor(By.cssSelector("#side-log [data-draft-failed]"));
		assertThat(failed.getText()).contains("The summary service could not draft: Could not reach the summary service at http://127.0.0.1:");
		assertThat(this.browser.findElement(By.cssSelector("#side-log #subject")).getAttribute("value")).isEmpty();
		screenshots("log-suggestions-draft-failed", By.cssSelector("#side-log [data-log-assist]"));
		assertAccessible();
		click(By.cssSelector("#side-log [data-draft-built-in]"));
		this.wait.until((d) -> !d.findElement(By.cssSelector("#side-log #subject")).getAttribute("value").isEmpty());
		String subject = this.browser.findElement(By.cssSelector("#side-log #subject")).getAttribute("value");
		String summary = this.browser.findElement(By.cssSelector("#side-log #summary")).getAttribute("value");
		assertThat(subject).startsWith("Hello, I was charged twice on my credit card");
		assertThat(summary).contains("Customer: ").contains("Ada Admin: I have refunded the second charge")
			.doesNotContain("Elm Street");
		waitFor(By.cssSelector("#side-log [data-draft-filled]"));

		// what the user writes is theirs: a new draft asks first, and "Keep mine" keeps it
		WebElement summaryField = this.browser.findElement(By.cssSelector("#side-log #summary"));
		summaryField.sendKeys(Keys.END, " Checked with the bank.");
		click(By.cssSelector("#side-log [data-draft-request]"));
		click(By.cssSelector("#side-log [data-draft-built-in]"));
		WebElement confirm = waitFor(By.cssSelector("#side-log [data-draft-confirm]"));
		assertThat(confirm.getText()).contains("Replace them with this draft?");
		screenshots("log-suggestions-confirm", By.cssSelector("#side-log [data-log-assist]"));
		assertAccessible();
		click(By.cssSelector("#side-log [data-draft-keep]"));
		assertThat(this.browser.findElement(By.cssSelector("#side-log #summary")).getAttribute("value"))
			.isEqualTo(summary + " Checked with the bank.");
		assertThat(focused()).isEqualTo("data-draft-request");

		click(By.cssSelector("#side-log form[data-conversation-form] button[type=submit]"));
		waitFor(By.cssSelector("#side-log .alert-success"));
		JsonNode logged = admin.get("/conversations?chatId=" + first.chatId()).json().path("items").get(0);
		assertThat(logged.path("subject").asString()).isEqualTo(subject);
		assertThat(logged.path("summary").asString()).isEqualTo(summary + " Checked with the bank.");
		assertThat(logged.path("purposeId").asString()).isEqualTo(purposes.get("Refunds"));
		assertThat(logged.path("firstMessageId").asString()).isEqualTo(first.messageId());
		assertThat(logged.path("lastMessageId").asString()).isEqualTo(last);
	}

	@Test
	void theLogPageSaysHowMuchHistoryIsNeededAndAdminsSetTheSummaryService() {
		TestWorkspace workspace = newWorkspace();
		Api admin = workspace.admin();
		Delivered chat = Inbound.deliver(admin, Inbound.phone(), "Sam Lee",
				"The jacket is too small, can I swap it for a larger size?", OffsetDateTime.now().minusMinutes(5));
		signIn(workspace.adminEmail());
		open("/chats/" + chat.chatId() + "/conversations/new");
		WebElement notEnough = new WebDriverWait(this.browser, java.time.Duration.ofSeconds(60))
			.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-not-enough-history]")));
		assertThat(notEnough.getText()).contains("after 30 more logged conversations");
		// with a blank form, the draft fills it at once (keyboard: the button is reachable and pressed with Enter)
		this.browser.findElement(By.cssSelector("[data-draft-request]")).sendKeys(Keys.ENTER);
		this.wait.until((d) -> !d.findElement(By.id("subject")).getAttribute("value").isEmpty());
		assertThat(this.browser.findElement(By.id("subject")).getAttribute("value"))
			.isEqualTo("The jacket is too small, can I swap it for a larger size?");
		screenshots("log-suggestions-page", By.cssSelector("[data-log-assist]"));
		assertAccessible();
		long[] widths = widthsAtPhone();
		assertThat(widths[0]).as("page width at 390 px").isLessThanOrEqualTo(widths[1]);

		// the close dialog's log form (when the workspace requires a conversation to close) has them too
		assertThat(admin.post("/chats/" + chat.chatId() + "/assign", Map.of("assigneeId", admin.memberId)).status())
			.isEqualTo(200);
		int version = admin.get("/settings").json().path("version").asInt();
		assertThat(admin.patch("/settings", Map.of("version", version, "requireConversationToCloseChat", true))
			.status()).isEqualTo(200);
		open("/chats/" + chat.chatId() + "/close");
		waitFor(By.cssSelector("#close-chat-dialog [data-not-enough-history]"));
		click(By.cssSelector("#close-chat-dialog [data-draft-request]"));
		this.wait.until((d) -> !d.findElement(By.cssSelector("#close-chat-dialog #subject")).getAttribute("value").isEmpty());
		assertAccessible();

		open("/settings");
		click(By.cssSelector(".settings-tabs a[href$='/settings/suggestions']"));
		waitFor(By.id("baseUrl")).sendKeys("http://localhost:11434/v1/");
		this.browser.findElement(By.id("enabled")).click();
		click(By.id("save-provider"));
		WebElement error = waitFor(By.id("model-error"));
		assertThat(error.getText()).contains("required");
		assertAccessible();
		this.browser.findElement(By.id("model")).sendKeys("llama3.2");
		this.browser.findElement(By.id("apiKey")).sendKeys("sk-browser-0123456789abcdef");
		click(By.id("save-provider"));
		waitFor(By.cssSelector(".alert-success"));
		assertThat(this.browser.findElement(By.id("stored-key")).getText()).contains("••••cdef");
		assertThat(this.browser.getPageSource()).doesNotContain("sk-browser-0123456789abcdef");
		assertThat(this.browser.findElement(By.id("enabled")).isSelected()).isTrue();
		assertThat(this.browser.findElement(By.id("baseUrl")).getAttribute("value")).isEqualTo("http://localhost:11434/v1");
		screenshots("settings-suggestions");
		assertAccessible();
		widths = widthsAtPhone();
		assertThat(widths[0]).as("settings width at 390 px").isLessThanOrEqualTo(widths[1]);
		JsonNode stored = admin.get("/settings/summary-provider").json();
		assertThat(stored.path("model").asString()).isEqualTo("llama3.2");
		assertThat(stored.path("enabled").asBoolean()).isTrue();
	}

	private Object js(String script) {
		return ((JavascriptExecutor) this.browser).executeScript(script);
	}

	/** The data- attribute that names the focused element (the draft button has no id). */
	private String focused() {
		return (String) js("const e = document.activeElement; return e && e.hasAttribute('data-draft-request') "
				+ "? 'data-draft-request' : (e ? e.outerHTML.substring(0, 80) : null);");
	}

}
