package com.convonite.chat;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.Map;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;
import com.convonite.support.WebSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The inbox's pages over HTTP: fragments for htmx, the list kept across actions, the next chat after closing. */
class InboxPageIntegrationTests extends ApiIntegrationTest {

	@Test
	void anActionKeepsTheListItCameFromAndAViewItDoesNotKnowLeadsToTheDefaultInsteadOfRefusingWhatWasDone() {
		var workspace = newWorkspace();
		Api admin = workspace.admin();
		var chat = Inbound.deliver(admin, Inbound.phone(), "Ana Souza", "Hello", OffsetDateTime.now().minusMinutes(1));
		admin.post("/chats/" + chat.chatId() + "/assign", body("assigneeId", admin.memberId));
		WebSession web = WebSession.signIn(this.port, workspace.adminEmail(), PASSWORD);
		web.get("/chats/" + chat.chatId());

		HttpResponse<String> sent = web.postForm("/chats/" + chat.chatId() + "/messages",
				Map.of("body", "First reply", "view", "all", "q", "ana souza"));
		assertThat(sent.statusCode()).isEqualTo(302);
		assertThat(sent.headers().firstValue("Location").orElse(""))
			.endsWith("/chats/" + chat.chatId() + "?view=all&q=ana+souza#composer");

		// The message is sent whatever the list's parameters say: they only decide where the answer leads.
		HttpResponse<String> odd = web.postForm("/chats/" + chat.chatId() + "/messages",
				Map.of("body", "Second reply", "view", "a\u0000b", "unread", "0"));
		assertThat(odd.statusCode()).isEqualTo(302);
		assertThat(odd.headers().firstValue("Location").orElse(""))
			.endsWith("/chats/" + chat.chatId() + "?view=my-open#composer");
		assertThat(admin.get("/chats/" + chat.chatId() + "/messages").body()).contains("First reply", "Second reply");
	}

	@Test
	void pickingAChatAnswersThreadAndSidePanelOnlyAndAFullLoadTheWholeInbox() {
		var workspace = newWorkspace();
		Api admin = workspace.admin();
		var chat = Inbound.deliver(admin, Inbound.phone(), "Bruno Lima", "Where is my parcel?",
				OffsetDateTime.now().minusMinutes(1));
		WebSession web = WebSession.signIn(this.port, workspace.adminEmail(), PASSWORD);

		HttpResponse<String> page = web.get("/chats/" + chat.chatId() + "?view=all");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"chat-rows\"", "id=\"thread\"", "id=\"side-panel\"", "Where is my parcel?");

		HttpResponse<String> fragment = web.get("/chats/" + chat.chatId() + "?view=all", Map.of("HX-Request", "true"));
		assertThat(fragment.statusCode()).isEqualTo(200);
		assertThat(fragment.body()).contains("id=\"thread\"", "id=\"side-panel\"", "Where is my parcel?")
			.doesNotContain("id=\"chat-rows\"", "<html");

		HttpResponse<String> next = web.get("/chats/" + chat.chatId() + "/next?view=no-such-view");
		assertThat(next.statusCode()).isEqualTo(302);
		assertThat(next.headers().firstValue("Location").orElse("")).endsWith("/chats?view=my-open");
	}

}
