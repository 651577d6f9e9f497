package com.convonite.webhook;

import java.time.OffsetDateTime;

/** One event sent (or to be sent) to one endpoint, with what its last attempt got back. */
public record WebhookDeliveryView(String id, String endpointId, String eventId, String eventType,
		OffsetDateTime eventTime, WebhookDeliveryStatus status, int attempts, Integer responseCode, String lastError,
		OffsetDateTime lastAttemptAt, OffsetDateTime nextAttemptAt, OffsetDateTime deliveredAt,
		OffsetDateTime createdAt) {
}
