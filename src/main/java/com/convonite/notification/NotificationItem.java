package com.convonite.notification;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A line of the bell's menu or the notifications page: a notification, with how many more alike it stands for.
 * New messages of one chat come one notification each, and ten lines saying "New message from Ana Souza" say
 * less than one that says there are nine more; opening the chat reads them all, so they are one line. Other
 * notifications each keep their own line.
 */
record NotificationItem(NotificationView newest, int alike) {

	/** Folds each chat's message notifications of one read state into its newest one; at most {@code limit} lines. */
	static List<NotificationItem> fold(List<NotificationView> newestFirst, int limit) {
		Map<String, int[]> counts = new LinkedHashMap<>();
		Map<String, NotificationView> heads = new LinkedHashMap<>();
		for (NotificationView n : newestFirst) {
			String key = (n.kind() == NotificationKind.MESSAGE && n.link() != null)
					? n.link() + (n.isNew() ? " new" : " seen") : "id " + n.id();
			heads.putIfAbsent(key, n);
			counts.computeIfAbsent(key, (k) -> new int[1])[0]++;
		}
		List<NotificationItem> items = new ArrayList<>();
		heads.forEach((key, head) -> items.add(new NotificationItem(head, counts.get(key)[0] - 1)));
		return items.subList(0, Math.min(limit, items.size()));
	}

}
