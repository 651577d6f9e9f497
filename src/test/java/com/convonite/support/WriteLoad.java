package com.convonite.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import tools.jackson.databind.JsonNode;

/**
 * Concurrent clients that keep sending requests over real HTTP until stopped, recording when each request
 * started and ended and what it was answered, for the fault tests to judge afterwards. A request that gets
 * no answer within the timeout counts as hanging (status -1).
 */
public final class WriteLoad {

	/** What one client does, over and over, until the load stops. */
	@FunctionalInterface
	public interface Work {

		void run(Requests requests, int client, int iteration);

	}

	public record Outcome(String method, String path, long startedNanos, long endedNanos, int status,
			String contentType, String retryAfter, String body) {

		public boolean succeeded() {
			return this.status >= 200 && this.status < 300;
		}

		public long millis() {
			return TimeUnit.NANOSECONDS.toMillis(this.endedNanos - this.startedNanos);
		}

		public JsonNode json() {
			return Api.JSON.readTree(this.body);
		}

		@Override
		public String toString() {
			return this.method + " " + this.path + " -> " + this.status + " in " + millis() + " ms: "
					+ ((this.body != null && this.body.length() > 300) ? this.body.substring(0, 300) : this.body);
		}

	}

	private final String baseUrl;

	private final String authorization;

	private final Duration timeout;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());

	private final AtomicBoolean stopping = new AtomicBoolean();

	private final ExecutorService clients;

	private WriteLoad(String baseUrl, String authorization, Duration timeout, int clientCount, Work work) {
		this.baseUrl = baseUrl;
		this.authorization = authorization;
		this.timeout = timeout;
		this.clients = Executors.newFixedThreadPool(clientCount);
		for (int i = 0; i < clientCount; i++) {
			int client = i;
			this.clients.submit(() -> {
				Requests requests = new Requests();
				for (int n = 0; !this.stopping.get(); n++) {
					work.run(requests, client, n);
				}
			});
		}
	}

	/**
	 * Starts the clients against {@code baseUrl} (scheme, host and port), each request signed in with the
	 * given {@code Authorization} header; a request unanswered after {@code timeout} counts as hanging.
	 */
	public static WriteLoad start(String baseUrl, String authorization, Duration timeout, int clients, Work work) {
		return new WriteLoad(baseUrl, authorization, timeout, clients, work);
	}

	/** Stops the clients (each finishes the request it is in) and returns every outcome, oldest first. */
	public List<Outcome> stop() {
		this.stopping.set(true);
		this.clients.shutdown();
		try {
			if (!this.clients.awaitTermination(this.timeout.toSeconds() * 3 + 10, TimeUnit.SECONDS)) {
				this.clients.shutdownNow();
				throw new AssertionError("Load clients did not stop: a request hangs");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		List<Outcome> all;
		synchronized (this.outcomes) {
			all = new ArrayList<>(this.outcomes);
		}
		all.sort(java.util.Comparator.comparingLong(Outcome::startedNanos));
		return all;
	}

	/** How many requests were answered 2xx so far. */
	public long successes() {
		synchronized (this.outcomes) {
			return this.outcomes.stream().filter(Outcome::succeeded).count();
		}
	}

	/** Waits until at least this many requests were answered 2xx, or the time is up. */
	public void awaitSuccesses(long count, Duration atMost) {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (successes() < count && System.nanoTime() < deadline) {
			pause(100);
		}
	}

	/** Sends one client's requests and records their outcomes. */
	public final class Requests {

		public Outcome post(String path, Object body) {
			return send("POST", path, body);
		}

		public Outcome patch(String path, Object body) {
			return send("PATCH", path, body);
		}

		public Outcome send(String method, String path, Object body) {
			HttpRequest request = HttpRequest.newBuilder(URI.create(WriteLoad.this.baseUrl + "/api/v1" + path))
				.timeout(WriteLoad.this.timeout)
				.header("Authorization", WriteLoad.this.authorization)
				.header("Content-Type", "application/json")
				.header("Accept", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(body)))
				.build();
			long started = System.nanoTime();
			Outcome outcome;
			try {
				HttpResponse<String> response = WriteLoad.this.http.send(request, HttpResponse.BodyHandlers.ofString());
				outcome = new Outcome(method, path, started, System.nanoTime(), response.statusCode(),
						response.headers().firstValue("Content-Type").orElse(""),
						response.headers().firstValue("Retry-After").orElse(null), response.body());
			}
			catch (java.net.http.HttpTimeoutException ex) {
				outcome = new Outcome(method, path, started, System.nanoTime(), -1, "", null, "no answer: " + ex);
			}
			catch (IOException ex) {
				outcome = new Outcome(method, path, started, System.nanoTime(), 0, "", null, "no connection: " + ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				outcome = new Outcome(method, path, started, System.nanoTime(), 0, "", null, "interrupted");
			}
			WriteLoad.this.outcomes.add(outcome);
			if (!outcome.succeeded()) {
				pause(100);
			}
			return outcome;
		}

	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
