package com.convonite.notification;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open server-sent-event connections of the web app, by workspace and member (a member may have several
 * tabs open), each with the web session that opened it. An event only ever goes to connections of the
 * workspace it belongs to. Connections leave the registry when they complete, time out or fail, or when they
 * are closed here; a heartbeat comment keeps proxies from closing idle ones.
 * <p>
 * Each stream holds a connection of the server's connector, so they are capped: at most
 * {@code convonite.events.max-streams-per-session} per web session and {@code convonite.events.max-streams-per-member}
 * per member (a new one closes the oldest), and {@code convonite.events.max-streams} in all (beyond that a new one
 * is refused, and the caller answers 503). A stream closed for a cap gets a last event {@value #CLOSED_EVENT}, on
 * which the page stops reconnecting.
 * <p>
 * A member's streams are closed when their rights change ({@link #closeMember}: deactivated, demoted, password
 * changed) and a session's when it signs out ({@link #closeSession}); see {@code LiveUpdateRevocations}.
 */
@Component
public class LiveUpdates {

	private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

	/** The last event of a stream closed for a cap: the page's event source closes on it instead of reconnecting. */
	static final String CLOSED_EVENT = "closed";

	record Listener(long workspaceId, long memberId) {
	}

	/** One open stream: its emitter, the web session that opened it (null without one), and its age. */
	record Stream(SseEmitter emitter, String sessionId, long opened) {
	}

	private final Map<Listener, Set<Stream>> connections = new ConcurrentHashMap<>();

	private final AtomicLong sequence = new AtomicLong();

	/** Streams in the registry; changed only under the registry's lock (connect) or by a successful removal. */
	private final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();

	private final long timeoutMillis;

	private final int maxStreams;

	private final int maxPerMember;

	private final int maxPerSession;

	LiveUpdates(@Value("${convonite.events.timeout:PT30M}") Duration timeout,
			@Value("${convonite.events.max-streams:1000}") int maxStreams,
			@Value("${convonite.events.max-streams-per-member:8}") int maxPerMember,
			@Value("${convonite.events.max-streams-per-session:4}") int maxPerSession) {
		this.timeoutMillis = timeout.toMillis();
		this.maxStreams = maxStreams;
		this.maxPerMember = maxPerMember;
		this.maxPerSession = maxPerSession;
	}

	/**
	 * Opens a stream for the member's page, closing the oldest of the session's or member's streams when it has
	 * as many as allowed; empty when the server already holds {@code convonite.events.max-streams}.
	 */
	Optional<SseEmitter> connect(long workspaceId, long memberId, String sessionId) {
		Listener listener = new Listener(workspaceId, memberId);
		SseEmitter emitter = new SseEmitter(this.timeoutMillis);
		Stream stream = new Stream(emitter, sessionId, this.sequence.incrementAndGet());
		List<Stream> displaced = new ArrayList<>();
		synchronized (this.connections) {
			if (this.open.get() >= this.maxStreams) {
				return Optional.empty();
			}
			Set<Stream> streams = this.connections.getOrDefault(listener, Set.of());
			if (sessionId != null) {
				displaced.addAll(oldest(streams, (s) -> sessionId.equals(s.sessionId()), this.maxPerSession - 1));
			}
			List<Stream> remaining = streams.stream().filter((s) -> !displaced.contains(s)).toList();
			displaced.addAll(oldest(remaining, (s) -> true, this.maxPerMember - 1));
			displaced.forEach((s) -> remove(listener, s));
			this.connections.compute(listener, (key, current) -> {
				Set<Stream> updated = (current != null) ? current : ConcurrentHashMap.newKeySet();
				updated.add(stream);
				return updated;
			});
			this.open.incrementAndGet();
		}
		Runnable remove = () -> remove(listener, stream);
		emitter.onCompletion(remove);
		emitter.onTimeout(() -> {
			remove.run();
			emitter.complete();
		});
		emitter.onError((ex) -> remove.run());
		displaced.forEach((s) -> close(s, true));
		// Sends the headers at once, so that the browser knows the connection is open.
		send(listener, stream, SseEmitter.event().reconnectTime(3000).comment("connected"));
		return Optional.of(emitter);
	}

