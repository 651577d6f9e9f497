package com.convonite.webhook;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/** One event sent (or to be sent) to one endpoint, with what its last attempt got back. */
public record WebhookDeliveryView(String id, String endpointId, String eventId, String eventType,
		OffsetDateTime eventTime, WebhookDeliveryStatus status, int attempts, @Schema(nullable = true) Integer responseCode, @Schema(nullable = true) String lastError,
		@Schema(nullable = true) OffsetDateTime lastAttemptAt, @Schema(nullable = true) OffsetDateTime nextAttemptAt, @Schema(nullable = true) OffsetDateTime deliveredAt,
		OffsetDateTime createdAt) {
}
