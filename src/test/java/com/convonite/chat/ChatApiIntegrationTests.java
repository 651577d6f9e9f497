package com.convonite.chat;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Supplier;

import com.convonite.shared.ProblemException;
import com.convonite.shared.WorkspaceScope;
import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.workspace.Role;
import com.convonite.workspace.SignedInMember;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RecordApplicationEvents
class ChatApiIntegrationTests extends ApiIntegrationTest {

	@Autowired
	Chats chats;

	@Autowired
	InboundMessages inbound;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	ApplicationEvents events;

	private int sequence;

	// --- small factories -------------------------------------------------------------------------

	private Api.Response deliver(TestWorkspace ws, String phone, String name, String externalId, OffsetDateTime sentAt) {
		return ws.admin().post("/inbound/messages", body("channel", "whatsapp", "externalId", externalId, "from",
				body("phone", phone, "name", name), "type", "text", "body", "Hello " + externalId, "sentAt",
				(sentAt != null) ? sentAt.toString() : null));
	}

	private String newChat(TestWorkspace ws, String phone) {
		var response = deliver(ws, phone, "Customer " + phone, "ext-" + phone + "-" + (++this.sequence), null);
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().path("chat").path("id").asString();
	}

	private static SignedInMember signedIn(TestWorkspace ws, Api api, Role role) {
		return new SignedInMember(ws.id(), Long.parseLong(api.memberId), role, "someone");
	}

