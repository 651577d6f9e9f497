package com.convonite.support;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A live-update stream (/events) as a page's event source holds it: its lines, and whether the server ended it. */
public final class LiveStream {

	public final int status;

	public final String body;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	public final List<String> seen = new CopyOnWriteArrayList<>();

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	private HttpResponse<java.util.stream.Stream<String>> response;

	private LiveStream(int status, String body) {
		this.status = status;
		this.body = body;
	}

	static LiveStream open(HttpClient client, HttpRequest request) {
		try {
			HttpResponse<java.util.stream.Stream<String>> response = client.send(request,
					HttpResponse.BodyHandlers.ofLines());
			if (response.statusCode() != 200) {
				LiveStream refused = new LiveStream(response.statusCode(),
						String.join("\n", response.body().toList()));
				refused.ended.complete(null);
				return refused;
			}
			LiveStream stream = new LiveStream(200, null);
			stream.response = response;
			Thread reader = new Thread(() -> {
				try {
					response.body().forEach((line) -> {
						stream.seen.add(line);
						stream.lines.add(line);
					});
				}
				catch (RuntimeException closed) {
					// closed by the test or the server
				}
				stream.ended.complete(null);
			});
			reader.setDaemon(true);
			reader.start();
			return stream;
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Whether the server ended the stream within the time. */
	public boolean endsWithin(Duration wait) {
		try {
			this.ended.get(wait.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (java.util.concurrent.TimeoutException ex) {
			return false;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public boolean isOpen() {
		return !this.ended.isDone();
	}

	/** The next line starting with the prefix, within 10 seconds. */
	public String next(String prefix) throws InterruptedException {
		long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < end) {
			String line = this.lines.poll(100, TimeUnit.MILLISECONDS);
			if (line != null && line.startsWith(prefix)) {
				return line;
			}
		}
		throw new AssertionError("No line starting with " + prefix + " within 10 s; saw " + this.seen);
	}

	public void close() {
		if (this.response != null) {
			this.response.body().close();
		}
	}

}
