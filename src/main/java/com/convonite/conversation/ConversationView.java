package com.convonite.conversation;

import java.time.OffsetDateTime;

import com.convonite.task.FollowUpTaskView;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A conversation with every field, and the names of what it refers to. {@code followUpTask} is present only
 * in the answer to the save that created one.
 */
public record ConversationView(String id, String chatId, String contactId, String contactName, String subject,
		String summary, String purposeId, String purposeName, boolean purposeArchived, ConversationStatus status,
		String ownerId, String ownerName, OffsetDateTime startTime, OffsetDateTime endTime, String firstMessageId,
		String lastMessageId, String createdBy, String createdByName, OffsetDateTime createdAt,
		OffsetDateTime updatedAt, OffsetDateTime closedAt, int version,
		@JsonInclude(JsonInclude.Include.NON_NULL) FollowUpTaskView followUpTask) {

	ConversationView withFollowUpTask(FollowUpTaskView task) {
		return new ConversationView(this.id, this.chatId, this.contactId, this.contactName, this.subject, this.summary,
				this.purposeId, this.purposeName, this.purposeArchived, this.status, this.ownerId, this.ownerName,
				this.startTime, this.endTime, this.firstMessageId, this.lastMessageId, this.createdBy,
				this.createdByName, this.createdAt, this.updatedAt, this.closedAt, this.version, task);
	}

}
