package com.convonite;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.convonite.support.Api;
import com.convonite.support.BrowserTest;
import com.convonite.support.Inbound;
import com.convonite.support.Inbound.Delivered;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox as an agent works it, across modules: from the chat page to a logged conversation, and closing a
 * chat in its dialog when the closure requirement asks for a conversation first.
 */
class InboxFlowBrowserTests extends BrowserTest {

	@Test
	void fromTheChatPageLogAConversationAndCloseAnotherChatInItsDialog() {
		var workspace = newWorkspace();
		Api admin = workspace.admin();
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(30);
		String phone = Inbound.phone();
		Delivered first = Inbound.deliver(admin, phone, "Nina Duarte", "Is the oven still on sale?", now);
		Delivered last = Inbound.deliver(admin, phone, "Nina Duarte", "Then I'll take two", now.plusMinutes(5));
		Delivered other = Inbound.deliver(admin, Inbound.phone(), "Omar Said", "Hello there", now);
		for (Delivered chat : new Delivered[] { first, other }) {
			admin.post("/chats/" + chat.chatId() + "/assign", body("assigneeId", admin.memberId));
		}
		int version = admin.get("/settings").json().path("version").asInt();
		admin.patch("/settings", body("version", version, "requireConversationToCloseChat", true));

		signIn(workspace.adminEmail());
		open("/chats/" + first.chatId());
		// The log form opens in the side panel, beside the thread, and saving it keeps the thread open.
		((org.openqa.selenium.JavascriptExecutor) this.browser).executeScript("window.__notReloaded = true;");
		click(By.id("new-conversation"));
		click(By.cssSelector("#side-log label[for='first-" + first.messageId() + "']"));
		click(By.cssSelector("#side-log label[for='last-" + last.messageId() + "']"));
		this.browser.findElement(By.cssSelector("#side-log #subject")).sendKeys("Oven sale, two units");
		new Select(this.browser.findElement(By.cssSelector("#side-log #purposeId"))).selectByVisibleText("Enquiry");
		screenshots("inbox-log-in-panel");
		click(By.cssSelector("#side-log button[type=submit]"));
		waitForText(By.id("side-log"), "Conversation logged");
		waitForText(By.id("conversations-panel"), "Oven sale, two units");
		assertThat(this.browser.getCurrentUrl()).endsWith("/chats/" + first.chatId());
		assertThat(this.browser.findElement(By.id("thread")).getText()).contains("Then I'll take two");
		assertThat(((org.openqa.selenium.JavascriptExecutor) this.browser).executeScript("return window.__notReloaded;"))
			.isEqualTo(true);

		open("/chats/" + other.chatId());
		click(By.id("close-chat"));
		// The requirement applies and nothing was logged yet: the dialog asks for the conversation at once.
		assertThat(waitFor(By.id("closure-required")).getText()).contains("requires a conversation");
		assertThat(this.browser.getCurrentUrl()).endsWith("/chats/" + other.chatId());
		waitFor(By.cssSelector("#close-chat-dialog #subject")).sendKeys("Greeting only");
		new Select(this.browser.findElement(By.cssSelector("#close-chat-dialog #purposeId"))).selectByVisibleText("Feedback");
		click(By.cssSelector("#close-chat-dialog button[type=submit]"));
		this.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("close-chat-dialog")));
		assertThat(admin.get("/chats/" + other.chatId()).text("status")).isEqualTo("CLOSED");
		assertThat(admin.get("/conversations?chatId=" + other.chatId()).json().path("items").get(0).path("subject").asString())
			.isEqualTo("Greeting only");
	}

}
