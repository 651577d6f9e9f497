package com.convonite.notification;

import java.time.OffsetDateTime;

/** One notification of a member, as the notifications page shows it. */
public record NotificationView(String id, NotificationKind kind, String text, String link, OffsetDateTime createdAt,
		OffsetDateTime seenAt) {

	public boolean isNew() {
		return this.seenAt == null;
	}

}
