package com.convonite.conversation;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.convonite.support.BrowserTest;
import com.convonite.support.Inbound;
import com.convonite.support.Inbound.Delivered;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An admin defines a field required when closing; closing a chat, the dialog asks for it and takes it. */
class ConversationFieldsBrowserTests extends BrowserTest {

	private void press(WebElement element) {
		((JavascriptExecutor) this.browser).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});",
				element);
		element.click();
	}

	private void submitDialog() {
		WebElement shown = this.browser.findElement(By.id("close-chat-dialog"));
		press(this.browser.findElement(By.id("close-chat-submit")));
		this.wait.until(ExpectedConditions.stalenessOf(shown));
	}

	@Test
	void aFieldRequiredWhenClosingIsDefinedThenFilledInTheCloseChatDialog() {
		var workspace = newWorkspace();
		var admin = workspace.admin();
		Delivered chat = Inbound.deliver(admin, Inbound.phone(), "Rita Ruiz", "Is plan A still on offer?",
				OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(10));
		int version = admin.get("/settings").json().path("version").asInt();
		assertThat(admin.patch("/settings", body("version", version, "requireConversationToCloseChat", true)).status())
			.isEqualTo(200);
		assertThat(admin.post("/chats/" + chat.chatId() + "/assign",
				body("assigneeId", workspace.adminMember().memberId() + "")).status()).isEqualTo(200);

		signIn(workspace.adminEmail());
		open("/settings/conversation-fields");
		this.browser.findElement(By.id("new-name")).sendKeys("Outcome");
		this.browser.findElement(By.id("new-key")).sendKeys("outcome");
		new Select(this.browser.findElement(By.id("new-type"))).selectByVisibleText("Single select");
		new Select(this.browser.findElement(By.id("new-requirement"))).selectByVisibleText("Required when closing");
		this.browser.findElement(By.id("new-help")).sendKeys("How the conversation ended");
		this.browser.findElement(By.id("new-options")).sendKeys("Sold\nLost\nUndecided");
		press(this.browser.findElement(By.cssSelector("#new-field button[type=submit]")));
		WebElement defined = waitFor(By.cssSelector("[data-field-key=outcome]"));
		assertThat(defined.getText()).contains("Outcome").contains("Single select").contains("Sold").contains("Undecided");
		WebElement up = this.browser.findElement(By.cssSelector("button[aria-label='Move Undecided up']"));
		press(up);
		this.wait.until(ExpectedConditions.stalenessOf(up));
		assertThat(this.browser.findElements(By.cssSelector("[data-field-key=outcome] [data-option]"))
			.stream().map((e) -> e.getAttribute("data-option")).toList()).containsExactly("Sold", "Undecided", "Lost");
		screenshots("conversation-fields-settings");
		assertAccessible();

		open("/chats/" + chat.chatId() + "/close");
		WebElement outcome = waitFor(By.id("field-outcome"));
		assertThat(this.browser.findElement(By.cssSelector("label[for=field-outcome]")).getText()).contains("required to close");
		assertThat(this.browser.findElement(By.id("field-outcome-help")).getText()).isEqualTo("How the conversation ended");
		assertThat(outcome.getAttribute("aria-describedby")).contains("field-outcome-help");
		this.browser.findElement(By.id("subject")).sendKeys("Plan A offer");
		new Select(this.browser.findElement(By.id("purposeId"))).selectByVisibleText("Enquiry");
		submitDialog();

		// Refused: the field is named where it is, with what to do; nothing is closed and nothing typed is lost.
		WebElement error = waitFor(By.id("field-outcome-error"));
		assertThat(error.getText()).isEqualTo("is required to close the conversation");
		assertThat(this.browser.findElement(By.id("field-outcome")).getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(this.browser.findElement(By.id("field-outcome")).getAttribute("aria-describedby"))
			.contains("field-outcome-error");
		assertThat(this.browser.findElement(By.id("subject")).getAttribute("value")).isEqualTo("Plan A offer");
		assertThat(admin.get("/chats/" + chat.chatId()).text("status")).isEqualTo("OPEN");
		screenshots("close-chat-required-field", By.id("field-outcome"));
		assertAccessible();

		new Select(this.browser.findElement(By.id("field-outcome"))).selectByVisibleText("Undecided");
		press(this.browser.findElement(By.id("close-chat-submit")));
		this.wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/close")));
		assertThat(admin.get("/chats/" + chat.chatId()).text("status")).isEqualTo("CLOSED");
		var logged = admin.get("/conversations?chatId=" + chat.chatId()).json().path("items").get(0);
		assertThat(logged.path("status").asString()).isEqualTo("CLOSED");
		assertThat(logged.path("fields").path("outcome").asString()).isEqualTo("Undecided");

		open("/conversations/" + logged.path("id").asString());
		assertThat(waitFor(By.cssSelector("[data-field='fields.outcome']")).getText()).isEqualTo("Undecided");
		assertThat(this.browser.findElement(By.id("history")).getText()).doesNotContain("??");
		screenshots("conversation-with-fields");
		assertAccessible();
	}

}
