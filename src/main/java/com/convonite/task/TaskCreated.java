package com.convonite.task;

/** A follow-up task was created; the assignee hears of it when someone else created it for them. */
public record TaskCreated(long workspaceId, long taskId, long assigneeId, long createdBy) {
}
