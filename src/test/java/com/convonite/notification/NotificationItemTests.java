package com.convonite.notification;

import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** A chat's new messages are one line of the bell's menu, with how many more it stands for (review: no grouping). */
class NotificationItemTests {

	private static final OffsetDateTime NOW = OffsetDateTime.now();

	@Test
	void aChatsMessagesOfOneReadStateFoldIntoTheNewestAndOtherNotificationsKeepTheirLine() {
		List<NotificationView> newestFirst = List.of(message("9", "/chats/1", true), task("8"),
				message("7", "/chats/1", true), message("6", "/chats/2", true), message("5", "/chats/1", true),
				message("4", "/chats/1", false), task("3"), message("2", "/chats/1", false));
		assertThat(NotificationItem.fold(newestFirst, 10)).extracting((i) -> i.newest().id(), NotificationItem::alike)
			.containsExactly(tuple("9", 2), tuple("8", 0), tuple("6", 0), tuple("4", 1), tuple("3", 0));
		assertThat(NotificationItem.fold(newestFirst, 2)).extracting((i) -> i.newest().id()).containsExactly("9", "8");
	}

	private static NotificationView message(String id, String link, boolean isNew) {
		return new NotificationView(id, NotificationKind.MESSAGE, "New message from Ana Souza: " + id, link, NOW,
				isNew ? null : NOW);
	}

	private static NotificationView task(String id) {
		return new NotificationView(id, NotificationKind.TASK_DUE, "Task due: " + id, "/tasks/" + id + "/edit", NOW, null);
	}

}
