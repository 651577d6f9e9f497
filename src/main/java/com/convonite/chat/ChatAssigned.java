package com.convonite.chat;

/** A chat changed hands; {@code assigneeId} is null when it was unassigned. */
public record ChatAssigned(long workspaceId, long chatId, Long previousAssigneeId, Long assigneeId, long assignedBy) {
}
