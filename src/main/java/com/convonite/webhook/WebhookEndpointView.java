package com.convonite.webhook;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A registered endpoint. The signing secret appears in full ({@code secret}) only in the answer that created
 * it; afterwards only {@code secretHint}, its last four characters.
 */
public record WebhookEndpointView(String id, String url, @Schema(nullable = true) String description,
		@JsonInclude(JsonInclude.Include.NON_NULL)
		@Schema(description = "The signing secret in full: only in the answer to the creation, never again") String secret,
		@Schema(example = "••••a1b2") String secretHint, List<String> eventTypes, boolean active, String createdBy,
		OffsetDateTime createdAt, OffsetDateTime updatedAt, int version) {

	WebhookEndpointView withSecret(String plain) {
		return new WebhookEndpointView(this.id, this.url, this.description, plain, this.secretHint, this.eventTypes,
				this.active, this.createdBy, this.createdAt, this.updatedAt, this.version);
	}

}
