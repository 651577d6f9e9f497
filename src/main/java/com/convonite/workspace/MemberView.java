package com.convonite.workspace;

import java.time.OffsetDateTime;

/** A member as other modules and the API see it; never carries the password hash. */
public record MemberView(String id, String name, String email, Role role, boolean active, OffsetDateTime createdAt,
		int version) {
}
