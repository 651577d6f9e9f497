package com.convonite.chat;

import java.time.OffsetDateTime;
import java.util.Optional;

import com.convonite.shared.ProblemException;
import com.convonite.workspace.SignedInMember;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a channel reports about the messages the team sent: taken (with the channel's id for it), failed with
 * a reason, and later delivery statuses. A status never moves back: PENDING, then SENT, then DELIVERED or
 * FAILED, then READ, so a late "delivered" after "read" changes nothing, and reporting the same thing twice
 * is harmless. The chat's assignee can send a FAILED message again.
 */
@Service
public class OutgoingMessages {

	/** How far along each status is; a report moves a message only to a status further along. */
	private static final String RANK = """
			(case %s when 'PENDING' then 0 when 'SENT' then 1 when 'DELIVERED' then 2 when 'FAILED' then 2
			 when 'READ' then 3 else -1 end)""";

	private static final int MAX_REASON = 1000;

	private final JdbcClient jdbc;

	private final Chats chats;

	private final ChatStates states;

	private final ApplicationEventPublisher events;

	OutgoingMessages(JdbcClient jdbc, Chats chats, ChatStates states, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.chats = chats;
		this.states = states;
		this.events = events;
	}

	/** What {@link #claimForSending} found. */
	public enum SendClaim {

		/** The message is this caller's to hand to its channel, until the lease ends. */
		CLAIMED,
		/** The message is no longer waiting to be sent (sent, failed, or not the team's): nothing to do. */
		NOT_PENDING,
		/** Another delivery of the same send holds it; if that one never finishes, try again after the lease. */
		HELD

	}

	/**
	 * Claims a PENDING message for handing to its channel, for {@code lease}: the same send delivered twice at once
	 * (the outbox resubmits an event still running elsewhere) calls the channel once. A claim outlives a crash
	 * only until the lease ends, so the message is not left PENDING for ever.
	 */
	@Transactional
	public SendClaim claimForSending(long workspaceId, long messageId, java.time.Duration lease) {
		int claimed = this.jdbc.sql("""
				update message set send_claimed_until = now() + make_interval(secs => :leaseSeconds)
				where workspace_id = :workspaceId and id = :id and direction = 'OUT' and delivery_status = 'PENDING'
				  and (send_claimed_until is null or send_claimed_until < now())
				""")
			.param("leaseSeconds", lease.toMillis() / 1000.0)
			.param("workspaceId", workspaceId)
			.param("id", messageId)
			.update();
		if (claimed == 1) {
			return SendClaim.CLAIMED;
		}
		boolean pending = this.jdbc.sql("""
				select count(*) from message
				where workspace_id = :workspaceId and id = :id and direction = 'OUT' and delivery_status = 'PENDING'
				""").param("workspaceId", workspaceId).param("id", messageId).query(Long.class).single() > 0;
		return pending ? SendClaim.HELD : SendClaim.NOT_PENDING;
	}

	/** The channel took a PENDING message and gave it its own id: the message is SENT. */
	@Transactional
	public boolean accepted(long workspaceId, long messageId, String externalId) {
		return this.jdbc.sql("""
				update message set delivery_status = 'SENT', external_id = :externalId, failure_reason = null
				where workspace_id = :workspaceId and id = :id and direction = 'OUT' and delivery_status = 'PENDING'
				returning chat_id
				""")
			.param("externalId", externalId)
			.param("workspaceId", workspaceId)
			.param("id", messageId)
			.query(Long.class)
			.optional()
			.map((chatId) -> announce(workspaceId, chatId, messageId, DeliveryStatus.SENT))
			.isPresent();
	}

	/** The channel could not take a PENDING message: it is FAILED, with the reason the team will read. */
	@Transactional
	public boolean failed(long workspaceId, long messageId, String reason) {
		return this.jdbc.sql("""
				update message set delivery_status = 'FAILED', failure_reason = :reason
				where workspace_id = :workspaceId and id = :id and direction = 'OUT' and delivery_status = 'PENDING'
				returning chat_id
				""")
			.param("reason", clip(reason))
			.param("workspaceId", workspaceId)
			.param("id", messageId)
			.query(Long.class)
			.optional()
			.map((chatId) -> announce(workspaceId, chatId, messageId, DeliveryStatus.FAILED))
			.isPresent();
	}

	/**
	 * The channel reports on a message it was given, by its own id. Returns whether such a message is known
	 * (whether or not the report moved it on), so that a report that overtook the message's acceptance can
	 * be tried again later.
	 */
	@Transactional
	public boolean statusReported(long workspaceId, String externalId, DeliveryStatus status, String reason) {
		if (status == DeliveryStatus.PENDING) {
			throw new IllegalArgumentException("A channel never reports a message as pending");
		}
		Optional<long[]> moved = this.jdbc.sql("""
				update message set delivery_status = :status,
				       failure_reason = case when :status = 'FAILED' then :reason else null end
				where workspace_id = :workspaceId and external_id = :externalId and direction = 'OUT'
				  and %s < %s
				returning id, chat_id
				""".formatted(RANK.formatted("delivery_status"), RANK.formatted("cast(:status as text)")))
			.param("status", status.name())
			.param("reason", clip(reason))
			.param("workspaceId", workspaceId)
			.param("externalId", externalId)
			.query((rs, n) -> new long[] { rs.getLong("id"), rs.getLong("chat_id") })
			.optional();
		if (moved.isPresent()) {
			announce(workspaceId, moved.get()[1], moved.get()[0], status);
			return true;
		}
		return this.jdbc.sql("""
				select count(*) from message
				where workspace_id = :workspaceId and external_id = :externalId and direction = 'OUT'
				""").param("workspaceId", workspaceId).param("externalId", externalId).query(Long.class).single() > 0;
	}

	/**
	 * Sends a FAILED message again: only the chat's assignee may, by the same rules as sending (the chat
	 * open, the customer's last message less than 24 hours old). It is PENDING again until the channel
	 * reports on it.
	 */
	@Transactional
	public MessageView retry(SignedInMember actor, long chatId, long messageId) {
		long workspaceId = actor.workspaceId();
		ChatStates.ChatState chat = this.states.lock(workspaceId, chatId);
		MessageView message = this.chats.findMessage(workspaceId, messageId)
			.filter((m) -> m.chatId().equals(Long.toString(chatId)))
			.orElseThrow(() -> ProblemException.notFound("message"));
		Chats.SendRefusal refusal = this.chats.whyCannotSend(workspaceId, actor.memberId(), chat.assigneeId(),
				chat.status(), chat.lastInboundAt(), OffsetDateTime.now());
		if (refusal != null) {
			throw refusal.toProblem();
		}
		if (message.direction() != MessageDirection.OUT || message.deliveryStatus() != DeliveryStatus.FAILED) {
			throw ProblemException.conflict("message-not-failed", "Message did not fail",
					"Only a message that failed to send can be sent again; this one is "
							+ ((message.deliveryStatus() != null) ? message.deliveryStatus().name().toLowerCase()
									: "from the customer")
							+ ".");
		}
		// The channel's id of the failed attempt goes: late reports about that attempt must not touch this one.
		this.jdbc.sql("""
				update message set delivery_status = 'PENDING', failure_reason = null, external_id = null,
				       send_claimed_until = null
				where workspace_id = :workspaceId and id = :id
				""").param("workspaceId", workspaceId).param("id", messageId).update();
		this.events.publishEvent(new MessageRetried(workspaceId, chatId, messageId, actor.memberId()));
		announce(workspaceId, chatId, messageId, DeliveryStatus.PENDING);
		return this.chats.findMessage(workspaceId, messageId).orElseThrow();
	}

	private long announce(long workspaceId, long chatId, long messageId, DeliveryStatus status) {
		this.events.publishEvent(new MessageDeliveryChanged(workspaceId, chatId, messageId, status));
		return chatId;
	}

	private static String clip(String reason) {
		if (reason == null) {
			return null;
		}
		String stripped = reason.strip();
		return (stripped.length() > MAX_REASON) ? stripped.substring(0, MAX_REASON - 1) + "…" : stripped;
	}

}
