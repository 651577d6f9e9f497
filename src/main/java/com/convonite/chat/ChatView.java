package com.convonite.chat;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/** A chat with what its list rows and pages show. */
public record ChatView(String id, String contactId, String contactName, String contactPhone, String channel,
		ChatStatus status, @Schema(nullable = true) String assigneeId, @Schema(nullable = true) String assigneeName, int unreadCount, @Schema(nullable = true) OffsetDateTime lastMessageAt,
		@Schema(nullable = true) OffsetDateTime lastInboundAt, OffsetDateTime openedAt, @Schema(nullable = true) OffsetDateTime closedAt, OffsetDateTime createdAt) {
}
