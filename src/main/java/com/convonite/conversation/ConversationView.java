package com.convonite.conversation;

import java.time.OffsetDateTime;
import java.util.Map;

import com.convonite.task.FollowUpTaskView;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A conversation with every field, and the names of what it refers to. {@code followUpTask} is the latest
 * follow-up task made with it, or {@code null}, in every view (reads, lists, webhook payloads).
 */
public record ConversationView(String id, String chatId, String contactId, String contactName, String subject,
		@Schema(nullable = true) String summary, String purposeId, String purposeName, boolean purposeArchived,
		ConversationStatus status, String ownerId, String ownerName, OffsetDateTime startTime,
		@Schema(nullable = true) OffsetDateTime endTime, @Schema(nullable = true) String firstMessageId,
		@Schema(nullable = true) String lastMessageId, String createdBy, String createdByName,
		OffsetDateTime createdAt, OffsetDateTime updatedAt, @Schema(nullable = true) OffsetDateTime closedAt,
		int version,
		@Schema(nullable = true, description = "The latest follow-up task made with the conversation, or null")
		FollowUpTaskView followUpTask,
		@Schema(description = "The custom fields' values by key (see /conversation-fields); a field without a value is "
				+ "left out", example = "{\"channel\": \"Phone\", \"tags\": [\"VIP\"], \"callback\": true}")
		Map<String, Object> fields) {

	ConversationView withFollowUpTask(FollowUpTaskView task) {
		return new ConversationView(this.id, this.chatId, this.contactId, this.contactName, this.subject, this.summary,
				this.purposeId, this.purposeName, this.purposeArchived, this.status, this.ownerId, this.ownerName,
				this.startTime, this.endTime, this.firstMessageId, this.lastMessageId, this.createdBy,
				this.createdByName, this.createdAt, this.updatedAt, this.closedAt, this.version, task, this.fields);
	}

}
