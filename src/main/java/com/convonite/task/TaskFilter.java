package com.convonite.task;

import java.time.OffsetDateTime;

/**
 * Which tasks a list shows: one assignee's ({@code null}: everyone's, for admins), one status ({@code null}:
 * both), and a due range (both ends inclusive; a task without a due time falls outside any range).
 */
public record TaskFilter(Long assigneeId, TaskStatus status, OffsetDateTime dueFrom, OffsetDateTime dueTo) {
}