	/** The streams beyond the newest {@code keep} of those matching, oldest first. */
	private static List<Stream> oldest(java.util.Collection<Stream> streams, Predicate<Stream> which, int keep) {
		List<Stream> matching = streams.stream()
			.filter(which)
			.sorted(Comparator.comparingLong(Stream::opened))
			.toList();
		return (matching.size() > keep) ? matching.subList(0, matching.size() - Math.max(keep, 0)) : List.of();
	}

	/**
	 * Closes the member's streams on this instance, except those of the web session {@code keptSessionId} (null:
	 * all of them). Their pages reconnect and are signed in again, with the member's current rights, or not at all.
	 */
	public void closeMember(long workspaceId, long memberId, String keptSessionId) {
		Listener listener = new Listener(workspaceId, memberId);
		Set<Stream> streams = this.connections.get(listener);
		if (streams == null) {
			return;
		}
		for (Stream stream : List.copyOf(streams)) {
			if (keptSessionId == null || !keptSessionId.equals(stream.sessionId())) {
				remove(listener, stream);
				close(stream, false);
			}
		}
	}

	/** Closes the streams opened with the web session (it signed out) on this instance. */
	public void closeSession(String sessionId) {
		Objects.requireNonNull(sessionId);
		this.connections.forEach((listener, streams) -> {
			for (Stream stream : List.copyOf(streams)) {
				if (sessionId.equals(stream.sessionId())) {
					remove(listener, stream);
					close(stream, false);
				}
			}
		});
	}

	/** Tells every connected member of the workspace. */
	public void toWorkspace(long workspaceId, String event, String data) {
		this.connections.forEach((listener, streams) -> {
			if (listener.workspaceId() == workspaceId) {
				streams.forEach((stream) -> send(listener, stream, SseEmitter.event().name(event).data(data)));
			}
		});
	}

	/** Tells one member's open pages. */
	public void toMember(long workspaceId, long memberId, String event, String data) {
		Listener listener = new Listener(workspaceId, memberId);
		Set<Stream> streams = this.connections.get(listener);
		if (streams != null) {
			streams.forEach((stream) -> send(listener, stream, SseEmitter.event().name(event).data(data)));
		}
	}

	/** Runs the push once the current transaction has committed (at once without one). */
	void afterCommit(Runnable push) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					push.run();
				}
			});
		}
		else {
			push.run();
		}
	}

	/** How many connections the member has open (for tests and metrics). */
	public int connections(long workspaceId, long memberId) {
		Set<Stream> streams = this.connections.get(new Listener(workspaceId, memberId));
		return (streams != null) ? streams.size() : 0;
	}

	/** How many streams this instance holds open. */
	public int openStreams() {
		return this.open.get();
	}

	@Scheduled(fixedDelayString = "${convonite.events.heartbeat:PT25S}", initialDelayString = "${convonite.events.heartbeat:PT25S}")
	void heartbeat() {
		this.connections.forEach((listener, streams) -> streams
			.forEach((stream) -> send(listener, stream, SseEmitter.event().comment("heartbeat"))));
	}

	private void send(Listener listener, Stream stream, SseEmitter.SseEventBuilder event) {
		try {
			stream.emitter().send(event);
		}
		catch (IOException | IllegalStateException ex) {
			log.debug("Dropping a closed event stream of member {}: {}", listener.memberId(), ex.getMessage());
			remove(listener, stream);
			try {
				stream.emitter().completeWithError(ex);
			}
			catch (RuntimeException ignored) {
				// already completed
			}
		}
	}

	/** A stopping server ends its streams first, so that its graceful shutdown does not wait 30 s for them. */
	@org.springframework.context.event.EventListener(org.springframework.context.event.ContextClosedEvent.class)
	void closeAllOnShutdown() {
		this.connections.values().forEach((streams) -> streams.forEach((stream) -> close(stream, false)));
	}

	/** Ends the stream; one closed for a cap first tells the page not to reconnect. */
	private static void close(Stream stream, boolean forCap) {
		try {
			if (forCap) {
				stream.emitter().send(SseEmitter.event().name(CLOSED_EVENT).data("too-many-streams"));
			}
			stream.emitter().complete();
		}
		catch (IOException | RuntimeException ex) {
			// the connection is gone already
		}
	}

	private void remove(Listener listener, Stream stream) {
		this.connections.computeIfPresent(listener, (key, streams) -> {
			if (streams.remove(stream)) {
				this.open.decrementAndGet();
			}
			return streams.isEmpty() ? null : streams;
		});
	}

}
