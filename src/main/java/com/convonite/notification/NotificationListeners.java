package com.convonite.notification;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.convonite.chat.ChatAssigned;
import com.convonite.chat.ChatRead;
import com.convonite.chat.ChatView;
import com.convonite.chat.Chats;
import com.convonite.chat.MessageDeliveryChanged;
import com.convonite.chat.MessageReceived;
import com.convonite.chat.MessageSent;
import com.convonite.task.FollowUpTaskView;
import com.convonite.task.FollowUpTasks;
import com.convonite.task.TaskAssigned;
import com.convonite.task.TaskCompleted;
import com.convonite.task.TaskCreated;
import com.convonite.task.TaskFellDue;
import com.convonite.workspace.Members;

import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Turns what happened in the chat and task modules into notifications and live updates. Notifications are
 * stored after the work that announced it committed; live updates are signals sent when it commits. Either
 * way, rolled-back work tells nobody anything. An event may reach a listener here more than once (the event
 * publication registry delivers at least once, on any instance): each notification carries its event's id,
 * which the database keeps unique, so a repeat gives nothing twice.
 */
@Component
class NotificationListeners {

	static final String MESSAGE_EVENT = "message";

	private static final int PREVIEW = 80;

	private final Notifications notifications;

	private final LiveUpdates live;

	private final Chats chats;

	private final FollowUpTasks tasks;

	private final Members members;

	private final MessageSource texts;

	NotificationListeners(Notifications notifications, LiveUpdates live, Chats chats, FollowUpTasks tasks,
			Members members, MessageSource texts) {
		this.notifications = notifications;
		this.live = live;
		this.chats = chats;
		this.tasks = tasks;
		this.members = members;
		this.texts = texts;
	}

	/** Only a message in an assigned chat tells somebody: no event publication for the others. */
	@ApplicationModuleListener(condition = "#event.assigneeId() != null")
	void on(MessageReceived event) {
		ChatView chat = this.chats.get(event.workspaceId(), event.chatId());
		String body = this.chats.findMessage(event.workspaceId(), event.messageId())
			.map((m) -> (m.body() != null) ? m.body() : "")
			.orElse("");
		String preview = (body.length() > PREVIEW) ? body.substring(0, PREVIEW - 1) + "…" : body;
		String who = (chat.contactName() != null) ? chat.contactName() : chat.contactPhone();
		// The assignee may have read the message already (the chat open on their screen refreshed its thread as
		// it arrived) and that reading have been handled before this: the notification is then stored seen.
		this.notifications.notify(event.workspaceId(), event.assigneeId(), NotificationKind.MESSAGE,
				text("notification.text.message", who, preview), "/chats/" + event.chatId(), event.eventId(),
				() -> readByAssignee(event));
	}

	/** Only the assignee's reading resets the unread count, and only the message's arrival raised it. */
	private boolean readByAssignee(MessageReceived event) {
		ChatView now = this.chats.get(event.workspaceId(), event.chatId());
		return now.unreadCount() == 0 && Long.toString(event.assigneeId()).equals(now.assigneeId());
	}

	/**
	 * Open pages of the workspace show a chat's new message or delivery status. Runs in the transaction that
	 * published the event: the live update is a signal sent when it commits, so it needs no event publication.
	 */
	@EventListener
	void live(MessageReceived event) {
		this.live.publishToWorkspace(event.workspaceId(), MESSAGE_EVENT, Long.toString(event.chatId()));
	}

	@EventListener
	void live(MessageSent event) {
		this.live.publishToWorkspace(event.workspaceId(), MESSAGE_EVENT, Long.toString(event.chatId()));
	}

	/** The thread shows each message's delivery status (and a Retry button when it failed). */
	@EventListener
	void live(MessageDeliveryChanged event) {
		this.live.publishToWorkspace(event.workspaceId(), MESSAGE_EVENT, Long.toString(event.chatId()));
	}

	@ApplicationModuleListener
	void on(TaskCreated event) {
		if (event.assigneeId() != event.createdBy()) {
			taskGiven(event.workspaceId(), event.taskId(), event.assigneeId(), event.createdBy(), event.eventId());
		}
	}

	@ApplicationModuleListener
	void on(TaskAssigned event) {
		if (event.assigneeId() != event.assignedBy()) {
			taskGiven(event.workspaceId(), event.taskId(), event.assigneeId(), event.assignedBy(), event.eventId());
		}
	}

	/** A chat given to someone by someone else: they hear of it (taking a chat yourself is no news). */
	@ApplicationModuleListener
	void on(ChatAssigned event) {
		if (event.assigneeId() != null && event.assigneeId() != event.assignedBy()) {
			ChatView chat = this.chats.get(event.workspaceId(), event.chatId());
			String who = (chat.contactName() != null) ? chat.contactName() : chat.contactPhone();
			String actor = this.members.names(event.workspaceId(), List.of(event.assignedBy()))
				.getOrDefault(event.assignedBy(), "");
			this.notifications.notify(event.workspaceId(), event.assigneeId(), NotificationKind.CHAT_ASSIGNED,
					text("notification.text.chatAssigned", actor, who), "/chats/" + event.chatId(), event.eventId());
		}
	}

	/** The member who gave a task hears when someone else completes it. */
	@ApplicationModuleListener
	void on(TaskCompleted event) {
		this.tasks.find(event.workspaceId(), event.taskId()).ifPresent((task) -> {
			long creator = Long.parseLong(task.createdBy());
			if (creator != event.completedBy()) {
				String actor = this.members.names(event.workspaceId(), List.of(event.completedBy()))
					.getOrDefault(event.completedBy(), "");
				this.notifications.notify(event.workspaceId(), creator, NotificationKind.TASK_COMPLETED,
						text("notification.text.taskCompleted", actor, task.title()), taskLink(event.taskId()),
						event.eventId());
			}
		});
	}

	/**
	 * The member read the chat (it is open on their screen): what told them about it needs no more attention,
	 * its messages and its being assigned to them alike, so a message arriving in the chat they are looking at
	 * leaves the bell quiet. In the reading's transaction: every chat page and thread refresh reads the chat,
	 * too often for an event publication each.
	 */
	@EventListener
	void on(ChatRead event) {
		this.notifications.markChatSeen(event.workspaceId(), event.readerId(), event.chatId());
	}

	@ApplicationModuleListener
	void on(TaskFellDue event) {
		String title = this.tasks.find(event.workspaceId(), event.taskId()).map(FollowUpTaskView::title).orElse("");
		this.notifications.notify(event.workspaceId(), event.assigneeId(), NotificationKind.TASK_DUE,
				text("notification.text.taskDue", title), taskLink(event.taskId()), event.eventId());
	}

	private void taskGiven(long workspaceId, long taskId, long assigneeId, long actorId, UUID eventId) {
		String title = this.tasks.find(workspaceId, taskId).map(FollowUpTaskView::title).orElse("");
		String actor = this.members.names(workspaceId, List.of(actorId)).getOrDefault(actorId, "");
		this.notifications.notify(workspaceId, assigneeId, NotificationKind.TASK_ASSIGNED,
				text("notification.text.taskAssigned", actor, title), taskLink(taskId), eventId);
	}

	private static String taskLink(long taskId) {
		return "/tasks/" + taskId + "/edit";
	}

	private String text(String key, Object... args) {
		return this.texts.getMessage(key, args, Locale.ENGLISH);
	}

}
