package com.convonite.conversation;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;
import com.convonite.support.Inbound.Delivered;
import com.convonite.support.WebSession;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing rules on every path where a conversation becomes closed: closing it, logging it as closed, logging it
 * while closing its chat, editing it, over the API and in the web app, with one message per missing field.
 */
class ClosingRulesIntegrationTests extends ApiIntegrationTest {

	static final List<String> EVERY_RULE = List.of("summary", "endTime", "firstMessageId", "lastMessageId");

	TestWorkspace workspace;

	Api admin;

	Delivered chat;

	String purposeId;

	@BeforeEach
	void workspaceWithRules() {
		this.workspace = newWorkspace();
		this.admin = this.workspace.admin();
		this.chat = Inbound.deliver(this.admin, Inbound.phone(), "Rita", "Hello?", OffsetDateTime.now(ZoneOffset.UTC));
		this.purposeId = this.admin.get("/purposes").json().get(0).path("id").asString();
		assertThat(this.admin.post("/chats/" + this.chat.chatId() + "/assign",
				body("assigneeId", this.workspace.adminMember().memberId() + "")).status()).isEqualTo(200);
		var field = this.admin.post("/conversation-fields", body("key", "outcome", "name", "Outcome", "type",
				"SINGLE_SELECT", "requirement", "REQUIRED_ON_CLOSE", "options", List.of("Sold", "Lost")));
		assertThat(field.status()).as(field.toString()).isEqualTo(201);
		var rules = this.admin.send("PUT", "/closing-rules", body("required", EVERY_RULE), "application/json");
		assertThat(rules.status()).as(rules.toString()).isEqualTo(200);
	}

	private static final List<String> EVERY_MISSING = List.of("summary", "endTime", "firstMessageId", "lastMessageId",
			"fields.outcome");

