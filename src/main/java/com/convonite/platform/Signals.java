package com.convonite.platform;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Signals between the instances of the product that share one PostgreSQL, over {@code LISTEN/NOTIFY}.
 * <p>
 * {@link #publish} issues {@code pg_notify} on the caller's connection: inside a transaction PostgreSQL
 * delivers it only when (and if) the transaction commits, so no instance hears of a change before it can read
 * it, nor of a change rolled back. Every instance, this one included, listens on one dedicated connection
 * ({@link SignalListener}) and hands each signal to the handlers subscribed to its topic, each on a thread of
 * its own, so a slow handler (an SSE client that does not read) holds up no other signal.
 * <p>
 * A signal is best-effort, like a live update: one sent while an instance's listening connection is lost
 * does not reach it. Handlers of {@link #onReconnect} catch up (caches drop everything they hold).
 */
@Component
public class Signals {

	static final String CHANNEL = "convonite_signals";

	private static final AtomicLong THREADS = new AtomicLong();

	private static final Logger log = LoggerFactory.getLogger(Signals.class);

	private final JdbcClient jdbc;

	private final Map<String, List<Consumer<Signal>>> handlers = new ConcurrentHashMap<>();

	private final List<Runnable> reconnectHandlers = new CopyOnWriteArrayList<>();

	private final ExecutorService executor = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "convonite-signal-" + THREADS.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	});

	private final Counter published;

	private final Counter received;

	Signals(JdbcClient jdbc, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.published = Counter.builder("convonite.signals.published")
			.description("Signals this instance sent to all instances (pg_notify)")
			.register(meters);
		this.received = Counter.builder("convonite.signals.received")
			.description("Signals this instance heard on its listening connection")
			.register(meters);
	}

	/**
	 * Tells every instance (this one included) once the current transaction commits; at once without one. The
	 * subject is ids and fixed words, never customer text.
	 */
	public void publish(String topic, long workspaceId, String subject) {
		String payload = new Signal(topic, workspaceId, subject).encode();
		this.jdbc.sql("select pg_notify(:channel, :payload)")
			.param("channel", CHANNEL)
			.param("payload", payload)
			.query((rs, n) -> 0)
			.list();
		this.published.increment();
	}

	/** Calls {@code handler} for every signal of the topic that any instance publishes. */
	public void subscribe(String topic, Consumer<Signal> handler) {
		this.handlers.computeIfAbsent(topic, (key) -> new CopyOnWriteArrayList<>()).add(handler);
	}

	/**
	 * Calls {@code handler} when the listening connection is back after it was lost: signals sent meanwhile
	 * were missed, so whatever they would have evicted must be dropped.
	 */
	public void onReconnect(Runnable handler) {
		this.reconnectHandlers.add(handler);
	}

	void deliver(String payload) {
		Signal signal = Signal.decode(payload);
		if (signal == null) {
			log.warn("Ignoring a signal that is none of ours: {}", payload);
			return;
		}
		this.received.increment();
		for (Consumer<Signal> handler : this.handlers.getOrDefault(signal.topic(), List.of())) {
			this.executor.execute(() -> {
				try {
					handler.accept(signal);
				}
				catch (RuntimeException ex) {
					log.warn("A handler of signal {} failed: {}", signal, ex.toString());
				}
			});
		}
	}

	void reconnected() {
		for (Runnable handler : this.reconnectHandlers) {
			try {
				handler.run();
			}
			catch (RuntimeException ex) {
				log.warn("A reconnect handler failed: {}", ex.toString());
			}
		}
	}

}
