package com.convonite.chat;

import java.time.OffsetDateTime;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;
import com.convonite.workspace.Role;
import com.convonite.workspace.SignedInMember;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The composer's reason and the API's refusal come from one rule, so they always agree. */
class ChatSendRuleIntegrationTests extends ApiIntegrationTest {

	@Autowired
	Chats chats;

	@Test
	void theReasonShownIsTheRefusalTheApiGives() {
		var workspace = newWorkspace();
		Api agentApi = agent(workspace);
		SignedInMember agent = new SignedInMember(workspace.id(), Long.parseLong(agentApi.memberId), Role.AGENT,
				"Andy Agent");
		var fresh = Inbound.deliver(workspace.admin(), Inbound.phone(), "Maria", "Hi", OffsetDateTime.now());
		long chatId = Long.parseLong(fresh.chatId());

		var refusal = this.chats.whyCannotSend(agent, this.chats.get(workspace.id(), chatId));
		assertThat(refusal.rule()).isEqualTo(Chats.SendRefusal.Rule.NOT_ASSIGNEE);
		assertThat(refusal.reason()).contains("take it first");
		var api = agentApi.post("/chats/" + chatId + "/messages", body("body", "Hello"));
		assertThat(api.status()).isEqualTo(403);
		assertThat(api.text("detail")).isEqualTo(refusal.reason());

		this.chats.assign(agent, chatId, agent.memberId());
		assertThat(this.chats.whyCannotSend(agent, this.chats.get(workspace.id(), chatId))).isNull();
		assertThat(agentApi.post("/chats/" + chatId + "/messages", body("body", "Hello")).status()).isEqualTo(201);

		this.chats.close(agent, chatId);
		refusal = this.chats.whyCannotSend(agent, this.chats.get(workspace.id(), chatId));
		assertThat(refusal.rule()).isEqualTo(Chats.SendRefusal.Rule.CHAT_CLOSED);
		api = agentApi.post("/chats/" + chatId + "/messages", body("body", "Hello"));
		assertThat(api.status()).isEqualTo(409);
		assertThat(api.text("detail")).isEqualTo(refusal.reason());

		var old = Inbound.deliver(workspace.admin(), Inbound.phone(), "Joao", "Hi",
				OffsetDateTime.now().minusHours(25));
		long oldId = Long.parseLong(old.chatId());
		this.chats.assign(agent, oldId, agent.memberId());
		refusal = this.chats.whyCannotSend(agent, this.chats.get(workspace.id(), oldId));
		assertThat(refusal.rule()).isEqualTo(Chats.SendRefusal.Rule.OUTSIDE_24H_WINDOW);
		assertThat(refusal.reason()).contains("more than 24 hours ago");
		api = agentApi.post("/chats/" + oldId + "/messages", body("body", "Hello"));
		assertThat(api.status()).isEqualTo(409);
		assertThat(api.text("detail")).isEqualTo(refusal.reason());
	}

}
