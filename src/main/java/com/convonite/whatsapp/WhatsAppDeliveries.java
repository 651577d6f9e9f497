package com.convonite.whatsapp;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import com.convonite.chat.InboundMessages;
import com.convonite.chat.OutgoingMessages;
import com.convonite.shared.AfterCommit;
import com.convonite.shared.ProblemException;
import com.convonite.shared.WorkspaceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The webhook's deliveries: each is stored raw in the request's transaction before it is acknowledged, then
 * processed after the commit (customers' messages through the chat module's inbound delivery, statuses as
 * reports on the team's messages). The table is its own durable queue: the commit wakes a few processing
 * threads ({@code convonite.whatsapp.processing-threads}) that claim new deliveries in batches
 * ({@code for update skip locked}, so several instances share them) until none is left; acknowledging a
 * delivery writes one row and nothing else, and a burst waits in the table rather than in memory or in
 * threads that hold database connections. The same draining runs at start-up and on a schedule, and a sweep
 * processes again what was claimed but is still unprocessed (after a crash or a failure), so nothing
 * acknowledged is lost. Processing twice is harmless: a message's wamid is stored once and a status never
 * moves back.
 */
@Service
class WhatsAppDeliveries implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(WhatsAppDeliveries.class);

	private static final int SWEEP_BATCH = 100;

	/** Deliveries claimed per processing thread at a time. */
	private static final int CLAIM_PER_THREAD = 8;

	private final JdbcClient jdbc;

	private final WhatsAppChannels channels;

	private final InboundMessages inbound;

	private final OutgoingMessages outgoing;

	private final int threads;

	private final ExecutorService processing;

	private final ReentrantLock draining = new ReentrantLock();

	private final AtomicBoolean wokenWhileDraining = new AtomicBoolean();

	private final Duration sweepAfter;

	private final Duration statusPatience;

	private final Duration retention;

	WhatsAppDeliveries(JdbcClient jdbc, WhatsAppChannels channels, InboundMessages inbound, OutgoingMessages outgoing,
			@Value("${convonite.whatsapp.processing-threads:2}") int threads,
			@Value("${convonite.whatsapp.sweep-after:PT30S}") Duration sweepAfter,
			@Value("${convonite.whatsapp.status-patience:PT10M}") Duration statusPatience,
			@Value("${convonite.whatsapp.delivery-retention:P30D}") Duration retention) {
		this.jdbc = jdbc;
		this.channels = channels;
		this.inbound = inbound;
		this.outgoing = outgoing;
		this.threads = Math.max(1, threads);
		AtomicInteger named = new AtomicInteger();
		// one thread drains (claims and waits), the others process what it claimed
		this.processing = Executors.newFixedThreadPool(this.threads + 1, (task) -> {
			Thread thread = new Thread(task, "whatsapp-delivery-" + named.getAndIncrement());
			thread.setDaemon(true);
			return thread;
		});
		this.sweepAfter = sweepAfter;
		this.statusPatience = statusPatience;
		this.retention = retention;
	}

	/**
	 * Stores a signed delivery, processed once this transaction committed, and returns its id. The same body again
	 * (a replay, or Meta retrying) is not stored twice: the unique key on its SHA-256 makes every instance see the
	 * first one, whose id is returned.
	 */
	@Transactional
	long store(long workspaceId, byte[] body) {
		byte[] hash = sha256(body);
		Optional<Long> stored = this.jdbc.sql("""
				insert into whatsapp_delivery (workspace_id, body, body_sha256) values (:workspaceId, :body, :hash)
				on conflict (workspace_id, body_sha256) do nothing
				returning id
				""").param("workspaceId", workspaceId).param("body", body).param("hash", hash).query(Long.class).optional();
		if (stored.isEmpty()) {
			long first = this.jdbc.sql("""
					select id from whatsapp_delivery where workspace_id = :workspaceId and body_sha256 = :hash
					""").param("workspaceId", workspaceId).param("hash", hash).query(Long.class).single();
			log.info("WhatsApp delivery for workspace {} is a repeat of delivery {}: acknowledged, not stored again",
					workspaceId, first);
			return first;
		}
		AfterCommit.run(this::wakeUp);
		return stored.get();
	}

	private static byte[] sha256(byte[] body) {
		try {
			return java.security.MessageDigest.getInstance("SHA-256").digest(body);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	@EventListener(ApplicationReadyEvent.class)
	void started() {
		wakeUp();
	}

	/** Drains new deliveries on a thread of its own (one drain at a time; a wake-up during one extends it). */
	void wakeUp() {
		if (this.draining.isLocked()) {
			this.wokenWhileDraining.set(true);
			if (this.draining.isLocked()) {
				return; // the running drain looks again before it ends
			}
		}
		try {
			this.processing.execute(this::drain);
		}
		catch (RejectedExecutionException ex) {
			log.debug("Not draining WhatsApp deliveries: shutting down");
		}
	}

	/**
	 * Processes every delivery not yet claimed, in batches claimed with {@code skip locked}, spread over the
	 * processing threads; returns when none is left (and no wake-up came in meanwhile).
	 */
	void drain() {
		if (!this.draining.tryLock()) {
			this.wokenWhileDraining.set(true);
			return;
		}
		try {
			do {
				this.wokenWhileDraining.set(false);
				List<long[]> batch;
				do {
					batch = claim(false, this.threads * CLAIM_PER_THREAD);
					processAll(batch);
				}
				while (!batch.isEmpty());
			}
			while (this.wokenWhileDraining.get());
		}
		catch (RuntimeException ex) {
			log.warn("Could not drain WhatsApp deliveries; the sweep will: {}", ex.getMessage());
		}
		finally {
			this.draining.unlock();
		}
		if (this.wokenWhileDraining.get()) {
			// woken between the last look and the unlock
			wakeUp();
		}
	}

	/**
	 * Claims deliveries (counting an attempt each, so that a crash while processing leaves them to the sweep)
	 * across workspaces, oldest first: new ones, or for a retry any unprocessed one received before
	 * {@code sweep-after}. Another drain or instance skips the rows being claimed.
	 */
	private List<long[]> claim(boolean retry, int limit) {
		String which = retry ? "received_at < :before" : "attempts = 0";
		return WorkspaceScope.callAsSystem("claim WhatsApp deliveries to process", () -> {
			var statement = this.jdbc.sql("""
					update whatsapp_delivery set attempts = attempts + 1
					where id in (select id from whatsapp_delivery
					             where processed_at is null and %s
					             order by received_at, id limit :limit for update skip locked)
					returning id, workspace_id
					""".formatted(which)).param("limit", limit);
			if (retry) {
				statement = statement.param("before", OffsetDateTime.now().minus(this.sweepAfter));
			}
			return statement.query((rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) }).list();
		});
	}

	/** Processes claimed deliveries on the processing threads, a share each, and waits for all. */
	private void processAll(List<long[]> claimed) {
		if (claimed.isEmpty()) {
			return;
		}
		List<Future<?>> running = new ArrayList<>();
		for (int t = 0; t < this.threads; t++) {
			int first = t;
			running.add(this.processing.submit(() -> {
				for (int i = first; i < claimed.size(); i += this.threads) {
					processOne(claimed.get(i));
				}
			}));
		}
		for (Future<?> task : running) {
			try {
				task.get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (ExecutionException ex) {
				log.warn("WhatsApp delivery processing failed: {}", ex.getCause().getMessage());
			}
		}
	}

	private void processOne(long[] delivery) {
		long id = delivery[0];
		try {
			WorkspaceScope.run(delivery[1], () -> process(id));
		}
		catch (RuntimeException ex) {
			log.warn("Could not process WhatsApp delivery {}; will try again: {}", id, ex.getMessage());
		}
	}

	/**
	 * Processes what was left unprocessed: new deliveries whose wake-up was lost (a restart), and claimed ones
	 * still unprocessed after {@code sweep-after} (a crash or a failure while processing, or a status that
	 * came before the message it reports on).
	 */
	@Scheduled(fixedDelayString = "${convonite.whatsapp.sweep-interval:PT1M}", initialDelayString = "PT10S")
	void sweep() {
		drain();
		List<long[]> due = claim(true, SWEEP_BATCH);
		for (long[] delivery : due) {
			processOne(delivery);
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
	void process(long deliveryId) {
		Optional<Stored> found = this.jdbc.sql("""
				select id, workspace_id, body, received_at from whatsapp_delivery
				where id = :id and processed_at is null
				""")
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
				set outcome = :outcome,
				    processed_at = case when :done then now() else null end
				where workspace_id = :workspaceId and id = :id and processed_at is null
				""")
			.param("outcome", (outcome.length() > 2000) ? outcome.substring(0, 1999) + "…" : outcome)
			.param("done", done)
			.param("workspaceId", delivery.workspaceId())
			.param("id", delivery.id())
			.update();
	}

	@Override
	public void destroy() {
		this.processing.shutdown();
	}

}
