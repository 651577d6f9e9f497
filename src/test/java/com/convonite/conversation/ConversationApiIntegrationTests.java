package com.convonite.conversation;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;
import com.convonite.support.Inbound.Delivered;
import com.convonite.workspace.Role;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConversationApiIntegrationTests extends ApiIntegrationTest {

	static final OffsetDateTime T0 = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).minusHours(3);

	private String purpose(TestWorkspace workspace, String name) {
		for (var purpose : workspace.admin().get("/purposes").json()) {
			if (purpose.path("name").asString().equals(name)) {
				return purpose.path("id").asString();
			}
		}
		throw new IllegalArgumentException(name);
	}

	private Map<String, Object> conversation(String chatId, String subject, String purposeId, Object... more) {
		Map<String, Object> body = body(more);
		body.put("chatId", chatId);
		body.put("subject", subject);
		body.put("purposeId", purposeId);
		return body;
	}

	@Test
	void logsAConversationWithDefaultsAndTheChatsContact() {
		var workspace = newWorkspace();
		Delivered delivered = Inbound.deliver(workspace.admin(), Inbound.phone(), "Carla", "Hi, price of plan A?", T0);
		Api agent = agent(workspace);
		var logged = agent.post("/conversations",
				conversation(delivered.chatId(), "  Pricing enquiry  ", purpose(workspace, "Enquiry")));
		assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
		assertThat(logged.header("Location")).endsWith("/api/v1/conversations/" + logged.id());
		var json = logged.json();
		assertThat(json.path("subject").asString()).isEqualTo("Pricing enquiry");
		assertThat(json.path("status").asString()).isEqualTo("OPEN");
		assertThat(json.path("ownerId").asString()).isEqualTo(agent.memberId);
		assertThat(json.path("ownerName").asString()).isEqualTo("Andy Agent");
		assertThat(json.path("createdBy").asString()).isEqualTo(agent.memberId);
		assertThat(json.path("contactId").asString()).isEqualTo(delivered.contactId());
		assertThat(json.path("contactName").asString()).isEqualTo("Carla");
		assertThat(json.path("purposeName").asString()).isEqualTo("Enquiry");
		assertThat(OffsetDateTime.parse(json.path("startTime").asString()))
			.isCloseTo(OffsetDateTime.now(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
		assertThat(json.path("endTime").isNull()).isTrue();
		assertThat(json.path("version").asInt()).isZero();
	}

	@Test
	void startAndEndTimesComeFromTheChosenMessages() {
		var workspace = newWorkspace();
		String phone = Inbound.phone();
		Delivered first = Inbound.deliver(workspace.admin(), phone, "Dan", "My order is late", T0);
		Inbound.deliver(workspace.admin(), phone, "Dan", "Any news?", T0.plusMinutes(10));
		Delivered last = Inbound.deliver(workspace.admin(), phone, "Dan", "Thanks, got it", T0.plusMinutes(30));
		var logged = workspace.admin().post("/conversations", conversation(first.chatId(), "Late order",
				purpose(workspace, "Issue"), "firstMessageId", first.messageId(), "lastMessageId", last.messageId()));
		assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
		assertThat(OffsetDateTime.parse(logged.text("startTime"))).isEqualTo(T0);
		assertThat(logged.json().path("endTime").isNull()).isTrue();
		var closed = workspace.admin().post("/conversations/" + logged.id() + "/close");
		assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
		assertThat(closed.text("status")).isEqualTo("CLOSED");
		assertThat(OffsetDateTime.parse(closed.text("endTime"))).isEqualTo(T0.plusMinutes(30));
		assertThat(closed.text("closedAt")).isNotNull();
	}

	@Test
	void closingWithoutLastMessageEndsNowAndReopeningKeepsTheEnd() {
		var workspace = newWorkspace();
		Delivered chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Eve", "Hello", T0);
		String id = workspace.admin().post("/conversations", conversation(chat.chatId(), "Hello", purpose(workspace, "Enquiry"))).id();
		var closed = workspace.admin().post("/conversations/" + id + "/close");
		assertThat(OffsetDateTime.parse(closed.text("endTime")))
			.isCloseTo(OffsetDateTime.now(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
		assertThat(workspace.admin().post("/conversations/" + id + "/close").status()).isEqualTo(409);
		var reopened = workspace.admin().post("/conversations/" + id + "/reopen");
		assertThat(reopened.text("status")).isEqualTo("OPEN");
		// The end time someone chose (or closing derived) survives reopening; only the history says it was reopened.
		assertThat(reopened.text("endTime")).isEqualTo(closed.text("endTime"));
		assertThat(reopened.json().path("closedAt").isNull()).isTrue();
		assertThat(workspace.admin().post("/conversations/" + id + "/reopen").status()).isEqualTo(409);
		var history = workspace.admin().get("/conversations/" + id + "/history").json();
		var last = history.get(history.size() - 1);
		assertThat(last.path("action").asString()).isEqualTo("REOPENED");
		assertThat(last.path("changes").toString()).contains("status").doesNotContain("endTime");
		// Closing again keeps that end time; cleared, closing derives a fresh one.
		assertThat(workspace.admin().post("/conversations/" + id + "/close").text("endTime")).isEqualTo(closed.text("endTime"));
		workspace.admin().post("/conversations/" + id + "/reopen");
		int version = workspace.admin().get("/conversations/" + id).json().path("version").asInt();
		assertThat(workspace.admin().patch("/conversations/" + id, body("version", version, "endTime", null)).status()).isEqualTo(200);
		var again = workspace.admin().post("/conversations/" + id + "/close");
		assertThat(OffsetDateTime.parse(again.text("endTime"))).isAfterOrEqualTo(OffsetDateTime.parse(closed.text("endTime")));
	}

	@Test
	void everyFieldRuleIsReportedAtOnceByField() {
		var workspace = newWorkspace();
		var other = newWorkspace();
		String phone = Inbound.phone();
		Delivered first = Inbound.deliver(workspace.admin(), phone, "Fay", "one", T0);
		Delivered later = Inbound.deliver(workspace.admin(), phone, "Fay", "two", T0.plusMinutes(5));
		Delivered elsewhere = Inbound.deliver(workspace.admin(), Inbound.phone(), "Gus", "other chat", T0);
		var response = workspace.admin().post("/conversations", body("chatId", first.chatId(), "contactId",
				elsewhere.contactId(), "subject", "x".repeat(201), "summary", "y".repeat(10_001), "purposeId",
				purpose(other, "Enquiry"), "ownerId", other.admin().memberId, "firstMessageId", later.messageId(),
				"lastMessageId", first.messageId(), "startTime", T0.toString(), "endTime", T0.minusMinutes(1).toString()));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().path("errors").findValuesAsString("field")).containsExactlyInAnyOrder("contactId",
				"subject", "summary", "purposeId", "ownerId", "lastMessageId", "endTime");
		var wrongChat = workspace.admin().post("/conversations", conversation(first.chatId(), "s",
				purpose(workspace, "Enquiry"), "firstMessageId", elsewhere.messageId()));
		assertThat(wrongChat.json().path("errors").findValuesAsString("field")).containsExactly("firstMessageId");
		var foreignChat = workspace.admin().post("/conversations",
				conversation(Inbound.deliver(other.admin(), Inbound.phone(), "Hal", "x", T0).chatId(), "s",
						purpose(workspace, "Enquiry")));
		assertThat(foreignChat.json().path("errors").findValuesAsString("field")).containsExactly("chatId");
		var missing = workspace.admin().post("/conversations", body());
		assertThat(missing.json().path("errors").findValuesAsString("field")).containsExactlyInAnyOrder("chatId",
				"subject", "purposeId");
		assertThat(workspace.admin().get("/conversations").json().path("total").asInt()).isZero();
	}

	@Test
	void ownerMustBeAnActiveMember() {
		var workspace = newWorkspace();
		Api leaver = agent(workspace);
		workspace.admin().patch("/members/" + leaver.memberId, body("version", 0, "active", false));
		Delivered chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Ivy", "hi", T0);
		var response = workspace.admin().post("/conversations",
				conversation(chat.chatId(), "s", purpose(workspace, "Enquiry"), "ownerId", leaver.memberId));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).contains("ownerId").contains("active member");
	}

	@Test
	void editsNeedTheVersionAndAStaleVersionIsRefused() {
		var workspace = newWorkspace();
		Delivered chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Jo", "hi", T0);
		String id = workspace.admin().post("/conversations", conversation(chat.chatId(), "Old subject", purpose(workspace, "Enquiry"))).id();
		assertThat(workspace.admin().patch("/conversations/" + id, body("subject", "New")).status()).isEqualTo(428);
		var edited = workspace.admin().patch("/conversations/" + id,
				body("version", 0, "subject", "New subject", "summary", "Sorted it out", "purposeId", purpose(workspace, "Issue")));
		assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
		assertThat(edited.json().path("version").asInt()).isEqualTo(1);
		assertThat(edited.header("ETag")).isEqualTo("\"1\"");
		var stale = workspace.admin().patch("/conversations/" + id, body("version", 0, "subject", "Mine"));
		assertThat(stale.status()).isEqualTo(409);
		assertThat(stale.json().path("type").asString()).isEqualTo("/problems/stale-version");
		assertThat(stale.json().path("detail").asString()).contains("changed by someone else");
		assertThat(workspace.admin().get("/conversations/" + id).text("subject")).isEqualTo("New subject");
		var cleared = workspace.admin().with("If-Match", "\"1\"").patch("/conversations/" + id, body("summary", null));
		assertThat(cleared.json().path("summary").isNull()).isTrue();
		var fixed = workspace.admin().patch("/conversations/" + id, body("version", 2, "chatId", chat.chatId()));
		assertThat(fixed.status()).isEqualTo(400);
		var badTask = workspace.admin().patch("/conversations/" + id,
				body("version", 2, "followUpTask", body("dueAt", "tomorrow", "titel", "x")));
		assertThat(badTask.status()).as(badTask.toString()).isEqualTo(400);
		assertThat(badTask.json().path("errors").get(0).path("field").asString()).startsWith("followUpTask.");
		var typo = workspace.admin().patch("/conversations/" + id, body("version", 2, "subjet", "x"));
		assertThat(typo.status()).isEqualTo(400);
		assertThat(typo.body()).contains("subjet");
	}

	@Test
	void twoConcurrentEditsWithTheSameVersionExactlyOneWins() throws Exception {
		var workspace = newWorkspace();
		Delivered chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Kim", "hi", T0);
		String id = workspace.admin().post("/conversations", conversation(chat.chatId(), "Race", purpose(workspace, "Enquiry"))).id();
		Api other = member(workspace, Role.ADMIN, "Other Admin");
		List<Callable<Integer>> edits = List.of(
				() -> workspace.admin().patch("/conversations/" + id, body("version", 0, "subject", "A")).status(),
				() -> other.patch("/conversations/" + id, body("version", 0, "subject", "B")).status());
		var pool = Executors.newFixedThreadPool(2);
		try {
			List<Integer> statuses = new ArrayList<>();
			for (var future : pool.invokeAll(edits)) {
				statuses.add(future.get());
			}
			assertThat(statuses).containsExactlyInAnyOrder(200, 409);
		}
		finally {
			pool.shutdown();
		}
		assertThat(workspace.admin().get("/conversations/" + id).json().path("version").asInt()).isEqualTo(1);
	}

	@Test
	void ownerCreatorAndAdminsMayEditCloseAndReopenOthersMayNot() {
		var workspace = newWorkspace();
		Delivered chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Lee", "hi", T0);
		Api creator = agent(workspace);
		Api owner = member(workspace, Role.AGENT, "Olga Owner");
		Api bystander = member(workspace, Role.AGENT, "Bo Bystander");
		Api admin = member(workspace, Role.ADMIN, "Second Admin");
		String id = creator.post("/conversations",
				conversation(chat.chatId(), "Shared", purpose(workspace, "Enquiry"), "ownerId", owner.memberId)).id();
		var refused = bystander.patch("/conversations/" + id, body("version", 0, "subject", "Mine"));
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.json().path("detail").asString()).contains("owner");
		assertThat(bystander.post("/conversations/" + id + "/close").status()).isEqualTo(403);
		assertThat(creator.patch("/conversations/" + id, body("version", 0, "subject", "By creator")).status()).isEqualTo(200);
		assertThat(owner.patch("/conversations/" + id, body("version", 1, "subject", "By owner")).status()).isEqualTo(200);
		assertThat(admin.patch("/conversations/" + id, body("version", 2, "subject", "By admin")).status()).isEqualTo(200);
		assertThat(owner.post("/conversations/" + id + "/close").status()).isEqualTo(200);
		assertThat(bystander.post("/conversations/" + id + "/reopen").status()).isEqualTo(403);
		assertThat(creator.post("/conversations/" + id + "/reopen").status()).isEqualTo(200);
		assertThat(admin.post("/conversations/" + id + "/close").status()).isEqualTo(200);
		assertThat(bystander.get("/conversations/" + id).status()).isEqualTo(200);
	}

	@Test
	void onlyAdminsDelete() {
		var workspace = newWorkspace();
		Delivered chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Max", "hi", T0);
		Api owner = agent(workspace);
		String id = owner.post("/conversations", conversation(chat.chatId(), "Gone soon", purpose(workspace, "Enquiry"))).id();
		var refused = owner.delete("/conversations/" + id);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(workspace.admin().delete("/conversations/" + id).status()).isEqualTo(204);
		assertThat(workspace.admin().get("/conversations/" + id).status()).isEqualTo(404);
		assertThat(workspace.admin().delete("/conversations/" + id).status()).isEqualTo(404);
	}

	@Test
	void historyRecordsEveryChangeWithWhoWhenAndFromTo() {
		var workspace = newWorkspace();
		Delivered chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Ned", "hi", T0);
		String id = workspace.admin().post("/conversations", conversation(chat.chatId(), "First", purpose(workspace, "Enquiry"))).id();
		workspace.admin().patch("/conversations/" + id, body("version", 0, "subject", "Second", "purposeId", purpose(workspace, "Issue")));
		workspace.admin().post("/conversations/" + id + "/close");
		var history = workspace.admin().get("/conversations/" + id + "/history").json();
		assertThat(history.findValuesAsString("action")).containsExactly("LOGGED", "UPDATED", "CLOSED");
		var update = history.get(1);
		assertThat(update.path("memberName").asString()).isEqualTo("Ada Admin");
		assertThat(update.path("changedAt").asString()).isNotBlank();
		assertThat(update.path("changes").toString()).contains("\"field\":\"subject\",\"from\":\"First\",\"to\":\"Second\"")
			.contains("\"field\":\"purpose\",\"from\":\"Enquiry\",\"to\":\"Issue\"");
		assertThat(history.get(2).path("changes").toString()).contains("\"field\":\"status\",\"from\":\"OPEN\",\"to\":\"CLOSED\"");
	}

	@Test
	void aFollowUpTaskIsSavedWithTheConversationOrNeither() {
		var workspace = newWorkspace();
		Api agent = agent(workspace);
		Api leaver = member(workspace, Role.AGENT, "Lou Leaver");
		workspace.admin().patch("/members/" + leaver.memberId, body("version", 0, "active", false));
		Delivered chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Oli", "hi", T0);
		var refused = workspace.admin().post("/conversations", conversation(chat.chatId(), "Quote",
				purpose(workspace, "Enquiry"), "followUpTask", body("assigneeId", leaver.memberId)));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().path("errors").findValuesAsString("field")).contains("followUpTask.assigneeId");
		assertThat(workspace.admin().get("/conversations?chatId=" + chat.chatId()).json().path("total").asInt()).isZero();
		var saved = workspace.admin().post("/conversations", conversation(chat.chatId(), "Quote",
				purpose(workspace, "Enquiry"), "followUpTask",
				body("assigneeId", agent.memberId, "dueAt", T0.plusDays(2).toString(), "notes", "Call back")));
		assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
		var task = saved.json().path("followUpTask");
		assertThat(task.path("title").asString()).isEqualTo("Follow up: Quote");
		assertThat(task.path("assigneeId").asString()).isEqualTo(agent.memberId);
		assertThat(task.path("conversationId").asString()).isEqualTo(saved.id());
		var edited = workspace.admin().patch("/conversations/" + saved.id(),
				body("version", 0, "followUpTask", body("title", "Send the invoice")));
		assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
		assertThat(edited.json().path("followUpTask").path("assigneeId").asString()).isEqualTo(workspace.admin().memberId);
	}

	@Test
	void aRetriedPostWithTheSameIdempotencyKeyCreatesOneConversation() {
		var workspace = newWorkspace();
		Delivered chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Pia", "hi", T0);
		Api retrying = workspace.admin().with("Idempotency-Key", "key-" + System.nanoTime());
		var body = conversation(chat.chatId(), "Once", purpose(workspace, "Enquiry"));
		var first = retrying.post("/conversations", body);
		var second = retrying.post("/conversations", body);
		assertThat(first.status()).isEqualTo(201);
		assertThat(second.status()).isEqualTo(201);
		assertThat(second.id()).isEqualTo(first.id());
		assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(workspace.admin().get("/conversations?chatId=" + chat.chatId()).json().path("total").asInt()).isEqualTo(1);
		var reused = retrying.post("/conversations", conversation(chat.chatId(), "Other", purpose(workspace, "Enquiry")));
		assertThat(reused.status()).isEqualTo(422);
	}

	@Test
	void anotherWorkspacesConversationsAnswer404Everywhere() {
		var mine = newWorkspace();
		var theirs = newWorkspace();
		Delivered chat = Inbound.deliver(theirs.admin(), Inbound.phone(), "Quinn", "secret stuff", T0);
		String id = theirs.admin().post("/conversations", conversation(chat.chatId(), "Their secret",
				purpose(theirs, "Enquiry"), "summary", "confidential")).id();
		Api me = mine.admin();
		assertThat(me.get("/conversations/" + id).status()).isEqualTo(404);
		assertThat(me.patch("/conversations/" + id, body("version", 0, "subject", "x")).status()).isEqualTo(404);
		assertThat(me.delete("/conversations/" + id).status()).isEqualTo(404);
		assertThat(me.post("/conversations/" + id + "/close").status()).isEqualTo(404);
		assertThat(me.post("/conversations/" + id + "/reopen").status()).isEqualTo(404);
		assertThat(me.get("/conversations/" + id + "/history").status()).isEqualTo(404);
		assertThat(me.get("/chats/" + chat.chatId() + "/conversations").status()).isEqualTo(404);
		assertThat(me.get("/contacts/" + chat.contactId() + "/conversations").status()).isEqualTo(404);
		assertThat(me.post("/chats/" + chat.chatId() + "/close").status()).isEqualTo(404);
		assertThat(me.get("/conversations?q=secret").json().path("total").asInt()).isZero();
		assertThat(me.get("/conversations?chatId=" + chat.chatId()).json().path("total").asInt()).isZero();
		assertThat(me.get("/conversations").body()).doesNotContain("Their secret");
		assertThat(me.get("/conversations/export?q=secret").body()).doesNotContain("Their secret");
		assertThat(me.get("/conversations/abc").status()).isEqualTo(404);
	}

}
