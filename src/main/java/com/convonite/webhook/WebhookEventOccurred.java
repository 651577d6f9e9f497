package com.convonite.webhook;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Something an endpoint may hear about, with the id and time it keeps in every delivery and retry. Published
 * in the transaction of the change itself, so the event publication registry stores it with the change: after a
 * crash it is published again with the same id, and the deliveries it already made are not made twice.
 *
 * @param subjectId the conversation, task, chat or message the event is about
 */
record WebhookEventOccurred(UUID id, WebhookEventType type, OffsetDateTime time, long workspaceId, long subjectId) {
}
