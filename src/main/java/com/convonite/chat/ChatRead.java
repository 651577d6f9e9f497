package com.convonite.chat;

/**
 * The chat's assignee read it: opened it, or had its thread refreshed on screen as messages arrived. What
 * told them about those messages (a notification) has served its purpose.
 */
public record ChatRead(long workspaceId, long chatId, long readerId) {
}
