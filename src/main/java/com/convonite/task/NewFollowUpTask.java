package com.convonite.task;

import java.time.OffsetDateTime;

/**
 * A follow-up task to create together with a conversation. The conversation module supplies the link
 * (conversation, chat, contact) and the defaults (title "Follow up: " + subject, assignee = the member
 * saving) before handing it over.
 * <p>
 * The links are nullable ({@code null}: not linked), because a task outlives a deleted conversation and
 * tests create tasks without one. A {@code null} assignee means the member who creates the task.
 */
public record NewFollowUpTask(Long conversationId, Long chatId, Long contactId, String title, Long assigneeId,
		OffsetDateTime dueAt, String notes) {
}
