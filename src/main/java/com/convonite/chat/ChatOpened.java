package com.convonite.chat;

import java.time.OffsetDateTime;

/**
 * A chat was opened: created by its first message, reopened by an incoming message ({@code openedBy} null),
 * or reopened by its assignee.
 */
public record ChatOpened(long workspaceId, long chatId, long contactId, OffsetDateTime openedAt, Long openedBy) {
}