	private static List<String> missing(Api.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.json().path("errors").findValuesAsString("message"))
			.allMatch("is required to close the conversation"::equals);
		return response.json().path("errors").findValuesAsString("field");
	}

	private String logOpen() {
		var logged = this.admin.post("/conversations", body("chatId", this.chat.chatId(), "subject", "Open one",
				"purposeId", this.purposeId));
		assertThat(logged.status()).as("the rules do not touch open conversations").isEqualTo(201);
		return logged.id();
	}

	private String status(String id) {
		return this.admin.get("/conversations/" + id).text("status");
	}

	@Test
	void theRulesAreReadAndSetByAdminsOnly() {
		assertThat(this.admin.get("/closing-rules").json().path("required").valueStream().map((n) -> n.asString()).toList())
			.containsExactlyElementsOf(EVERY_RULE);
		var bad = this.admin.send("PUT", "/closing-rules", body("required", List.of("subject")), "application/json");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().path("errors").get(0).path("field").asString()).isEqualTo("required");
		assertThat(agent(this.workspace).send("PUT", "/closing-rules", body("required", List.of()), "application/json")
			.status()).isEqualTo(403);
		assertThat(this.admin.get("/closing-rules").json().path("required").size()).isEqualTo(4);
	}

	@Test
	void everyApiPathThatClosesHoldsTheRulesWithOneMessagePerMissingField() {
		var loggedClosed = this.admin.post("/conversations", body("chatId", this.chat.chatId(), "subject", "Closed",
				"purposeId", this.purposeId, "status", "CLOSED"));
		assertThat(missing(loggedClosed)).containsExactlyElementsOf(EVERY_MISSING);

		String id = logOpen();
		assertThat(missing(this.admin.post("/conversations/" + id + "/close"))).containsExactlyElementsOf(EVERY_MISSING);
		assertThat(missing(this.admin.patch("/conversations/" + id, body("version", 0, "status", "CLOSED", "summary",
				"Sorted")))).containsExactly("endTime", "firstMessageId", "lastMessageId", "fields.outcome");
		assertThat(status(id)).isEqualTo("OPEN");

		var closeChat = this.admin.post("/chats/" + this.chat.chatId() + "/close", body("conversation",
				body("subject", "With the chat", "purposeId", this.purposeId, "status", "CLOSED")));
		assertThat(missing(closeChat)).containsExactlyElementsOf(
				EVERY_MISSING.stream().map((f) -> "conversation." + f).toList());
		assertThat(this.admin.get("/chats/" + this.chat.chatId()).text("status")).as("neither happened").isEqualTo("OPEN");

		String message = this.chat.messageId();
		var closed = this.admin.patch("/conversations/" + id, body("version", 0, "status", "CLOSED", "summary", "Sorted",
				"endTime", OffsetDateTime.now(ZoneOffset.UTC).toString(), "firstMessageId", message, "lastMessageId",
				message, "fields", body("outcome", "Sold")));
		assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
		assertThat(closed.text("status")).isEqualTo("CLOSED");
		assertThat(missing(this.admin.patch("/conversations/" + id, body("version", 1, "summary", null))))
			.as("an edit may not take away from a closed conversation what the rules ask for")
			.containsExactly("summary");
		assertThat(this.admin.patch("/conversations/" + id, body("version", 1, "subject", "Renamed")).status())
			.isEqualTo(200);

		var reopened = this.admin.post("/conversations/" + id + "/reopen");
		assertThat(reopened.status()).as("reopening is never refused").isEqualTo(200);
	}

	@Test
	void noRulesAndNoRequiredFieldsLetEveryPathCloseAsBefore() {
		this.admin.send("PUT", "/closing-rules", body("required", List.of()), "application/json");
		String field = this.admin.get("/conversation-fields").json().get(0).path("id").asString();
		this.admin.patch("/conversation-fields/" + field, body("version", 0, "requirement", "OPTIONAL"));
		String id = logOpen();
		assertThat(this.admin.post("/conversations/" + id + "/close").status()).isEqualTo(200);
		assertThat(this.admin.get("/conversations/" + id).json().path("endTime").isNull())
			.as("the end time defaults as before").isFalse();
	}

	@Test
	void theWebAppShowsWhatIsMissingWhereTheUserFillsItIn() {
		WebSession web = WebSession.signIn(this.port, this.workspace.adminEmail(), PASSWORD);
		String id = logOpen();

		HttpResponse<String> close = web.postForm("/conversations/" + id + "/close", Map.of());
		assertThat(close.statusCode()).as("the edit form, not an error page").isEqualTo(200);
		assertThat(close.body()).contains("id=\"summary-error\"").contains("id=\"endTime-error\"")
			.contains("id=\"field-outcome-error\"").contains("is required to close the conversation")
			.contains("Before this conversation can be closed");
		assertThat(status(id)).isEqualTo("OPEN");

		Map<String, String> logClosed = new LinkedHashMap<>(Map.of("chatId", this.chat.chatId(), "subject",
				"From the form", "purposeId", this.purposeId, "status", "CLOSED", "fieldShown", "outcome"));
		HttpResponse<String> refusedLog = web.postForm("/conversations", logClosed);
		assertThat(refusedLog.statusCode()).isEqualTo(200);
		assertThat(refusedLog.body()).contains("id=\"field-outcome-error\"").contains("id=\"summary-error\"");

		Map<String, String> dialog = new LinkedHashMap<>(Map.of("logConversation", "true", "subject", "Chat done",
				"purposeId", this.purposeId, "status", "CLOSED", "fieldShown", "outcome", "summary", "Done"));
		HttpResponse<String> refusedDialog = web.postForm("/chats/" + this.chat.chatId() + "/close", dialog);
		assertThat(refusedDialog.statusCode()).isEqualTo(200);
		assertThat(refusedDialog.body()).contains("id=\"field-outcome-error\"").doesNotContain("id=\"summary-error\"");
		assertThat(this.admin.get("/chats/" + this.chat.chatId()).text("status")).isEqualTo("OPEN");

		String message = this.chat.messageId();
		dialog.putAll(Map.of("field.outcome", "Lost", "firstMessageId", message, "lastMessageId", message, "endTime",
				"2030-01-01T10:00:00"));
		HttpResponse<String> done = web.postForm("/chats/" + this.chat.chatId() + "/close", dialog);
		assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
		assertThat(this.admin.get("/chats/" + this.chat.chatId()).text("status")).isEqualTo("CLOSED");
		var logged = this.admin.get("/conversations?chatId=" + this.chat.chatId() + "&status=CLOSED").json().path("items");
		assertThat(logged.get(0).path("fields").path("outcome").asString()).isEqualTo("Lost");
	}

}
