package com.convonite.task;

/** An open task was completed. */
public record TaskCompleted(long workspaceId, long taskId, long assigneeId, long completedBy) {
}
