package com.convonite.notification;

import java.time.OffsetDateTime;

import com.convonite.chat.MessageReceived;
import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;
import com.convonite.support.WebSession;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.convonite.notification.NotificationIntegrationTests.eventually;
import static com.convonite.notification.NotificationIntegrationTests.pause;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifications the review missed (issue 14 §4): a chat assigned to me by someone else, my task completed
 * by its assignee, and none left waiting for a message in the chat I am looking at.
 */
class NotificationKindsIntegrationTests extends ApiIntegrationTest {

	@Autowired
	Notifications notifications;

	@Autowired
	NotificationListeners listeners;

	@Test
	void aChatAssignedToMeBySomeoneElseNotifiesMeButTakingOneMyselfDoesNot() {
		var workspace = newWorkspace();
		Api agent = agent(workspace);
		long agentId = Long.parseLong(agent.memberId);
		var taken = Inbound.deliver(workspace.admin(), Inbound.phone(), "Gustavo Rocha", "Hello", OffsetDateTime.now());
		var given = Inbound.deliver(workspace.admin(), Inbound.phone(), "Paula Pereira", "Hi", OffsetDateTime.now());
		assertThat(agent.post("/chats/" + taken.chatId() + "/assign", body("assigneeId", agent.memberId)).status())
			.isEqualTo(200);
		assertThat(workspace.admin().post("/chats/" + given.chatId() + "/assign", body("assigneeId", agent.memberId))
			.status()).isEqualTo(200);
		eventually(() -> this.notifications.unseen(workspace.id(), agentId) == 1);
		pause(300);
		assertThat(this.notifications.newest(workspace.id(), agentId, 10)).singleElement().satisfies((n) -> {
			assertThat(n.kind()).isEqualTo(NotificationKind.CHAT_ASSIGNED);
			assertThat(n.text()).isEqualTo("Ada Admin assigned you the chat with Paula Pereira");
			assertThat(n.link()).isEqualTo("/chats/" + given.chatId());
		});
	}

	/**
	 * Opening the chat is what "assigned you the chat" asked for: it is read then, with the chat's message
	 * notifications, whether or not the chat had unread messages; notifications about other things stay.
	 */
	@Test
	void openingAChatReadsItsNotificationsTheAssignmentIncluded() {
		var workspace = newWorkspace();
		Api agent = agent(workspace);
		long agentId = Long.parseLong(agent.memberId);
		var quiet = Inbound.deliver(workspace.admin(), Inbound.phone(), "Paula Pereira", "Hi", OffsetDateTime.now());
		var other = Inbound.deliver(workspace.admin(), Inbound.phone(), "Igor Novak", "Hello", OffsetDateTime.now());
		// The admin reads Paula's chat first, so it has nothing unread when it is given to the agent.
		workspace.admin().post("/chats/" + quiet.chatId() + "/assign", body("assigneeId", workspace.admin().memberId));
		workspace.admin().post("/chats/" + quiet.chatId() + "/read");
		workspace.admin().post("/chats/" + quiet.chatId() + "/assign", body("assigneeId", agent.memberId));
		workspace.admin().post("/chats/" + other.chatId() + "/assign", body("assigneeId", agent.memberId));
		eventually(() -> this.notifications.unseen(workspace.id(), agentId) == 2);

		WebSession web = WebSession.signIn(this.port, agent.email, PASSWORD);
		assertThat(web.get("/chats/" + quiet.chatId()).statusCode()).isEqualTo(200);
		assertThat(this.notifications.unseen(workspace.id(), agentId)).isEqualTo(1);
		assertThat(this.notifications.newest(workspace.id(), agentId, 10)).filteredOn(NotificationView::isNew)
			.singleElement()
			.satisfies((n) -> assertThat(n.link()).isEqualTo("/chats/" + other.chatId()));
		assertThat(web.get("/chats/" + other.chatId()).statusCode()).isEqualTo(200);
		assertThat(this.notifications.unseen(workspace.id(), agentId)).isZero();
	}

