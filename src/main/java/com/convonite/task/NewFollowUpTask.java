package com.convonite.task;

import java.time.OffsetDateTime;

/**
 * A follow-up task to create together with a conversation. The conversation module supplies the link
 * (conversation, chat, contact) and the defaults (title "Follow up: " + subject, assignee = the member
 * saving) before handing it over.
 */
public record NewFollowUpTask(long conversationId, long chatId, long contactId, String title, Long assigneeId,
		OffsetDateTime dueAt, String notes) {
}
