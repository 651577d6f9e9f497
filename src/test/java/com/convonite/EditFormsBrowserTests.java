package com.convonite;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.convonite.support.Api;
import com.convonite.support.BrowserTest;
import com.convonite.support.Inbound;
import com.convonite.support.Inbound.Delivered;
import tools.jackson.databind.JsonNode;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every edit form of the web app, saved in Chromium exactly as it opens, changes nothing: the API shows the
 * record as it was (same version, same times to the microsecond, same text) and no history entry is written
 * (issue 14 §1). Data is made through the API with what a form can show only approximately: times with
 * microseconds, text with line breaks, trailing spaces trimmed away.
 */
class EditFormsBrowserTests extends BrowserTest {

	static final OffsetDateTime T0 = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).withNano(123_456_000);

	private static String purposeId(Api admin, String name) {
		for (JsonNode purpose : admin.get("/purposes").json()) {
			if (purpose.path("name").asString().equals(name)) {
				return purpose.path("id").asString();
			}
		}
		throw new AssertionError("no purpose " + name);
	}

	/** Opens the page, submits the form holding the given submit button as it is, and waits for the answer. */
	private void saveUnchanged(String page, By submit) {
		open(page);
		waitFor(submit);
		String marker = "unsaved-" + System.nanoTime();
		((JavascriptExecutor) this.browser).executeScript("document.documentElement.dataset.marker = arguments[0];",
				marker);
		click(submit);
		// A new document (after the redirect) has no marker.
		this.wait.until((d) -> !marker.equals(((JavascriptExecutor) d)
			.executeScript("return document.documentElement.dataset.marker || '';")));
		assertThat(this.browser.findElements(By.cssSelector(".alert-danger, .alert-warning, .invalid-feedback"))
			.stream()
			.filter(WebElement::isDisplayed)
			.map(WebElement::getText)
			.toList()).as("no refusal after saving " + page + " unchanged").isEmpty();
	}

	private void assertUnchanged(String what, Supplier<JsonNode> read, String page, By submit) {
		JsonNode before = read.get();
		saveUnchanged(page, submit);
		assertThat(read.get()).as(what + " saved unchanged from " + page).isEqualTo(before);
	}

	@Test
	void everyEditFormSavedUnchangedChangesNothing() {
		TestWorkspace workspace = newWorkspace();
		Api admin = workspace.admin();
		String phone = Inbound.phone();
		Delivered first = Inbound.deliver(admin, phone, "Inês Café", "Olá, the blender?", T0);
		Delivered last = Inbound.deliver(admin, phone, "Inês Café", "Thanks!", T0.plusMinutes(7).plusNanos(654_321_000));
		var conversation = admin.post("/conversations", body("chatId", first.chatId(), "subject", "Aurora blender",
				"summary", "First line\nsecond line\n\nafter a blank line", "purposeId", purposeId(admin, "Enquiry"),
				"startTime", T0.plusSeconds(3).toString(), "firstMessageId", first.messageId(), "lastMessageId",
				last.messageId(), "endTime", T0.plusMinutes(7).plusNanos(654_321_000).toString(),
				"followUpTask", body("dueAt", T0.plusDays(3).toString(), "notes", "Call back\nafter lunch")));
		assertThat(conversation.status()).as(conversation.toString()).isEqualTo(201);
		String conversationId = conversation.id();
		String taskId = conversation.json().path("followUpTask").path("id").asString();
		String contactId = first.contactId();
		assertThat(admin.patch("/contacts/" + contactId, body("version", admin.get("/contacts/" + contactId).json()
			.path("version").asInt(), "email", "ines@example.com", "notes", "Prefers mornings\nSpeaks Portuguese"))
			.status()).isEqualTo(200);
		var webhook = admin.post("/webhooks", body("url", "http://127.0.0.1:9/hooks", "eventTypes",
				List.of("conversation.logged", "task.created")));
		assertThat(webhook.status()).as(webhook.toString()).isEqualTo(201);
		String unique = java.util.UUID.randomUUID().toString().replace("-", "");
		var channel = admin.send("PUT", "/channels/whatsapp", Map.of("phoneNumberId",
				Long.toString(100_000_000_000_000L + (System.nanoTime() % 899_999_999_999_999L)), "verifyToken",
				"verify-" + unique.substring(0, 12), "appSecret", unique, "accessToken", "EAAJtest" + unique + unique),
				"application/json");
		assertThat(channel.status()).as(channel.toString()).isEqualTo(200);
		Api agent = agent(workspace);

		signIn(workspace.adminEmail());
		String enquiry = purposeId(admin, "Enquiry");
		assertUnchanged("the conversation", () -> admin.get("/conversations/" + conversationId).json(),
				"/conversations/" + conversationId + "/edit", By.cssSelector("form[data-conversation-form] button[type=submit]"));
		assertThat(admin.get("/conversations/" + conversationId + "/history").json().size()).as("no history entry")
			.isEqualTo(1);
		assertUnchanged("the task", () -> admin.get("/tasks/" + taskId).json(), "/tasks/" + taskId + "/edit",
				By.cssSelector("main form button[type=submit]"));
		assertUnchanged("the contact", () -> admin.get("/contacts/" + contactId).json(),
				"/contacts/" + contactId + "/edit", By.cssSelector("main form button[type=submit]"));
		assertUnchanged("the purposes", () -> admin.get("/purposes").json(), "/settings/purposes",
				By.cssSelector("form[action='/settings/purposes/" + enquiry + "/rename'] button[type=submit]"));
		assertUnchanged("the webhook", () -> admin.get("/webhooks/" + webhook.id()).json(),
				"/settings/webhooks/" + webhook.id(), By.cssSelector("#endpoint-form button[type=submit]"));
		assertUnchanged("the settings", () -> admin.get("/settings").json(), "/settings",
				By.cssSelector("form[action='/settings'] button[type=submit]"));
		assertUnchanged("the members", () -> admin.get("/members").json(), "/settings/members",
				By.cssSelector("form[action='/settings/members/" + agent.memberId + "/role'] button[type=submit]"));
		assertUnchanged("the WhatsApp channel", () -> admin.get("/channels/whatsapp").json(), "/settings/whatsapp",
				By.id("save-whatsapp"));
		assertUnchanged("my profile", () -> admin.get("/me").json(), "/profile",
				By.cssSelector("form[action='/profile'] button[type=submit]"));
	}

}
