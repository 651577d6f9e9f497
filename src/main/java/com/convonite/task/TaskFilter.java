package com.convonite.task;

import java.time.OffsetDateTime;

/**
 * Which tasks a list shows: one assignee's ({@code null}: everyone's, for admins), one status ({@code null}:
 * both), a due range (both ends inclusive; a task without a due time falls outside any range), and optionally
 * only the tasks made with one conversation.
 */
public record TaskFilter(Long assigneeId, TaskStatus status, OffsetDateTime dueFrom, OffsetDateTime dueTo,
		Long conversationId) {

	public TaskFilter(Long assigneeId, TaskStatus status, OffsetDateTime dueFrom, OffsetDateTime dueTo) {
		this(assigneeId, status, dueFrom, dueTo, null);
	}

}
