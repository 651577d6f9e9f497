package com.convonite.conversation;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * Everything a member may say when logging a conversation. Only chat, subject and purpose are required;
 * status, owner and start time have defaults (OPEN, the member logging, the first message's time or now).
 * {@code fields} are custom field values by key (null, or an empty value, for none).
 */
public record LogConversation(Long chatId, Long contactId, String subject, String summary, Long purposeId,
		ConversationStatus status, Long ownerId, OffsetDateTime startTime, OffsetDateTime endTime, Long firstMessageId,
		Long lastMessageId, FollowUp followUp, Map<String, ?> fields) {

	/** A conversation without custom field values. */
	public LogConversation(Long chatId, Long contactId, String subject, String summary, Long purposeId,
			ConversationStatus status, Long ownerId, OffsetDateTime startTime, OffsetDateTime endTime,
			Long firstMessageId, Long lastMessageId, FollowUp followUp) {
		this(chatId, contactId, subject, summary, purposeId, status, ownerId, startTime, endTime, firstMessageId,
				lastMessageId, followUp, null);
	}

	LogConversation forChat(long chat) {
		return new LogConversation(chat, this.contactId, this.subject, this.summary, this.purposeId, this.status,
				this.ownerId, this.startTime, this.endTime, this.firstMessageId, this.lastMessageId, this.followUp,
				this.fields);
	}

}
