package com.convonite.chat;

/** The assignee asked for a FAILED message to be sent again; it waits, PENDING, for the channel once more. */
public record MessageRetried(long workspaceId, long chatId, long messageId, long retriedBy) {
}
