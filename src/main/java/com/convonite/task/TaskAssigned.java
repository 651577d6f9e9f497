package com.convonite.task;

/** An existing task was given to another member (by an edit); the new assignee hears of it. */
public record TaskAssigned(long workspaceId, long taskId, long assigneeId, long previousAssigneeId, long assignedBy) {
}
