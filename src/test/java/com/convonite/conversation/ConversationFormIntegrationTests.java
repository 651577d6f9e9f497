package com.convonite.conversation;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.HtmlForm;
import com.convonite.support.Inbound;
import com.convonite.support.Inbound.Delivered;
import com.convonite.support.WebSession;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log and edit forms never change what the user did not change (issue 14 §1): a stored time keeps its
 * microseconds through an edit of another field, an untouched form writes nothing, reopening keeps the end
 * time, and "No last message" clears only the end time that came from that message.
 */
class ConversationFormIntegrationTests extends ApiIntegrationTest {

	static final OffsetDateTime T0 = OffsetDateTime.of(2026, 3, 2, 9, 28, 42, 234_567_000, ZoneOffset.UTC);

	private String purpose(TestWorkspace workspace, String name) {
		for (JsonNode purpose : workspace.admin().get("/purposes").json()) {
			if (purpose.path("name").asString().equals(name)) {
				return purpose.path("id").asString();
			}
		}
		throw new AssertionError("no purpose " + name);
	}

	private static Map<String, String> editForm(WebSession web, String id) {
		HttpResponse<String> page = web.get("/conversations/" + id + "/edit");
		assertThat(page.statusCode()).isEqualTo(200);
		Map<String, String> fields = HtmlForm.fields(page.body(), "/conversations/" + id);
		fields.remove("_csrf");
		return fields;
	}

	private static void save(WebSession web, String id, Map<String, String> fields) {
		HttpResponse<String> saved = web.postForm("/conversations/" + id, fields);
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
		assertThat(saved.headers().firstValue("Location").orElse("")).contains("/conversations/" + id);
	}

	@Test
	void changingOnlyTheSummaryKeepsTheTimesToTheMicrosecondAndRecordsOnlyTheSummary() {
		TestWorkspace workspace = newWorkspace();
		Delivered chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Rui", "Hello", T0.minusHours(1));
		var logged = workspace.admin().post("/conversations", body("chatId", chat.chatId(), "subject", "Blender",
				"summary", "Two lines\nof summary", "purposeId", purpose(workspace, "Enquiry"), "startTime", T0.toString(),
				"endTime", T0.plusMinutes(5).plusNanos(1_000).toString()));
		assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
		String id = logged.id();
		WebSession web = WebSession.signIn(this.port, workspace.adminEmail(), PASSWORD);

		Map<String, String> fields = editForm(web, id);
		assertThat(fields.get("startTime")).as("to the second").isEqualTo("2026-03-02T09:28:42");
		save(web, id, fields);
		var unchanged = workspace.admin().get("/conversations/" + id).json();
		assertThat(unchanged.path("version").asInt()).as("a form saved unchanged changes nothing").isZero();
		assertThat(workspace.admin().get("/conversations/" + id + "/history").json().size()).isEqualTo(1);

		fields = editForm(web, id);
		fields.put("summary", "Only the summary changed");
		save(web, id, fields);
		var after = workspace.admin().get("/conversations/" + id).json();
		assertThat(OffsetDateTime.parse(after.path("startTime").asString())).isEqualTo(T0);
		assertThat(OffsetDateTime.parse(after.path("endTime").asString())).isEqualTo(T0.plusMinutes(5).plusNanos(1_000));
		assertThat(after.path("summary").asString()).isEqualTo("Only the summary changed");
		var history = workspace.admin().get("/conversations/" + id + "/history").json();
		assertThat(history.size()).isEqualTo(2);
		assertThat(history.get(1).path("changes").findValuesAsString("field")).containsExactly("summary");
	}

	@Test
	void aTimeTheUserTypesIsSavedToTheSecond() {
		TestWorkspace workspace = newWorkspace();
		Delivered chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Rui", "Hello", T0.minusHours(1));
		String id = workspace.admin().post("/conversations", body("chatId", chat.chatId(), "subject", "Blender",
				"purposeId", purpose(workspace, "Enquiry"), "startTime", T0.toString())).id();
		WebSession web = WebSession.signIn(this.port, workspace.adminEmail(), PASSWORD);
		Map<String, String> fields = editForm(web, id);
		fields.put("startTime", "2026-03-02T09:15:07");
		save(web, id, fields);
		assertThat(OffsetDateTime.parse(workspace.admin().get("/conversations/" + id).text("startTime")))
			.isEqualTo(OffsetDateTime.parse("2026-03-02T09:15:07Z"));
	}