	private static void assign(Api by, String chatId, String assigneeId) {
		var response = by.post("/chats/" + chatId + "/assign", body("assigneeId", assigneeId));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	private static String type(Api.Response response) {
		return response.json().path("type").asString();
	}

	private static List<String> ids(Api.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		response.json().path("items").forEach((item) -> ids.add(item.path("id").asString()));
		return ids;
	}

	private void logConversation(TestWorkspace ws, String chatId) {
		WorkspaceScope.run(ws.id(), () -> insertConversation(ws, chatId));
	}

	private void insertConversation(TestWorkspace ws, String chatId) {
		long purpose = this.jdbc.sql("""
				insert into purpose (workspace_id, name, position) values (:ws, :name, 1) returning id
				""").param("ws", ws.id()).param("name", "Enquiry " + (++this.sequence)).query(Long.class).single();
		this.jdbc.sql("""
				insert into conversation (workspace_id, chat_id, contact_id, subject, purpose_id, owner_id, start_time,
				                          created_by, created_at)
				select c.workspace_id, c.id, c.contact_id, 'Asked about prices', :purpose, :owner, now(), :owner,
				       clock_timestamp()
				from chat c where c.workspace_id = :ws and c.id = :chat
				""")
			.param("purpose", purpose)
			.param("owner", ws.adminMember().memberId())
			.param("ws", ws.id())
			.param("chat", Long.parseLong(chatId))
			.update();
	}

	private static ProblemException problem(Runnable action) {
		try {
			action.run();
		}
		catch (ProblemException ex) {
			return ex;
		}
		throw new AssertionError("expected a ProblemException");
	}

	// --- inbound delivery ------------------------------------------------------------------------

	@Test
	void inboundCreatesContactAndChatAndStoresTheMessage() {
		var ws = newWorkspace();
		OffsetDateTime sentAt = OffsetDateTime.now().minusMinutes(5).truncatedTo(ChronoUnit.SECONDS);
		var response = deliver(ws, "+351 912 345 678", "Ana", "wamid.A1", sentAt);
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		var json = response.json();
		assertThat(json.path("duplicate").asBoolean()).isFalse();
		assertThat(json.path("message").path("direction").asString()).isEqualTo("IN");
		assertThat(json.path("message").path("type").asString()).isEqualTo("TEXT");
		assertThat(json.path("message").path("externalId").asString()).isEqualTo("wamid.A1");
		var chat = json.path("chat");
		assertThat(chat.path("status").asString()).isEqualTo("OPEN");
		assertThat(chat.path("channel").asString()).isEqualTo("whatsapp");
		assertThat(chat.path("unreadCount").asInt()).isEqualTo(1);
		assertThat(chat.path("assigneeId").isNull()).isTrue();
		assertThat(chat.path("contactName").asString()).isEqualTo("Ana");
		assertThat(chat.path("contactPhone").asString()).isEqualTo("+351912345678");
		assertThat(OffsetDateTime.parse(chat.path("lastInboundAt").asString()).toInstant()).isEqualTo(sentAt.toInstant());
		var contact = ws.admin().get("/contacts/" + chat.path("contactId").asString());
		assertThat(contact.text("name")).isEqualTo("Ana");
		var messages = ws.admin().get("/chats/" + chat.path("id").asString() + "/messages");
		assertThat(messages.json().path("items").get(0).path("body").asString()).isEqualTo("Hello wamid.A1");
	}

	@Test
	void laterMessagesFromTheSameNumberGoToTheSameChatPerChannel() {
		var ws = newWorkspace();
		String first = deliver(ws, "+351912345678", "Ana", "m1", null).json().path("chat").path("id").asString();
		var second = deliver(ws, "+351 91 234 56 78", "Ana Renamed", "m2", null);
		assertThat(second.json().path("chat").path("id").asString()).isEqualTo(first);
		assertThat(second.json().path("chat").path("unreadCount").asInt()).isEqualTo(2);
		assertThat(second.json().path("chat").path("contactName").asString()).isEqualTo("Ana");
		var otherChannel = ws.admin().post("/inbound/messages",
				body("channel", "sms", "externalId", "m3", "from", body("phone", "+351912345678"), "body", "hi"));
		assertThat(otherChannel.status()).isEqualTo(201);
		assertThat(otherChannel.json().path("chat").path("id").asString()).isNotEqualTo(first);
		assertThat(otherChannel.json().path("chat").path("contactId").asString())
			.isEqualTo(second.json().path("chat").path("contactId").asString());
		var unnamed = ws.admin().post("/inbound/messages", body("from", body("phone", "+351934567890"), "body", "x"));
		assertThat(unnamed.status()).as(unnamed.toString()).isEqualTo(201);
		assertThat(unnamed.json().path("chat").path("contactName").asString()).isEqualTo("+351934567890");
		assertThat(unnamed.json().path("chat").path("channel").asString()).isEqualTo("whatsapp");
	}

	@Test
	void aRepeatedExternalIdIsStoredOnce() {
		var ws = newWorkspace();
		var first = deliver(ws, "+351912345678", "Ana", "wamid.DUP", null);
		var again = deliver(ws, "+351912345678", "Ana", "wamid.DUP", null);
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().path("duplicate").asBoolean()).isTrue();
		assertThat(again.json().path("message").path("id").asString())
			.isEqualTo(first.json().path("message").path("id").asString());
		String chatId = first.json().path("chat").path("id").asString();
		assertThat(ws.admin().get("/chats/" + chatId).json().path("unreadCount").asInt()).isEqualTo(1);
		assertThat(ids(ws.admin().get("/chats/" + chatId + "/messages"))).hasSize(1);
		// the same external id in another workspace is another message
		var other = newWorkspace();
		assertThat(deliver(other, "+351912345678", "Ana", "wamid.DUP", null).status()).isEqualTo(201);
	}

