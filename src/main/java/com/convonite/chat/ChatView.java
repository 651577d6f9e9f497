package com.convonite.chat;

import java.time.OffsetDateTime;

/** A chat with what its list rows and pages show. */
public record ChatView(String id, String contactId, String contactName, String contactPhone, String channel,
		ChatStatus status, String assigneeId, String assigneeName, int unreadCount, OffsetDateTime lastMessageAt,
		OffsetDateTime lastInboundAt, OffsetDateTime openedAt, OffsetDateTime closedAt, OffsetDateTime createdAt) {
}
