package com.convonite.task;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/** A task as the API shows it; overdue is true when it is open and past its due time. */
public record FollowUpTaskView(String id, String title, @Schema(nullable = true) String notes, TaskStatus status, String assigneeId,
		String assigneeName, @Schema(nullable = true) OffsetDateTime dueAt, boolean overdue, @Schema(nullable = true) String conversationId, @Schema(nullable = true) String chatId,
		@Schema(nullable = true) String contactId, String createdBy, OffsetDateTime createdAt, OffsetDateTime updatedAt,
		@Schema(nullable = true) OffsetDateTime completedAt, int version) {
}
