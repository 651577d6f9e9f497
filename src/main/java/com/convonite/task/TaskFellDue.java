package com.convonite.task;

/** An open task reached its due time; published once per due time, for the assignee's notification. */
public record TaskFellDue(long workspaceId, long taskId, long assigneeId) {
}
