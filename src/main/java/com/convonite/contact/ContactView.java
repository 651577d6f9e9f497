package com.convonite.contact;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/** A contact as the API and other modules see it. */
public record ContactView(String id, String name, String phone, @Schema(nullable = true) String email, @Schema(nullable = true) String notes, OffsetDateTime createdAt,
		OffsetDateTime updatedAt, int version) {
}
