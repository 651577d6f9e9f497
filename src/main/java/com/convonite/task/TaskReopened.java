package com.convonite.task;

/** A completed task was reopened. */
public record TaskReopened(long workspaceId, long taskId, long assigneeId, long reopenedBy) {
}
