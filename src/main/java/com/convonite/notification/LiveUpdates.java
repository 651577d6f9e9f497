package com.convonite.notification;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
 * tabs open). An event only ever goes to connections of the workspace it belongs to. Connections leave the
 * registry when they complete, time out or fail; a heartbeat comment keeps proxies from closing idle ones.
 * <p>
 * An update is published as a {@link Signals signal} ({@code pg_notify} in the transaction that made the
 * change, so it goes out only once that commits) and every instance of the product, this one included, pushes
 * it to the connections it holds: a page connected to any instance sees a change made through any other.
 * The signal carries the member (or {@code *} for the whole workspace), the event's name and its data: ids and
 * fixed words, never customer text.
 */
@Component
public class LiveUpdates {

	private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

	record Listener(long workspaceId, long memberId) {
	}

	private final Map<Listener, Set<SseEmitter>> connections = new ConcurrentHashMap<>();

	private final long timeoutMillis;

	static final String TOPIC = "live";

	private static final String EVERYONE = "*";

	private final Signals signals;

	LiveUpdates(@Value("${convonite.events.timeout:PT30M}") Duration timeout, Signals signals) {
		this.timeoutMillis = timeout.toMillis();
		this.signals = signals;
		signals.subscribe(TOPIC, this::deliver);
	}

	SseEmitter connect(long workspaceId, long memberId) {
		Listener listener = new Listener(workspaceId, memberId);
		SseEmitter emitter = new SseEmitter(this.timeoutMillis);
		this.connections.computeIfAbsent(listener, (key) -> ConcurrentHashMap.newKeySet()).add(emitter);
		Runnable remove = () -> remove(listener, emitter);
		emitter.onCompletion(remove);
		emitter.onTimeout(() -> {
			remove.run();
			emitter.complete();
		});
		emitter.onError((ex) -> remove.run());
		// Sends the headers at once, so that the browser knows the connection is open.
		send(listener, emitter, SseEmitter.event().reconnectTime(3000).comment("connected"));
		return emitter;
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
		this.connections.forEach((listener, emitters) -> {
			if (listener.workspaceId() == workspaceId) {
				emitters.forEach((emitter) -> send(listener, emitter, SseEmitter.event().name(event).data(data)));
			}
		});
	}

	/** Tells one member's open pages on this instance. */
	void toMember(long workspaceId, long memberId, String event, String data) {
		Listener listener = new Listener(workspaceId, memberId);
		Set<SseEmitter> emitters = this.connections.get(listener);
		if (emitters != null) {
			emitters.forEach((emitter) -> send(listener, emitter, SseEmitter.event().name(event).data(data)));
		}
	}

	/** How many connections the member has open (for tests and metrics). */
	public int connections(long workspaceId, long memberId) {
		Set<SseEmitter> emitters = this.connections.get(new Listener(workspaceId, memberId));
		return (emitters != null) ? emitters.size() : 0;
	}

	@Scheduled(fixedDelayString = "${convonite.events.heartbeat:PT25S}", initialDelayString = "${convonite.events.heartbeat:PT25S}")
	void heartbeat() {
		this.connections.forEach((listener, emitters) -> emitters
			.forEach((emitter) -> send(listener, emitter, SseEmitter.event().comment("heartbeat"))));
	}

	private void send(Listener listener, SseEmitter emitter, SseEmitter.SseEventBuilder event) {
		try {
			emitter.send(event);
		}
		catch (IOException | IllegalStateException ex) {
			log.debug("Dropping a closed event stream of member {}: {}", listener.memberId(), ex.getMessage());
			remove(listener, emitter);
			try {
				emitter.completeWithError(ex);
			}
			catch (RuntimeException ignored) {
				// already completed
			}
		}
	}

	private void remove(Listener listener, SseEmitter emitter) {
		this.connections.computeIfPresent(listener, (key, emitters) -> {
			emitters.remove(emitter);
			return emitters.isEmpty() ? null : emitters;
		});
	}

}
