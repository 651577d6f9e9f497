package com.convonite.chat;

import java.time.OffsetDateTime;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** One message of a chat's thread; {@code failureReason} says why an outgoing one FAILED. */
public record MessageView(String id, String chatId, MessageDirection direction, MessageType type, @Schema(nullable = true) String body,
		@Schema(nullable = true) Map<String, Object> media, OffsetDateTime sentAt, @Schema(nullable = true) String authorId, @Schema(nullable = true) String authorName,
		@Schema(nullable = true) DeliveryStatus deliveryStatus, @Schema(nullable = true) String externalId, @Schema(nullable = true) String failureReason) {
}
