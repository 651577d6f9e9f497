package com.convonite.task;

import java.time.OffsetDateTime;

/** A task as the API shows it; overdue is true when it is open and past its due time. */
public record FollowUpTaskView(String id, String title, String notes, TaskStatus status, String assigneeId,
		String assigneeName, OffsetDateTime dueAt, boolean overdue, String conversationId, String chatId,
		String contactId, String createdBy, OffsetDateTime createdAt, OffsetDateTime updatedAt,
		OffsetDateTime completedAt, int version) {
}