	@Test
	void myTaskCompletedBySomeoneElseNotifiesMe() {
		var workspace = newWorkspace();
		Api agent = agent(workspace);
		var chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Alice", "Hello", OffsetDateTime.now());
		String purpose = workspace.admin().get("/purposes").json().get(0).path("id").asString();
		var logged = workspace.admin().post("/conversations", body("chatId", chat.chatId(), "subject", "Quote",
				"purposeId", purpose, "followUpTask", body("assigneeId", agent.memberId)));
		String taskId = logged.json().path("followUpTask").path("id").asString();
		long adminId = workspace.adminMember().memberId();
		assertThat(agent.post("/tasks/" + taskId + "/complete").status()).isEqualTo(200);
		eventually(() -> this.notifications.unseen(workspace.id(), adminId) == 1);
		assertThat(this.notifications.newest(workspace.id(), adminId, 10)).singleElement().satisfies((n) -> {
			assertThat(n.kind()).isEqualTo(NotificationKind.TASK_COMPLETED);
			assertThat(n.text()).isEqualTo("Andy Agent completed your task: Follow up: Quote");
		});
	}

	@Test
	void aMessageInTheChatIAmLookingAtLeavesNoNotificationWaiting() {
		var workspace = newWorkspace();
		Api agent = agent(workspace);
		long agentId = Long.parseLong(agent.memberId);
		String phone = Inbound.phone();
		var chat = Inbound.deliver(workspace.admin(), phone, "Ana Souza", "Hello", OffsetDateTime.now());
		agent.post("/chats/" + chat.chatId() + "/assign", body("assigneeId", agent.memberId));
		WebSession web = WebSession.signIn(this.port, agent.email, PASSWORD);
		Inbound.deliver(workspace.admin(), phone, "Ana Souza", "Are you there?", OffsetDateTime.now());
		eventually(() -> this.notifications.unseen(workspace.id(), agentId) == 1);
		// The open chat page refreshes its thread as the message arrives, which reads the chat.
		assertThat(web.get("/chats/" + chat.chatId()).statusCode()).isEqualTo(200);
		eventually(() -> this.notifications.unseen(workspace.id(), agentId) == 0);
	}

	/**
	 * The open chat's page reads the message as soon as the live update arrives, which can be before the message's
	 * notification is stored (both follow the message's commit, each on its own): the reading must not be lost.
	 */
	@Test
	void aMessageReadBeforeItsNotificationIsStoredLeavesNoNotificationWaiting() {
		var workspace = newWorkspace();
		Api agent = agent(workspace);
		long agentId = Long.parseLong(agent.memberId);
		String phone = Inbound.phone();
		var chat = Inbound.deliver(workspace.admin(), phone, "Rosa Lima", "Hello", OffsetDateTime.now());
		agent.post("/chats/" + chat.chatId() + "/assign", body("assigneeId", agent.memberId));
		WebSession web = WebSession.signIn(this.port, agent.email, PASSWORD);
		var arrived = Inbound.deliver(workspace.admin(), phone, "Rosa Lima", "Still there?", OffsetDateTime.now());
		eventually(() -> this.notifications.newest(workspace.id(), agentId, 10).size() == 1);
		assertThat(web.get("/chats/" + chat.chatId() + "/thread").statusCode()).isEqualTo(200);
		eventually(() -> this.notifications.unseen(workspace.id(), agentId) == 0);

		// The message's notification comes late, after the reading was handled.
		this.listeners.on(new MessageReceived(workspace.id(), Long.parseLong(chat.chatId()),
				Long.parseLong(arrived.messageId()), agentId));
		eventually(() -> this.notifications.newest(workspace.id(), agentId, 10).size() == 2);
		assertThat(this.notifications.unseen(workspace.id(), agentId)).isZero();
		assertThat(this.notifications.newest(workspace.id(), agentId, 10)).allSatisfy((n) -> {
			assertThat(n.text()).contains("Rosa Lima");
			assertThat(n.isNew()).isFalse();
		});
	}

}
