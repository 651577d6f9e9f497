package com.convonite.webhook;

import java.util.Arrays;
import java.util.Optional;

/** What an endpoint can subscribe to; the {@code type} of a payload is the {@link #typeName()}. */
public enum WebhookEventType {

	CONVERSATION_LOGGED("conversation.logged"),
	CONVERSATION_UPDATED("conversation.updated"),
	CONVERSATION_CLOSED("conversation.closed"),
	CONVERSATION_REOPENED("conversation.reopened"),
	CONVERSATION_DELETED("conversation.deleted"),
	TASK_CREATED("task.created"),
	TASK_COMPLETED("task.completed"),
	CHAT_OPENED("chat.opened"),
	CHAT_CLOSED("chat.closed"),
	CHAT_ASSIGNED("chat.assigned"),
	MESSAGE_RECEIVED("message.received"),
	MESSAGE_SENT("message.sent");

	private final String typeName;

	WebhookEventType(String typeName) {
		this.typeName = typeName;
	}

	public String typeName() {
		return this.typeName;
	}

	public static Optional<WebhookEventType> of(String typeName) {
		return Arrays.stream(values()).filter((t) -> t.typeName.equals(typeName)).findFirst();
	}

}
