package com.convonite.chat;

import java.time.OffsetDateTime;

/** The assignee closed a chat. */
public record ChatClosed(long workspaceId, long chatId, long closedBy, OffsetDateTime closedAt) {
}
