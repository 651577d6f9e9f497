package com.convonite.conversation;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;
import com.convonite.support.Inbound.Delivered;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The chat closure requirement (SPEC §6) on every way of closing a chat, and atomic log-and-close. */
class ChatClosureIntegrationTests extends ApiIntegrationTest {

	TestWorkspace workspace;

	Api agent;

	Delivered chat;

	String purposeId;

	String phone;

	@BeforeEach
	void chatAssignedToAnAgent() {
		this.workspace = newWorkspace();
		this.agent = agent(this.workspace);
		this.phone = Inbound.phone();
		this.chat = Inbound.deliver(this.workspace.admin(), this.phone, "Rita", "Hello?", OffsetDateTime.now(ZoneOffset.UTC));
		var taken = this.agent.post("/chats/" + this.chat.chatId() + "/assign", body("assigneeId", this.agent.memberId));
		assertThat(taken.status()).as(taken.toString()).isEqualTo(200);
		this.purposeId = this.workspace.admin().get("/purposes").json().get(0).path("id").asString();
	}

	private void requireConversation(boolean on) {
		int version = this.workspace.admin().get("/settings").json().path("version").asInt();
		var changed = this.workspace.admin().patch("/settings", body("version", version, "requireConversationToCloseChat", on));
		assertThat(changed.status()).isEqualTo(200);
	}

	private String chatStatus() {
		return this.agent.get("/chats/" + this.chat.chatId()).text("status");
	}

	private int conversationsOnChat() {
		return this.agent.get("/conversations?chatId=" + this.chat.chatId()).json().path("total").asInt();
	}

	@Test
	void withTheRequirementOffAChatClosesWithoutAConversation() {
		var closed = this.agent.post("/chats/" + this.chat.chatId() + "/close");
		assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
		assertThat(closed.json().path("chat").path("status").asString()).isEqualTo("CLOSED");
	}

	@Test
	void withTheRequirementOnAPlainCloseIsRefusedWithAClearError() {
		requireConversation(true);
		var refused = this.agent.post("/chats/" + this.chat.chatId() + "/close");
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().path("type").asString()).isEqualTo("/problems/conversation-required");
		assertThat(refused.json().path("detail").asString()).containsIgnoringCase("conversation");
		assertThat(chatStatus()).isEqualTo("OPEN");
	}

	@Test
	void logAndCloseSavesTheConversationAndClosesTheChatTogether() {
		requireConversation(true);
		var done = this.agent.post("/chats/" + this.chat.chatId() + "/close",
				body("conversation", body("subject", "Greeting only", "purposeId", this.purposeId)));
		assertThat(done.status()).as(done.toString()).isEqualTo(200);
		assertThat(done.json().path("chat").path("status").asString()).isEqualTo("CLOSED");
		assertThat(done.json().path("conversation").path("subject").asString()).isEqualTo("Greeting only");
		assertThat(done.json().path("conversation").path("chatId").asString()).isEqualTo(this.chat.chatId());
		assertThat(chatStatus()).isEqualTo("CLOSED");
		assertThat(conversationsOnChat()).isEqualTo(1);
	}

	@Test
	void logAndCloseWithAnInvalidConversationDoesNeither() {
		requireConversation(true);
		var refused = this.agent.post("/chats/" + this.chat.chatId() + "/close",
				body("conversation", body("subject", "", "purposeId", this.purposeId)));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().path("errors").findValuesAsString("field")).containsExactly("conversation.subject");
		assertThat(chatStatus()).isEqualTo("OPEN");
		assertThat(conversationsOnChat()).isZero();
	}

	@Test
	void logAndCloseByANonAssigneeDoesNeither() {
		requireConversation(true);
		Api other = agent(this.workspace);
		var refused = other.post("/chats/" + this.chat.chatId() + "/close",
				body("conversation", body("subject", "Not mine", "purposeId", this.purposeId)));
		assertThat(refused.status()).isEqualTo(403);
		assertThat(chatStatus()).isEqualTo("OPEN");
		assertThat(conversationsOnChat()).isZero();
	}

	@Test
	void aConversationLoggedSinceTheChatOpenedLetsAPlainCloseThrough() {
		requireConversation(true);
		var logged = this.agent.post("/conversations", body("chatId", this.chat.chatId(), "subject", "Logged first", "purposeId", this.purposeId));
		assertThat(logged.status()).isEqualTo(201);
		assertThat(this.agent.post("/chats/" + this.chat.chatId() + "/close").status()).isEqualTo(200);
	}

	@Test
	void aConversationFromBeforeTheChatWasReopenedDoesNotCount() throws Exception {
		this.agent.post("/conversations", body("chatId", this.chat.chatId(), "subject", "Old topic", "purposeId", this.purposeId));
		assertThat(this.agent.post("/chats/" + this.chat.chatId() + "/close").status()).isEqualTo(200);
		requireConversation(true);
		Thread.sleep(20);
		Inbound.deliver(this.workspace.admin(), this.phone, "Rita", "Me again", OffsetDateTime.now(ZoneOffset.UTC));
		assertThat(chatStatus()).isEqualTo("OPEN");
		var refused = this.agent.post("/chats/" + this.chat.chatId() + "/close");
		assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
	}

	@Test
	void onlyAdminsChangeTheRequirement() {
		var refused = this.agent.patch("/settings", body("version", 0, "requireConversationToCloseChat", true));
		assertThat(refused.status()).isEqualTo(403);
		assertThat(this.agent.get("/settings").json().path("requireConversationToCloseChat").asBoolean()).isFalse();
	}

}
