package com.convonite.chat;

/** A member sent a message; it waits, PENDING, for the channel to deliver it. */
public record MessageSent(long workspaceId, long chatId, long messageId, long authorId) {
}