	@Test
	void noLastMessageClearsOnlyTheEndTimeThatCameFromThatMessage() {
		TestWorkspace workspace = newWorkspace();
		String phone = Inbound.phone();
		Delivered first = Inbound.deliver(workspace.admin(), phone, "Sol", "one", T0);
		Delivered last = Inbound.deliver(workspace.admin(), phone, "Sol", "two", T0.plusMinutes(7));
		String fromMessage = workspace.admin().post("/conversations", body("chatId", first.chatId(), "subject", "A",
				"purposeId", purpose(workspace, "Enquiry"), "firstMessageId", first.messageId(), "lastMessageId",
				last.messageId(), "endTime", T0.plusMinutes(7).toString())).id();
		String typed = workspace.admin().post("/conversations", body("chatId", first.chatId(), "subject", "B",
				"purposeId", purpose(workspace, "Enquiry"), "firstMessageId", first.messageId(), "lastMessageId",
				last.messageId(), "endTime", T0.plusMinutes(30).toString())).id();
		WebSession web = WebSession.signIn(this.port, workspace.adminEmail(), PASSWORD);
		for (String id : new String[] { fromMessage, typed }) {
			Map<String, String> fields = editForm(web, id);
			fields.put("lastMessageId", "");
			save(web, id, fields);
		}
		var cleared = workspace.admin().get("/conversations/" + fromMessage).json();
		assertThat(cleared.path("lastMessageId").isNull()).isTrue();
		assertThat(cleared.path("endTime").isNull()).as("the end time came from the last message").isTrue();
		var kept = workspace.admin().get("/conversations/" + typed).json();
		assertThat(kept.path("lastMessageId").isNull()).isTrue();
		assertThat(OffsetDateTime.parse(kept.path("endTime").asString())).isEqualTo(T0.plusMinutes(30));
	}

	@Test
	void reopeningFromThePageKeepsTheEndTimeAndMessages() {
		TestWorkspace workspace = newWorkspace();
		String phone = Inbound.phone();
		Delivered first = Inbound.deliver(workspace.admin(), phone, "Tao", "one", T0);
		Delivered last = Inbound.deliver(workspace.admin(), phone, "Tao", "two", T0.plusMinutes(7));
		String id = workspace.admin().post("/conversations", body("chatId", first.chatId(), "subject", "A",
				"purposeId", purpose(workspace, "Enquiry"), "firstMessageId", first.messageId(), "lastMessageId",
				last.messageId())).id();
		WebSession web = WebSession.signIn(this.port, workspace.adminEmail(), PASSWORD);
		web.get("/conversations/" + id);
		assertThat(web.postForm("/conversations/" + id + "/close", Map.of()).statusCode()).isEqualTo(302);
		assertThat(web.postForm("/conversations/" + id + "/reopen", Map.of()).statusCode()).isEqualTo(302);
		var reopened = workspace.admin().get("/conversations/" + id).json();
		assertThat(reopened.path("status").asString()).isEqualTo("OPEN");
		assertThat(OffsetDateTime.parse(reopened.path("endTime").asString())).isEqualTo(T0.plusMinutes(7));
		assertThat(reopened.path("firstMessageId").asString()).isEqualTo(first.messageId());
		assertThat(reopened.path("lastMessageId").asString()).isEqualTo(last.messageId());
	}

	@Test
	void aTaskSavedUnchangedKeepsItsDueTimeAndVersion() {
		TestWorkspace workspace = newWorkspace();
		Delivered chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Uma", "Hello", T0);
		OffsetDateTime due = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2).withNano(123_456_000);
		var logged = workspace.admin().post("/conversations", body("chatId", chat.chatId(), "subject", "Quote",
				"purposeId", purpose(workspace, "Enquiry"), "followUpTask", body("dueAt", due.toString(), "notes",
						"Call back\nafter lunch")));
		assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
		String taskId = logged.json().path("followUpTask").path("id").asString();
		var before = workspace.admin().get("/tasks/" + taskId).json();
		WebSession web = WebSession.signIn(this.port, workspace.adminEmail(), PASSWORD);
		HttpResponse<String> page = web.get("/tasks/" + taskId + "/edit");
		Map<String, String> fields = HtmlForm.fields(page.body(), "/tasks/" + taskId);
		fields.remove("_csrf");
		HttpResponse<String> saved = web.postForm("/tasks/" + taskId, fields);
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
		var after = workspace.admin().get("/tasks/" + taskId).json();
		assertThat(after).isEqualTo(before);
		assertThat(OffsetDateTime.parse(after.path("dueAt").asString())).isEqualTo(due);
	}

}
