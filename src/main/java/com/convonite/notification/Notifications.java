package com.convonite.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A member's notifications: stored by the listeners, counted and listed by the bell and the notifications page,
 * each seen when the member opens it (or the chat it is about), or all at once. Storing one or seeing some tells
 * the member's open pages once the transaction commits.
 */
@Service
public class Notifications {

	static final String EVENT = "notification";

	private final JdbcClient jdbc;

	private final LiveUpdates live;

	Notifications(JdbcClient jdbc, LiveUpdates live) {
		this.jdbc = jdbc;
		this.live = live;
	}

	/**
	 * Gives the member a notification for the event, unless that event already gave them one: events are
	 * delivered at least once (again after a failure or a crash, possibly on two instances at the same moment),
	 * and the unique (workspace, member, event id) makes a repeat store nothing and tell no page. Answers the new
	 * notification's id, 0 when none was stored.
	 */
	@Transactional
	public long notify(long workspaceId, long memberId, NotificationKind kind, String text, String link,
			UUID eventId) {
		return store(workspaceId, memberId, kind, text, link, eventId, false);
	}

	/**
	 * A notification of something the member may have attended to already (a message in a chat they have open),
	 * stored as seen when {@code attended} says so. What tells that they attended to it ({@link #markSeen}) can
	 * run before this one is stored; both take the same lock, so that either {@link #markSeen} finds this one
	 * stored, or {@code attended} is asked after what told it committed.
	 */
	@Transactional
	public long notify(long workspaceId, long memberId, NotificationKind kind, String text, String link,
			UUID eventId, BooleanSupplier attended) {
		lock(workspaceId, memberId, kind, link);
		return store(workspaceId, memberId, kind, text, link, eventId, attended.getAsBoolean());
	}

	private long store(long workspaceId, long memberId, NotificationKind kind, String text, String link,
			UUID eventId, boolean seen) {
		long id = this.jdbc.sql("""
				insert into notification (workspace_id, member_id, kind, text, link, event_id, seen_at)
				select :workspaceId, :memberId, :kind, :text, :link, :eventId,
				       case when cast(:seen as boolean) then now() end
				where exists (select 1 from member where workspace_id = :workspaceId and id = :memberId)
				on conflict (workspace_id, member_id, event_id) do nothing
				returning id
				""")
			.param("workspaceId", workspaceId)
			.param("memberId", memberId)
			.param("kind", kind.name())
			.param("text", text)
			.param("link", link)
			.param("eventId", eventId)
			.param("seen", seen)
			.query(Long.class)
			.optional()
			.orElse(0L);
		if (id != 0) {
			this.live.publishToMember(workspaceId, memberId, EVENT, Long.toString(id));
		}
		return id;
	}

	/** How many notifications the member has not seen yet. */
	public int unseen(long workspaceId, long memberId) {
		return this.jdbc.sql("""
				select count(*) from notification
				where workspace_id = :workspaceId and member_id = :memberId and seen_at is null
				""")
			.param("workspaceId", workspaceId)
			.param("memberId", memberId)
			.query(Integer.class)
			.single();
	}

	/** The member's newest notifications, newest first. */
	public List<NotificationView> newest(long workspaceId, long memberId, int limit) {
		return this.jdbc.sql("""
				select id, kind, text, link, created_at, seen_at from notification
				where workspace_id = :workspaceId and member_id = :memberId
				order by created_at desc, id desc limit :limit
				""")
			.param("workspaceId", workspaceId)
			.param("memberId", memberId)
			.param("limit", limit)
			.query(Notifications::view)
			.list();
	}

	private static NotificationView view(ResultSet rs, int row) throws SQLException {
		return new NotificationView(Long.toString(rs.getLong("id")), NotificationKind.valueOf(rs.getString("kind")),
				rs.getString("text"), rs.getString("link"), rs.getObject("created_at", OffsetDateTime.class),
				rs.getObject("seen_at", OffsetDateTime.class));
	}

	/** The member's unseen notifications of the kind with the link are seen (such as a chat's messages once read). */
	@Transactional
	public int markSeen(long workspaceId, long memberId, NotificationKind kind, String link) {
		lock(workspaceId, memberId, kind, link);
		int seen = this.jdbc.sql("""
				update notification set seen_at = now()
				where workspace_id = :workspaceId and member_id = :memberId and seen_at is null
				  and kind = :kind and link = :link
				""")
			.param("workspaceId", workspaceId)
			.param("memberId", memberId)
			.param("kind", kind.name())
			.param("link", link)
			.update();
		if (seen > 0) {
			this.live.publishToMember(workspaceId, memberId, EVENT, "seen");
		}
		return seen;
	}

	/**
	 * The member opened the notification: it is seen (their other pages' bells follow), and its link is where
	 * it leads. Empty when the member has no such notification.
	 */
	@Transactional
	public Optional<NotificationView> open(long workspaceId, long memberId, long notificationId) {
		Optional<NotificationView> opened = this.jdbc.sql("""
				update notification n set seen_at = coalesce(n.seen_at, now())
				from notification before
				where n.workspace_id = :workspaceId and n.member_id = :memberId and n.id = :id
				  and before.workspace_id = n.workspace_id and before.id = n.id
				returning n.id, n.kind, n.text, n.link, n.created_at, before.seen_at
				""")
			.param("workspaceId", workspaceId)
			.param("memberId", memberId)
			.param("id", notificationId)
			.query(Notifications::view)
			.optional();
		if (opened.filter(NotificationView::isNew).isPresent()) {
			this.live.publishToMember(workspaceId, memberId, EVENT, "seen");
		}
		return opened;
	}

	/**
	 * The member opened the chat: what told them about it (its messages, its being assigned to them) has served
	 * its purpose. Answers how many notifications that saw.
	 */
	@Transactional
	public int markChatSeen(long workspaceId, long memberId, long chatId) {
		String link = "/chats/" + chatId;
		return markSeen(workspaceId, memberId, NotificationKind.MESSAGE, link)
				+ markSeen(workspaceId, memberId, NotificationKind.CHAT_ASSIGNED, link);
	}

	/** The member has seen all their notifications; their other pages' bells go quiet too. */
	@Transactional
	public int markAllSeen(long workspaceId, long memberId) {
		int seen = this.jdbc.sql("""
				update notification set seen_at = now()
				where workspace_id = :workspaceId and member_id = :memberId and seen_at is null
				""")
			.param("workspaceId", workspaceId)
			.param("memberId", memberId)
			.update();
		if (seen > 0) {
			this.live.publishToMember(workspaceId, memberId, EVENT, "seen");
		}
		return seen;
	}

	/**
	 * Held until the transaction ends: one member's notifications of one kind and link are stored and marked
	 * seen one after the other (a notification stored in a transaction still open is invisible to an update).
	 */
	private void lock(long workspaceId, long memberId, NotificationKind kind, String link) {
		this.jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
			.param("key", "notification " + workspaceId + " " + memberId + " " + kind.name() + " " + link)
			.query((rs, n) -> 1)
			.list();
	}

}
