package com.convonite.chat;

/** A customer's message arrived and was stored (a repeated delivery announces nothing). */
public record MessageReceived(long workspaceId, long chatId, long messageId, Long assigneeId) {
}
