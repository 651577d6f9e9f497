package com.convonite.task;

import java.time.OffsetDateTime;

/**
 * Which tasks a list shows: one assignee's ({@code null}: everyone's, for admins), one status ({@code null}:
 * both), a due range (both ends inclusive; a task without a due time falls outside any range), and optionally
 * only the tasks made with one conversation. The report's filters narrow it further: a creation range (from
 * inclusive, to exclusive), one contact's tasks, and an outcome as the follow-up task report counts them.
 */
public record TaskFilter(Long assigneeId, TaskStatus status, OffsetDateTime dueFrom, OffsetDateTime dueTo,
		Long conversationId, OffsetDateTime createdFrom, OffsetDateTime createdTo, Long contactId, Outcome outcome) {

	public TaskFilter(Long assigneeId, TaskStatus status, OffsetDateTime dueFrom, OffsetDateTime dueTo) {
		this(assigneeId, status, dueFrom, dueTo, null);
	}

	public TaskFilter(Long assigneeId, TaskStatus status, OffsetDateTime dueFrom, OffsetDateTime dueTo,
			Long conversationId) {
		this(assigneeId, status, dueFrom, dueTo, conversationId, null, null, null, null);
	}

	/** True when a report's filter is in it: the list then shows its count, the figure it came from. */
	public boolean fromReport() {
		return this.createdFrom != null || this.createdTo != null || this.contactId != null || this.outcome != null;
	}

	/**
	 * How a task stands, as the follow-up task report counts it (migration V151): done by its due time (or without
	 * one), done after it, open past it, open and not yet due (or without a due time).
	 */
	public enum Outcome {

		ON_TIME("status = 'DONE' and task_report_state(status, due_at, completed_at) = 'ON_TIME'"),
		LATE("status = 'DONE' and task_report_state(status, due_at, completed_at) = 'LATE'"),
		OVERDUE("status = 'OPEN' and due_at < now()"),
		PENDING("status = 'OPEN' and (due_at is null or due_at >= now())");

		final String condition;

		Outcome(String condition) {
			this.condition = condition;
		}

	}

}
