package com.convonite.chat;

import java.time.OffsetDateTime;
import java.util.Map;

/** One message of a chat's thread; {@code failureReason} says why an outgoing one FAILED. */
public record MessageView(String id, String chatId, MessageDirection direction, MessageType type, String body,
		Map<String, Object> media, OffsetDateTime sentAt, String authorId, String authorName,
		DeliveryStatus deliveryStatus, String externalId, String failureReason) {
}
