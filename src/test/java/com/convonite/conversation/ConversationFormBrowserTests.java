package com.convonite.conversation;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import com.convonite.support.Api;
import com.convonite.support.BrowserTest;
import com.convonite.support.Inbound;
import com.convonite.support.Inbound.Delivered;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log form's safety nets and the Conversations tab's search and export in Chromium (issue 14 §3, §4): a
 * warning before leaving unsaved changes, a return to the chat with a toast after saving, the start time at
 * the first message no conversation covers, and a pasted search whose export is exactly what the list shows.
 */
class ConversationFormBrowserTests extends BrowserTest {

	private static String purposeId(Api admin, String name) {
		for (var purpose : admin.get("/purposes").json()) {
			if (purpose.path("name").asString().equals(name)) {
				return purpose.path("id").asString();
			}
		}
		throw new AssertionError("no purpose " + name);
	}

	private boolean leavingAsks() {
		return (Boolean) ((JavascriptExecutor) this.browser).executeScript("""
				const e = new Event('beforeunload', {cancelable: true});
				window.dispatchEvent(e);
				return e.defaultPrevented;
				""");
	}

	@Test
	void theLogFormWarnsBeforeLosingChangesStartsAfterWhatIsLoggedAndReturnsToTheChat() {
		TestWorkspace workspace = newWorkspace();
		Api admin = workspace.admin();
		String phone = Inbound.phone();
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
		Delivered first = Inbound.deliver(admin, phone, "Rita Ruiz", "Old question", now.minusHours(5));
		Delivered answered = Inbound.deliver(admin, phone, "Rita Ruiz", "Thanks, solved", now.minusHours(4));
		Delivered fresh = Inbound.deliver(admin, phone, "Rita Ruiz", "A new question about delivery", now.minusHours(1).plusSeconds(7));
		assertThat(admin.post("/conversations", body("chatId", first.chatId(), "subject", "Old question", "purposeId",
				purposeId(admin, "Enquiry"), "firstMessageId", first.messageId(), "lastMessageId", answered.messageId(),
				"endTime", now.minusHours(4).toString())).status()).isEqualTo(201);

		signIn(workspace.adminEmail());
		open("/chats/" + first.chatId() + "/conversations/new");
		String freshTime = this.browser.findElement(By.cssSelector("[data-message-id='" + fresh.messageId() + "']"))
			.getAttribute("data-sent-at");
		assertThat(this.browser.findElement(By.id("startTime")).getAttribute("value"))
			.as("the first message no conversation covers yet").isEqualTo(freshTime).endsWith(":07");
		assertThat(this.browser.findElement(By.id("startTime")).getAttribute("step")).isEqualTo("1");
		// One compact line per message.
		int height = this.browser.findElement(By.cssSelector("[data-message-id='" + fresh.messageId() + "']"))
			.getSize().getHeight();
		assertThat(height).as("a message line's height in px").isLessThan(48);
		screenshots("conversation-log-form-compact");
		assertAccessible();

		assertThat(leavingAsks()).as("nothing typed yet").isFalse();
		this.browser.findElement(By.id("subject")).sendKeys("Delivery question");
		assertThat(leavingAsks()).as("a typed subject").isTrue();
		new Select(this.browser.findElement(By.id("purposeId"))).selectByVisibleText("Enquiry");
		click(By.cssSelector("form[data-conversation-form] button[type=submit]"));
		this.wait.until(ExpectedConditions.urlMatches("/chats/" + first.chatId() + "$"));
		assertThat(waitFor(By.cssSelector("#toasts [data-toast]")).getText()).contains("Delivery question");
		var logged = admin.get("/conversations?chatId=" + first.chatId() + "&sort=-createdAt").json().path("items").get(0);
		assertThat(logged.path("subject").asString()).isEqualTo("Delivery question");
		assertThat(OffsetDateTime.parse(logged.path("startTime").asString())).isEqualTo(now.minusHours(1).plusSeconds(7));
	}

	@Test
	void aPastedSearchFiltersTheListAndTheExportIsExactlyWhatIsOnScreen() {
		TestWorkspace workspace = newWorkspace();
		Api admin = workspace.admin();
		Delivered chat = Inbound.deliver(admin, Inbound.phone(), "Ana Souza", "Hello", OffsetDateTime.now(ZoneOffset.UTC).minusHours(2));
		for (String subject : new String[] { "Aurora blender price", "Blender jar cracked", "Toaster return",
				"Kettle colours" }) {
			assertThat(admin.post("/conversations", body("chatId", chat.chatId(), "subject", subject, "purposeId",
					purposeId(admin, "Enquiry"))).status()).isEqualTo(201);
		}
		signIn(workspace.adminEmail());
		open("/conversations");
		waitForText(By.id("match-count"), "4 conversations");
		JavascriptExecutor js = (JavascriptExecutor) this.browser;
		// A paste from the context menu (or an autofill): no key is pressed, an input event fires.
		js.executeScript("""
				const q = document.getElementById('q');
				q.value = 'blend';
				q.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste'}));
				""");
		waitForText(By.id("match-count"), "2 conversations");
		screenshots("conversations-pasted-search");
		assertAccessible();
		// Even a value put in the box with no event at all is what the export takes.
		js.executeScript("document.getElementById('q').value = 'toaster';");
		this.browser.findElement(By.id("export")).click();
		String href = this.browser.findElement(By.id("export")).getAttribute("href");
		assertThat(href).contains("q=toaster");
		String csv = (String) js.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				fetch(arguments[0]).then(r => r.text()).then(done);
				""", href);
		assertThat(csv.strip().split("\r?\n")).hasSize(2);
		assertThat(csv).contains("Toaster return").doesNotContain("blender");
	}

}
