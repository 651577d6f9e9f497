package com.convonite.contact;

import java.time.OffsetDateTime;

/** A contact as the API and other modules see it. */
public record ContactView(String id, String name, String phone, String email, String notes, OffsetDateTime createdAt,
		OffsetDateTime updatedAt, int version) {
}
