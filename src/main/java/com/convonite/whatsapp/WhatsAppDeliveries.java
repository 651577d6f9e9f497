package com.convonite.whatsapp;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.convonite.chat.InboundMessages;
import com.convonite.chat.OutgoingMessages;
import com.convonite.shared.ProblemException;
import com.convonite.shared.WorkspaceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The webhook's deliveries: each is stored raw in the request's transaction before it is acknowledged, then
 * processed after the commit (customers' messages through the chat module's inbound delivery, statuses as
 * reports on the team's messages). A sweep processes what is still unprocessed, after a crash or a failure,
 * so nothing acknowledged is lost. Processing twice is harmless: a message's wamid is stored once and a
 * status never moves back.
 */
@Service
class WhatsAppDeliveries {

	private static final Logger log = LoggerFactory.getLogger(WhatsAppDeliveries.class);

	private static final int SWEEP_BATCH = 100;

	private final JdbcClient jdbc;

	private final WhatsAppChannels channels;

	private final InboundMessages inbound;

	private final OutgoingMessages outgoing;

	private final ApplicationEventPublisher events;

	private final Duration sweepAfter;

	private final Duration statusPatience;

	private final Duration retention;

	WhatsAppDeliveries(JdbcClient jdbc, WhatsAppChannels channels, InboundMessages inbound, OutgoingMessages outgoing,
			ApplicationEventPublisher events,
			@Value("${convonite.whatsapp.sweep-after:PT30S}") Duration sweepAfter,
			@Value("${convonite.whatsapp.status-patience:PT10M}") Duration statusPatience,
			@Value("${convonite.whatsapp.delivery-retention:P30D}") Duration retention) {
		this.jdbc = jdbc;
		this.channels = channels;
		this.inbound = inbound;
		this.outgoing = outgoing;
		this.events = events;
		this.sweepAfter = sweepAfter;
		this.statusPatience = statusPatience;
		this.retention = retention;
	}

	/** Stores a signed delivery; it is processed once this transaction committed. */
	@Transactional
	long store(long workspaceId, byte[] body) {
		long id = this.jdbc.sql("""
				insert into whatsapp_delivery (workspace_id, body) values (:workspaceId, :body) returning id
				""").param("workspaceId", workspaceId).param("body", body).query(Long.class).single();
		this.events.publishEvent(new WhatsAppDeliveryReceived(workspaceId, id));
		return id;
	}

	/** No transaction around it: each message and status is its own, so one refusal spoils nothing else. */
	@ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
	void on(WhatsAppDeliveryReceived event) {
		process(event.workspaceId(), event.deliveryId());
	}

	/** Processes what was left unprocessed: after a restart, a failure, or a status that came too early. */
	@Scheduled(fixedDelayString = "${convonite.whatsapp.sweep-interval:PT1M}", initialDelayString = "PT10S")
	void sweep() {
		List<long[]> due = WorkspaceScope.callAsSystem("WhatsApp deliveries left unprocessed", () -> this.jdbc.sql("""
				select id, workspace_id from whatsapp_delivery
				where processed_at is null and received_at < :before
				order by received_at, id limit :limit
				""")
			.param("before", OffsetDateTime.now().minus(this.sweepAfter))
			.param("limit", SWEEP_BATCH)
			.query((rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.list());
		for (long[] delivery : due) {
			long id = delivery[0];
			try {
				WorkspaceScope.run(delivery[1], () -> process(delivery[1], id));
			}
			catch (RuntimeException ex) {
				log.warn("Could not process WhatsApp delivery {}; will try again: {}", id, ex.getMessage());
			}
		}
		WorkspaceScope.runAsSystem("forget processed WhatsApp deliveries",
				() -> this.jdbc.sql("delete from whatsapp_delivery where processed_at < :before")
					.param("before", OffsetDateTime.now().minus(this.retention))
					.update());
	}

	private record Stored(long id, long workspaceId, byte[] body, OffsetDateTime receivedAt) {
	}

	/**
	 * Processes one stored delivery unless it already was. A failure that may pass (the database, say) leaves
	 * it for the sweep; a message the chat module refuses is noted and skipped, since trying again cannot help.
	 */
	void process(long workspaceId, long deliveryId) {
		Optional<Stored> found = this.jdbc.sql("""
				select id, workspace_id, body, received_at from whatsapp_delivery
				where workspace_id = :workspaceId and id = :id and processed_at is null
				""")
			.param("workspaceId", workspaceId)
			.param("id", deliveryId)
			.query((rs, n) -> new Stored(rs.getLong("id"), rs.getLong("workspace_id"), rs.getBytes("body"),
					rs.getObject("received_at", OffsetDateTime.class)))
			.optional();
		if (found.isEmpty()) {
			return;
		}
		Stored delivery = found.get();
		Optional<WhatsAppChannels.Channel> channel = this.channels.ofWorkspace(delivery.workspaceId());
		if (channel.isEmpty()) {
			finish(delivery, true, "The workspace has no WhatsApp channel any more");
			return;
		}
		WebhookPayloads.Contents contents = WebhookPayloads.read(delivery.body(), channel.get().phoneNumberId());
		List<String> notes = new ArrayList<>();
		int stored = 0;
		int repeated = 0;
		for (InboundMessages.InboundMessage message : contents.messages()) {
			try {
				if (this.inbound.receiveFromChannel(delivery.workspaceId(), message).duplicate()) {
					repeated++;
				}
				else {
					stored++;
				}
			}
			catch (ProblemException ex) {
				notes.add("message " + message.externalId() + " refused: " + ex.getMessage());
			}
		}
		int unknown = 0;
		for (WebhookPayloads.StatusReport status : contents.statuses()) {
			if (!this.outgoing.statusReported(delivery.workspaceId(), status.externalId(), status.status(),
					status.reason())) {
				unknown++;
			}
		}
		contents.skipped().forEach((s) -> notes.add("skipped " + s));
		StringBuilder outcome = new StringBuilder()
			.append(stored).append(" message(s) stored, ")
			.append(repeated).append(" repeated, ")
			.append(contents.statuses().size() - unknown).append(" status(es) applied");
		if (unknown > 0) {
			outcome.append(", ").append(unknown).append(" for messages not known yet");
		}
		notes.forEach((n) -> outcome.append("; ").append(n));
		// A status can overtake the answer to our own send that tells us the message's id: try again later.
		boolean patient = unknown > 0
				&& delivery.receivedAt().isAfter(OffsetDateTime.now().minus(this.statusPatience));
		finish(delivery, !patient, outcome.toString());
	}

	private void finish(Stored delivery, boolean done, String outcome) {
		this.jdbc.sql("""
				update whatsapp_delivery
				set attempts = attempts + 1, outcome = :outcome,
				    processed_at = case when :done then now() else null end
				where workspace_id = :workspaceId and id = :id and processed_at is null
				""")
			.param("outcome", (outcome.length() > 2000) ? outcome.substring(0, 1999) + "…" : outcome)
			.param("done", done)
			.param("workspaceId", delivery.workspaceId())
			.param("id", delivery.id())
			.update();
	}

}
