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

import com.convonite.platform.Signal;
import com.convonite.platform.Signals;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
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
 * <p>
 * Every update and every closing is published as a {@link Signals signal} ({@code pg_notify} in the transaction
 * that made the change, so it goes out only once that commits) and every instance of the product, this one
 * included, acts on the streams it holds: a page connected to any instance sees a change made through any
 * other, and a member deactivated through one instance loses their streams on all. A signal carries ids, fixed
 * words and a web session's key (a hash of its id, which is a credential and never leaves the instance), never
 * customer text.
 */
@Component
public class LiveUpdates {

	private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

	/** The last event of a stream closed for a cap: the page's event source closes on it instead of reconnecting. */
	static final String CLOSED_EVENT = "closed";

	record Listener(long workspaceId, long memberId) {
	}

	/**
	 * One open stream: its emitter, the key of the web session that opened it (null without one; see
	 * {@link #sessionKey}), and its age.
	 */
	record Stream(SseEmitter emitter, String sessionKey, long opened) {
	}

	static final String TOPIC = "live";

	static final String CLOSE_TOPIC = "live-close";

	private static final String EVERYONE = "*";

	private static final String NONE = "-";

	private final Signals signals;

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
			@Value("${convonite.events.max-streams-per-session:4}") int maxPerSession, Signals signals) {
		this.timeoutMillis = timeout.toMillis();
		this.signals = signals;
		signals.subscribe(TOPIC, this::deliver);
		signals.subscribe(CLOSE_TOPIC, this::closeHere);
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
		String sessionKey = sessionKey(sessionId);
		Stream stream = new Stream(emitter, sessionKey, this.sequence.incrementAndGet());
		List<Stream> displaced = new ArrayList<>();
		synchronized (this.connections) {
			if (this.open.get() >= this.maxStreams) {
				return Optional.empty();
			}
			Set<Stream> streams = this.connections.getOrDefault(listener, Set.of());
			if (sessionKey != null) {
				displaced.addAll(oldest(streams, (s) -> sessionKey.equals(s.sessionKey()), this.maxPerSession - 1));
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
	 * Closes the member's streams on every instance once the current transaction commits, except those of the
	 * web session {@code keptSessionId} (null: all of them). Their pages reconnect and are signed in again, with
	 * the member's current rights, or not at all.
	 */
	public void closeMember(long workspaceId, long memberId, String keptSessionId) {
		String kept = sessionKey(keptSessionId);
		this.signals.publish(CLOSE_TOPIC, workspaceId, "member " + memberId + " " + ((kept != null) ? kept : NONE));
	}

	/** Closes the streams opened with the web session (it signed out), on every instance. */
	public void closeSession(long workspaceId, String sessionId) {
		this.signals.publish(CLOSE_TOPIC, workspaceId, "session " + sessionKey(Objects.requireNonNull(sessionId)));
	}

	/** Closes what a signal of any instance names among the streams this instance holds. */
	private void closeHere(Signal signal) {
		String[] parts = signal.subject().split(" ");
		if (parts.length == 3 && parts[0].equals("member")) {
			String kept = NONE.equals(parts[2]) ? null : parts[2];
			closeMemberHere(signal.workspaceId(), Long.parseLong(parts[1]), kept);
		}
		else if (parts.length == 2 && parts[0].equals("session")) {
			closeSessionHere(parts[1]);
		}
	}

	private void closeMemberHere(long workspaceId, long memberId, String keptSessionKey) {
		Listener listener = new Listener(workspaceId, memberId);
		Set<Stream> streams = this.connections.get(listener);
		if (streams == null) {
			return;
		}
		for (Stream stream : List.copyOf(streams)) {
			if (keptSessionKey == null || !keptSessionKey.equals(stream.sessionKey())) {
				remove(listener, stream);
				close(stream, false);
			}
		}
	}

	private void closeSessionHere(String sessionKey) {
		this.connections.forEach((listener, streams) -> {
			for (Stream stream : List.copyOf(streams)) {
				if (sessionKey.equals(stream.sessionKey())) {
					remove(listener, stream);
					close(stream, false);
				}
			}
		});
	}

	/**
	 * A web session's key in signals and in this registry: the session id is a credential (it is the cookie), so
	 * only a hash of it travels to other instances.
	 */
	static String sessionKey(String sessionId) {
		if (sessionId == null) {
			return null;
		}
		try {
			byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
				.digest(sessionId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			return java.util.HexFormat.of().formatHex(digest, 0, 16);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Tells every connected member of the workspace, on every instance, once the current transaction commits. */
	public void publishToWorkspace(long workspaceId, String event, String data) {
		this.signals.publish(TOPIC, workspaceId, EVERYONE + " " + event + " " + data);
	}

	/** Tells one member's open pages, on every instance, once the current transaction commits. */
	public void publishToMember(long workspaceId, long memberId, String event, String data) {
		this.signals.publish(TOPIC, workspaceId, memberId + " " + event + " " + data);
	}

	/** Pushes a signal of any instance to the connections this instance holds. */
	private void deliver(Signal signal) {
		String[] parts = signal.subject().split(" ", 3);
		if (parts.length != 3) {
			return;
		}
		if (EVERYONE.equals(parts[0])) {
			toWorkspace(signal.workspaceId(), parts[1], parts[2]);
		}
		else {
			toMember(signal.workspaceId(), Long.parseLong(parts[0]), parts[1], parts[2]);
		}
	}

	/** Tells every member of the workspace connected to this instance. */
	void toWorkspace(long workspaceId, String event, String data) {
		this.connections.forEach((listener, streams) -> {
			if (listener.workspaceId() == workspaceId) {
				streams.forEach((stream) -> send(listener, stream, SseEmitter.event().name(event).data(data)));
			}
		});
	}

	/** Tells one member's open pages on this instance. */
	void toMember(long workspaceId, long memberId, String event, String data) {
		Listener listener = new Listener(workspaceId, memberId);
		Set<Stream> streams = this.connections.get(listener);
		if (streams != null) {
			streams.forEach((stream) -> send(listener, stream, SseEmitter.event().name(event).data(data)));
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
