package com.convonite.webhook;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.convonite.chat.ChatAssigned;
import com.convonite.chat.ChatClosed;
import com.convonite.chat.ChatOpened;
import com.convonite.chat.MessageReceived;
import com.convonite.chat.MessageSent;
import com.convonite.conversation.ConversationEvents.ConversationClosed;
import com.convonite.conversation.ConversationEvents.ConversationDeleted;
import com.convonite.conversation.ConversationEvents.ConversationLogged;
import com.convonite.conversation.ConversationEvents.ConversationReopened;
import com.convonite.conversation.ConversationEvents.ConversationUpdated;
import com.convonite.task.TaskCompleted;
import com.convonite.task.TaskCreated;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives each module event that some active endpoint of its workspace subscribed to an id and a time, inside the
 * transaction that made the change (plain {@code @EventListener}s run there): the {@link WebhookEventOccurred} it
 * publishes is stored by the event publication registry together with the change, or not at all. The work done
 * here is a look-up in memory (the workspace's subscribed event types); reading the resource and writing deliveries happen after the commit, in
 * {@link WebhookDeliveryPreparation}.
 */
@Component
class WebhookEvents {

	private final JdbcWebhookRepository repository;

	private final ApplicationEventPublisher events;

	WebhookEvents(JdbcWebhookRepository repository, ApplicationEventPublisher events) {
		this.repository = repository;
		this.events = events;
	}

	@EventListener
	void on(ConversationLogged event) {
		occurred(WebhookEventType.CONVERSATION_LOGGED, event.workspaceId(), event.conversationId());
	}

	@EventListener
	void on(ConversationUpdated event) {
		occurred(WebhookEventType.CONVERSATION_UPDATED, event.workspaceId(), event.conversationId());
	}

	@EventListener
	void on(ConversationClosed event) {
		occurred(WebhookEventType.CONVERSATION_CLOSED, event.workspaceId(), event.conversationId());
	}

	@EventListener
	void on(ConversationReopened event) {
		occurred(WebhookEventType.CONVERSATION_REOPENED, event.workspaceId(), event.conversationId());
	}

	@EventListener
	void on(ConversationDeleted event) {
		occurred(WebhookEventType.CONVERSATION_DELETED, event.workspaceId(), event.conversationId());
	}

	@EventListener
	void on(TaskCreated event) {
		occurred(WebhookEventType.TASK_CREATED, event.workspaceId(), event.taskId());
	}

	@EventListener
	void on(TaskCompleted event) {
		occurred(WebhookEventType.TASK_COMPLETED, event.workspaceId(), event.taskId());
	}

	@EventListener
	void on(ChatOpened event) {
		occurred(WebhookEventType.CHAT_OPENED, event.workspaceId(), event.chatId());
	}

	@EventListener
	void on(ChatClosed event) {
		occurred(WebhookEventType.CHAT_CLOSED, event.workspaceId(), event.chatId());
	}

	@EventListener
	void on(ChatAssigned event) {
		occurred(WebhookEventType.CHAT_ASSIGNED, event.workspaceId(), event.chatId());
	}

	@EventListener
	void on(MessageReceived event) {
		occurred(WebhookEventType.MESSAGE_RECEIVED, event.workspaceId(), event.messageId());
	}

	@EventListener
	void on(MessageSent event) {
		occurred(WebhookEventType.MESSAGE_SENT, event.workspaceId(), event.messageId());
	}

	private void occurred(WebhookEventType type, long workspaceId, long subjectId) {
		if (!this.repository.isSubscribed(workspaceId, type.typeName())) {
			return;
		}
		this.events.publishEvent(new WebhookEventOccurred(UUID.randomUUID(), type,
				OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS), workspaceId, subjectId));
	}

}