	@Test
	void simultaneousDeliveriesForANewNumberAllSucceed() throws Exception {
		var ws = newWorkspace();
		int n = 6;
		CyclicBarrier barrier = new CyclicBarrier(n);
		List<CompletableFuture<Api.Response>> futures = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			String externalId = (i < 2) ? "same" : "m" + i;
			futures.add(CompletableFuture.supplyAsync(awaiting(barrier,
					() -> deliver(ws, "+351912345678", "Ana", externalId, null))));
		}
		List<Integer> statuses = new ArrayList<>();
		for (var future : futures) {
			statuses.add(future.get().status());
		}
		assertThat(statuses).containsOnly(200, 201);
		assertThat(statuses.stream().filter((s) -> s == 201)).hasSize(5);
		var list = ws.admin().get("/chats?view=all");
		assertThat(ids(list)).hasSize(1);
		assertThat(list.json().path("items").get(0).path("unreadCount").asInt()).isEqualTo(5);
		assertThat(ws.admin().get("/contacts").json().path("items").size()).isEqualTo(1);
	}

	private static <T> Supplier<T> awaiting(CyclicBarrier barrier, Supplier<T> action) {
		return () -> {
			try {
				barrier.await();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			return action.get();
		};
	}

	@Test
	void inboundIsForAdminsAndValidatesItsInput() {
		var ws = newWorkspace();
		var agentRefused = agent(ws).post("/inbound/messages", body("from", body("phone", "+351912345678"), "body", "x"));
		assertThat(agentRefused.status()).isEqualTo(403);
		var noPhone = ws.admin().post("/inbound/messages", body("body", "x"));
		assertThat(noPhone.status()).isEqualTo(400);
		assertThat(noPhone.json().path("errors").findValuesAsString("field")).contains("from.phone");
		var badPhone = ws.admin().post("/inbound/messages", body("from", body("phone", "123"), "body", "x"));
		assertThat(badPhone.status()).isEqualTo(400);
		assertThat(badPhone.json().path("errors").get(0).path("field").asString()).isEqualTo("from.phone");
		var badType = ws.admin().post("/inbound/messages",
				body("from", body("phone", "+351912345678"), "type", "hologram", "body", "x"));
		assertThat(badType.status()).isEqualTo(400);
		assertThat(badType.body()).contains("type").contains("text, image");
		var noBody = ws.admin().post("/inbound/messages", body("from", body("phone", "+351912345678"), "type", "text"));
		assertThat(noBody.status()).isEqualTo(400);
		var badDate = ws.admin().post("/inbound/messages",
				body("from", body("phone", "+351912345678"), "body", "x", "sentAt", "yesterday"));
		assertThat(badDate.status()).isEqualTo(400);
		var unknownField = ws.admin().post("/inbound/messages",
				body("from", body("phone", "+351912345678"), "body", "x", "colour", "red"));
		assertThat(unknownField.status()).isEqualTo(400);
		var media = ws.admin().post("/inbound/messages", body("from", body("phone", "+351912345678"), "type", "image",
				"media", body("url", "https://cdn.example.com/a.jpg", "mimeType", "image/jpeg")));
		assertThat(media.status()).as(media.toString()).isEqualTo(201);
		assertThat(media.json().path("message").path("media").path("mimeType").asString()).isEqualTo("image/jpeg");
		assertThat(ws.admin().get("/contacts").json().path("items").size()).isEqualTo(1);
	}

	@Test
	void aClosedChatIsReopenedByAnIncomingMessage() {
		var ws = newWorkspace();
		Api agent = agent(ws);
		String chatId = newChat(ws, "+351912345678");
		assign(agent, chatId, agent.memberId);
		OffsetDateTime openedBefore = OffsetDateTime.parse(agent.get("/chats/" + chatId).text("openedAt"));
		this.chats.close(signedIn(ws, agent, Role.AGENT), Long.parseLong(chatId));
		var closed = agent.get("/chats/" + chatId);
		assertThat(closed.text("status")).isEqualTo("CLOSED");
		assertThat(closed.text("closedAt")).isNotNull();
		var response = deliver(ws, "+351912345678", "Ana", "back-again", null);
		var chat = response.json().path("chat");
		assertThat(chat.path("id").asString()).isEqualTo(chatId);
		assertThat(chat.path("status").asString()).isEqualTo("OPEN");
		assertThat(chat.path("closedAt").isNull()).isTrue();
		assertThat(chat.path("assigneeId").asString()).isEqualTo(agent.memberId);
		assertThat(chat.path("assigneeName").asString()).isEqualTo(closed.text("assigneeName")).isNotBlank();
		assertThat(chat.path("contactName").asString()).isEqualTo(closed.text("contactName")).isNotBlank();
		assertThat(OffsetDateTime.parse(chat.path("openedAt").asString())).isAfter(openedBefore);
		assertThat(chat).isEqualTo(agent.get("/chats/" + chatId).json());
		var message = response.json().path("message");
		assertThat(message.path("chatId").asString()).isEqualTo(chatId);
		assertThat(message.path("direction").asString()).isEqualTo("IN");
		assertThat(message.path("body").asString()).isEqualTo("Hello back-again");
		assertThat(message.path("authorName").isNull()).isTrue();
	}

	// --- unread ------------------------------------------------------------------------------------

	@Test
	void unreadIsRaisedByInboundAndResetOnlyByTheAssignee() {
		var ws = newWorkspace();
		Api assignee = agent(ws);
		Api other = member(ws, Role.AGENT, "Olga Other");
		String chatId = newChat(ws, "+351912345678");
		deliver(ws, "+351912345678", "Ana", "second", null);
		assertThat(assignee.get("/chats/" + chatId).json().path("unreadCount").asInt()).isEqualTo(2);
		var unassignedRead = assignee.post("/chats/" + chatId + "/read");
		assertThat(unassignedRead.status()).isEqualTo(200);
		assertThat(unassignedRead.json().path("unreadCount").asInt()).isEqualTo(2);
		assign(assignee, chatId, assignee.memberId);
		var byOther = other.post("/chats/" + chatId + "/read");
		assertThat(byOther.status()).isEqualTo(200);
		assertThat(byOther.json().path("unreadCount").asInt()).isEqualTo(2);
		var byAdmin = ws.admin().post("/chats/" + chatId + "/read");
		assertThat(byAdmin.json().path("unreadCount").asInt()).isEqualTo(2);
		var byAssignee = assignee.post("/chats/" + chatId + "/read");
		assertThat(byAssignee.status()).isEqualTo(200);
		assertThat(byAssignee.json().path("unreadCount").asInt()).isZero();
		deliver(ws, "+351912345678", "Ana", "third", null);
		assertThat(assignee.get("/chats/" + chatId).json().path("unreadCount").asInt()).isEqualTo(1);
	}

	// --- sending -----------------------------------------------------------------------------------

	@Test
	void theAssigneeSendsAPendingOutgoingMessage() {
		var ws = newWorkspace();
		Api agent = agent(ws);
		String chatId = newChat(ws, "+351912345678");
		assign(agent, chatId, agent.memberId);
		var sent = agent.post("/chats/" + chatId + "/messages", body("type", "text", "body", "We can help!"));
		assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
		// Location is the message made, and reading it answers the same message
		assertThat(sent.header("Location")).isEqualTo("/api/v1/chats/" + chatId + "/messages/" + sent.id());
		assertThat(agent.getFromRoot(sent.header("Location")).json().path("body").asString()).isEqualTo("We can help!");
		assertThat(sent.text("direction")).isEqualTo("OUT");
		assertThat(sent.text("deliveryStatus")).isEqualTo("PENDING");
		assertThat(sent.text("authorId")).isEqualTo(agent.memberId);
		assertThat(sent.text("authorName")).isEqualTo("Andy Agent");
		var messages = agent.get("/chats/" + chatId + "/messages").json().path("items");
		assertThat(messages.size()).isEqualTo(2);
		assertThat(messages.get(1).path("id").asString()).isEqualTo(sent.id());
		assertThat(agent.get("/chats/" + chatId).text("lastMessageAt")).isEqualTo(sent.text("sentAt"));
		var empty = agent.post("/chats/" + chatId + "/messages", body("body", " "));
		assertThat(empty.status()).isEqualTo(400);
		var badType = agent.post("/chats/" + chatId + "/messages", body("type", "smoke", "body", "x"));
		assertThat(badType.status()).isEqualTo(400);
	}

	@Test
	void sendingIsRefusedToNonAssigneesEvenAdmins() {
		var ws = newWorkspace();
		Api agent = agent(ws);
		String chatId = newChat(ws, "+351912345678");
		var unassigned = agent.post("/chats/" + chatId + "/messages", body("body", "Hi"));
		assertThat(unassigned.status()).isEqualTo(403);
		assertThat(type(unassigned)).isEqualTo("/problems/not-assignee");
		assign(agent, chatId, agent.memberId);
		var admin = ws.admin().post("/chats/" + chatId + "/messages", body("body", "Hi"));
		assertThat(admin.status()).isEqualTo(403);
		assertThat(type(admin)).isEqualTo("/problems/not-assignee");
		assertThat(admin.json().path("detail").asString()).contains("assigned to Andy Agent");
	}

	@Test
	void sendingIsRefusedInAClosedChat() {
		var ws = newWorkspace();
		Api agent = agent(ws);
		String chatId = newChat(ws, "+351912345678");
		assign(agent, chatId, agent.memberId);
		this.chats.close(signedIn(ws, agent, Role.AGENT), Long.parseLong(chatId));
		var response = agent.post("/chats/" + chatId + "/messages", body("body", "Hi"));
		assertThat(response.status()).isEqualTo(409);
		assertThat(type(response)).isEqualTo("/problems/chat-closed");
		assertThat(response.json().path("detail").asString()).contains("closed");
	}

	@Test
	void sendingIsRefusedMoreThan24HoursAfterTheCustomersLastMessage() {
		var ws = newWorkspace();
		Api agent = agent(ws);
		var delivered = deliver(ws, "+351912345678", "Ana", "old", OffsetDateTime.now().minusHours(25));
		String chatId = delivered.json().path("chat").path("id").asString();
		assign(agent, chatId, agent.memberId);
		var response = agent.post("/chats/" + chatId + "/messages", body("body", "Sorry for the delay"));
		assertThat(response.status()).isEqualTo(409);
		assertThat(type(response)).isEqualTo("/problems/outside-24h-window");
		assertThat(response.json().path("detail").asString()).contains("24 hours");
		deliver(ws, "+351912345678", "Ana", "fresh", OffsetDateTime.now().minusHours(23));
		assertThat(agent.post("/chats/" + chatId + "/messages", body("body", "Hi again")).status()).isEqualTo(201);
	}

	// --- assignment ----------------------------------------------------------------------------

	@Test
	void anyoneTakesAnUnassignedChatButOnlyForThemselves() {
		var ws = newWorkspace();
		Api andy = agent(ws);
		Api olga = member(ws, Role.AGENT, "Olga Other");
		String chatId = newChat(ws, "+351912345678");
		var giveAway = andy.post("/chats/" + chatId + "/assign", body("assigneeId", olga.memberId));
		assertThat(giveAway.status()).isEqualTo(403);
		assertThat(type(giveAway)).isEqualTo("/problems/not-assignee");
		var take = andy.post("/chats/" + chatId + "/assign", body("assigneeId", andy.memberId));
		assertThat(take.status()).isEqualTo(200);
		assertThat(take.text("assigneeId")).isEqualTo(andy.memberId);
		assertThat(take.text("assigneeName")).isEqualTo("Andy Agent");
		var steal = olga.post("/chats/" + chatId + "/assign", body("assigneeId", olga.memberId));
		assertThat(steal.status()).isEqualTo(403);
		assertThat(type(steal)).isEqualTo("/problems/not-assignee");
		var unassignByOther = olga.post("/chats/" + chatId + "/assign", body("assigneeId", null));
		assertThat(unassignByOther.status()).isEqualTo(403);
	}

	@Test
	void theAssigneeOrAnAdminReassigns() {
		var ws = newWorkspace();
		Api andy = agent(ws);
		Api olga = member(ws, Role.AGENT, "Olga Other");
		String chatId = newChat(ws, "+351912345678");
		assign(ws.admin(), chatId, andy.memberId);
		assign(andy, chatId, olga.memberId);
		assertThat(andy.get("/chats/" + chatId).text("assigneeId")).isEqualTo(olga.memberId);
		assign(ws.admin(), chatId, andy.memberId);
		assign(andy, chatId, null);
		assertThat(andy.get("/chats/" + chatId).text("assigneeId")).isNull();
		assign(ws.admin(), chatId, olga.memberId);
		assign(ws.admin(), chatId, null);
		assertThat(andy.get("/chats/" + chatId).text("assigneeId")).isNull();
	}

	@Test
	void theNewAssigneeMustBeAnActiveMemberOfTheWorkspace() {
		var ws = newWorkspace();
		Api gone = member(ws, Role.AGENT, "Gone Member");
		ws.admin().patch("/members/" + gone.memberId, body("version", 0, "active", false));
		var other = newWorkspace();
		String chatId = newChat(ws, "+351912345678");
		var inactive = ws.admin().post("/chats/" + chatId + "/assign", body("assigneeId", gone.memberId));
		assertThat(inactive.status()).isEqualTo(400);
		assertThat(inactive.json().path("errors").get(0).path("field").asString()).isEqualTo("assigneeId");
		var foreign = ws.admin().post("/chats/" + chatId + "/assign", body("assigneeId", other.admin().memberId));
		assertThat(foreign.status()).isEqualTo(400);
		assertThat(ws.admin().post("/chats/" + chatId + "/assign", body()).status()).isEqualTo(400);
		assertThat(ws.admin().post("/chats/" + chatId + "/assign", body("assigneeId", "abc")).status()).isEqualTo(400);
		assertThat(ws.admin().post("/chats/" + chatId + "/assign", body("who", "1")).status()).isEqualTo(400);
	}

	// --- close and reopen ----------------------------------------------------------------------

	@Test
	void onlyTheAssigneeClosesAndAClosedChatCannotBeClosedAgain() {
		var ws = newWorkspace();
		Api andy = agent(ws);
		String chatId = newChat(ws, "+351912345678");
		long id = Long.parseLong(chatId);
		var unassigned = problem(() -> this.chats.close(ws.adminMember(), id));
		assertThat(unassigned.type()).isEqualTo("not-assignee");
		assign(andy, chatId, andy.memberId);
		var admin = problem(() -> this.chats.close(ws.adminMember(), id));
		assertThat(admin.status().value()).isEqualTo(403);
		assertThat(admin.type()).isEqualTo("not-assignee");
		ChatView closed = this.chats.close(signedIn(ws, andy, Role.AGENT), id);
		assertThat(closed.status()).isEqualTo(ChatStatus.CLOSED);
		assertThat(closed.closedAt()).isNotNull();
		var again = problem(() -> this.chats.close(signedIn(ws, andy, Role.AGENT), id));
		assertThat(again.status().value()).isEqualTo(409);
		var foreign = newWorkspace();
		assertThat(problem(() -> this.chats.close(foreign.adminMember(), id)).status().value()).isEqualTo(404);
	}

	@Test
	void onlyTheAssigneeReopensAClosedChat() {
		var ws = newWorkspace();
		Api andy = agent(ws);
		String chatId = newChat(ws, "+351912345678");
		assign(andy, chatId, andy.memberId);
		var open = andy.post("/chats/" + chatId + "/reopen");
		assertThat(open.status()).isEqualTo(409);
		assertThat(type(open)).isEqualTo("/problems/chat-already-open");
		ChatView closed = this.chats.close(signedIn(ws, andy, Role.AGENT), Long.parseLong(chatId));
		var byAdmin = ws.admin().post("/chats/" + chatId + "/reopen");
		assertThat(byAdmin.status()).isEqualTo(403);
		assertThat(type(byAdmin)).isEqualTo("/problems/not-assignee");
		var reopened = andy.post("/chats/" + chatId + "/reopen");
		assertThat(reopened.status()).isEqualTo(200);
		assertThat(reopened.text("status")).isEqualTo("OPEN");
		assertThat(reopened.text("closedAt")).isNull();
		assertThat(OffsetDateTime.parse(reopened.text("openedAt"))).isAfter(closed.openedAt());
	}

	@Test
	void closureRequirementNeedsAConversationLoggedSinceTheChatWasLastOpened() {
		var ws = newWorkspace();
		Api andy = agent(ws);
		SignedInMember andyMember = signedIn(ws, andy, Role.AGENT);
		String chatId = newChat(ws, "+351912345678");
		long id = Long.parseLong(chatId);
		assign(andy, chatId, andy.memberId);
		ws.admin().patch("/settings", body("version", 0, "requireConversationToCloseChat", true));
		var refused = problem(() -> this.chats.close(andyMember, id));
		assertThat(refused.status().value()).isEqualTo(409);
		assertThat(refused.type()).isEqualTo("conversation-required");
		assertThat(refused.getMessage()).contains("Log a conversation").contains("POST /chats/" + id + "/close");
		logConversation(ws, chatId);
		assertThat(this.chats.close(andyMember, id).status()).isEqualTo(ChatStatus.CLOSED);
		// reopened: the earlier conversation no longer counts
		andy.post("/chats/" + chatId + "/reopen");
		assertThat(problem(() -> this.chats.close(andyMember, id)).type()).isEqualTo("conversation-required");
		logConversation(ws, chatId);
		assertThat(this.chats.close(andyMember, id).status()).isEqualTo(ChatStatus.CLOSED);
		// requirement off: closes without a conversation
		deliver(ws, "+351912345678", "Ana", "reopens", null);
		ws.admin().patch("/settings", body("version", 1, "requireConversationToCloseChat", false));
		assertThat(this.chats.close(andyMember, id).status()).isEqualTo(ChatStatus.CLOSED);
	}

	@Test
	void closeJoinsTheCallersTransaction() {
		var ws = newWorkspace();
		Api andy = agent(ws);
		String chatId = newChat(ws, "+351912345678");
		assign(andy, chatId, andy.memberId);
		this.transactions.executeWithoutResult((status) -> {
			this.chats.close(signedIn(ws, andy, Role.AGENT), Long.parseLong(chatId));
			status.setRollbackOnly();
		});
		assertThat(andy.get("/chats/" + chatId).text("status")).isEqualTo("OPEN");
	}

	// --- views and paging ----------------------------------------------------------------------

	@Test
	void theFiveViewsAndTheUnreadFilter() {
		var ws = newWorkspace();
		Api andy = agent(ws);
		SignedInMember andyMember = signedIn(ws, andy, Role.AGENT);
		String mineOpen = newChat(ws, "+351910000001");
		String mineClosed = newChat(ws, "+351910000002");
		String othersOpen = newChat(ws, "+351910000003");
		String unassigned = newChat(ws, "+351910000004");
		assign(andy, mineOpen, andy.memberId);
		assign(andy, mineClosed, andy.memberId);
		assign(ws.admin(), othersOpen, ws.admin().memberId);
		this.chats.close(andyMember, Long.parseLong(mineClosed));
		andy.post("/chats/" + mineOpen + "/read");

		assertThat(ids(andy.get("/chats"))).containsExactly(mineOpen);
		assertThat(ids(andy.get("/chats?view=my-open"))).containsExactly(mineOpen);
		assertThat(ids(andy.get("/chats?view=mine"))).containsExactly(mineClosed, mineOpen);
		assertThat(ids(andy.get("/chats?view=all"))).containsExactly(unassigned, othersOpen, mineClosed, mineOpen);
		assertThat(ids(andy.get("/chats?view=all-open"))).containsExactly(unassigned, othersOpen, mineOpen);
		assertThat(ids(andy.get("/chats?view=all-closed"))).containsExactly(mineClosed);
		assertThat(ids(andy.get("/chats?view=all&unread=true"))).containsExactly(unassigned, othersOpen, mineClosed);
		assertThat(ids(andy.get("/chats?view=mine&unread=true"))).containsExactly(mineClosed);
		// a new message moves its chat to the top
		deliver(ws, "+351910000001", "x", "bump", null);
		assertThat(ids(andy.get("/chats?view=all")).get(0)).isEqualTo(mineOpen);

		var unknown = andy.get("/chats?view=everything");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.body()).contains("my-open, all, all-open, mine, all-closed");
		assertThat(andy.get("/chats?unread=maybe").status()).isEqualTo(400);
	}

	@Test
	void chatListsAndMessagesPageWithCursors() {
		var ws = newWorkspace();
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			created.add(newChat(ws, "+35191000000" + i));
		}
		List<String> seen = new ArrayList<>();
		String cursor = null;
		do {
			var page = ws.admin().get("/chats?view=all&limit=2" + (cursor != null ? "&cursor=" + cursor : ""));
			seen.addAll(ids(page));
			cursor = page.text("nextCursor");
		}
		while (cursor != null);
		java.util.Collections.reverse(created);
		assertThat(seen).containsExactlyElementsOf(created);
		String firstPage = ws.admin().get("/chats?view=all&limit=2").text("nextCursor");
		assertThat(ws.admin().get("/chats?view=mine&limit=2&cursor=" + firstPage).status()).isEqualTo(400);
		assertThat(ws.admin().get("/chats?cursor=nonsense").status()).isEqualTo(400);

		OffsetDateTime start = OffsetDateTime.now().minusHours(2);
		String chatId = null;
		for (int i = 4; i >= 0; i--) {
			chatId = deliver(ws, "+351920000000", "Pat", "p" + i, start.plusMinutes(i)).json().path("chat").path("id").asString();
		}
		List<String> bodies = new ArrayList<>();
		cursor = null;
		do {
			var page = ws.admin().get("/chats/" + chatId + "/messages?limit=2" + (cursor != null ? "&cursor=" + cursor : ""));
			assertThat(page.status()).isEqualTo(200);
			page.json().path("items").forEach((m) -> bodies.add(m.path("body").asString()));
			cursor = page.text("nextCursor");
		}
		while (cursor != null);
		assertThat(bodies).containsExactly("Hello p0", "Hello p1", "Hello p2", "Hello p3", "Hello p4");
	}

	// --- workspace isolation -------------------------------------------------------------------

	@Test
	void chatsAndMessagesOfAnotherWorkspaceAreInvisible() {
		var mine = newWorkspace();
		var theirs = newWorkspace();
		var delivered = deliver(theirs, "+351912345678", "Secret Sam", "theirs-1", null);
		String chatId = delivered.json().path("chat").path("id").asString();
		long messageId = Long.parseLong(delivered.json().path("message").path("id").asString());
		assign(theirs.admin(), chatId, theirs.admin().memberId);
		Api me = mine.admin();
		assertThat(me.get("/chats/" + chatId).status()).isEqualTo(404);
		assertThat(me.get("/chats/" + chatId + "/messages").status()).isEqualTo(404);
		assertThat(me.post("/chats/" + chatId + "/messages", body("body", "x")).status()).isEqualTo(404);
		assertThat(me.post("/chats/" + chatId + "/assign", body("assigneeId", me.memberId)).status()).isEqualTo(404);
		assertThat(me.post("/chats/" + chatId + "/reopen").status()).isEqualTo(404);
		assertThat(me.post("/chats/" + chatId + "/read").status()).isEqualTo(404);
		assertThat(me.get("/chats/xyz").status()).isEqualTo(404);
		for (String view : List.of("all", "all-open", "all-closed", "mine", "my-open")) {
			assertThat(me.get("/chats?view=" + view).body()).doesNotContain("Secret Sam");
		}
		assertThat(this.chats.find(mine.id(), Long.parseLong(chatId))).isEmpty();
		assertThat(this.chats.findMessage(mine.id(), messageId)).isEmpty();
		assertThat(this.chats.findMessage(theirs.id(), messageId)).isPresent();
		assertThat(problem(() -> this.chats.get(mine.id(), Long.parseLong(chatId))).status().value()).isEqualTo(404);
		// their chat is untouched
		assertThat(theirs.admin().get("/chats/" + chatId).json().path("unreadCount").asInt()).isEqualTo(1);
	}

	// --- events ------------------------------------------------------------------------------------

	@Test
	void publishesWhatHappensToChats() {
		var ws = newWorkspace();
		SignedInMember admin = ws.adminMember();
		var delivery = this.inbound.receive(admin, new InboundMessages.InboundMessage(null, "ev-1", "+351912345678",
				"Ana", "text", "Hi", null, null));
		long chatId = Long.parseLong(delivery.chat().id());
		this.chats.assign(admin, chatId, admin.memberId());
		this.chats.send(admin, chatId, new Chats.NewMessage(null, "Hello"));
		this.chats.close(admin, chatId);
		this.chats.reopen(admin, chatId);
		assertThat(this.events.stream(ChatOpened.class).filter((e) -> e.chatId() == chatId)).hasSize(2);
		assertThat(this.events.stream(MessageReceived.class).filter((e) -> e.chatId() == chatId)).hasSize(1);
		assertThat(this.events.stream(ChatAssigned.class).filter((e) -> e.chatId() == chatId))
			.singleElement()
			.satisfies((e) -> assertThat(e.assigneeId()).isEqualTo(admin.memberId()));
		assertThat(this.events.stream(MessageSent.class).filter((e) -> e.chatId() == chatId)).hasSize(1);
		assertThat(this.events.stream(ChatClosed.class).filter((e) -> e.chatId() == chatId)).hasSize(1);
		assertThatThrownBy(() -> this.inbound.receive(signedIn(ws, agent(ws), Role.AGENT),
				new InboundMessages.InboundMessage(null, null, "+351912345678", null, null, "x", null, null)))
			.isInstanceOf(ProblemException.class);
	}

	@Test
	void theOpenApiDocumentDescribesTheChatAndContactEndpoints() throws Exception {
		var response = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + this.port + "/v3/api-docs"))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("/api/v1/inbound/messages", "/api/v1/chats/{id}/assign",
				"/api/v1/contacts/{id}", "Send a message in a chat");
	}

}
