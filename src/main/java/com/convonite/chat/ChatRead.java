package com.convonite.chat;

/**
 * A member read the chat: opened it, or had its thread refreshed on screen as messages arrived (only the
 * assignee's reading resets its unread count). Published on every reading, so a listener runs in the reading's
 * transaction ({@code @EventListener}) rather than through the event publication registry.
 */
public record ChatRead(long workspaceId, long chatId, long readerId) {
}
