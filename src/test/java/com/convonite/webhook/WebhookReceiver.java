package com.convonite.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local HTTP server that plays the receiving system: it records every request and answers with the status
 * codes it is told to (200 once the script runs out). The JDK's own server: no extra dependency, and enough for
 * POSTs with headers and a body.
 */
final class WebhookReceiver implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

	private final ConcurrentLinkedDeque<Integer> statuses = new ConcurrentLinkedDeque<>();

	private volatile String refusal = "receiver says no";

	record Received(Map<String, String> headers, String body, long receivedAtMillis) {

		String header(String name) {
			return this.headers.get(name.toLowerCase());
		}

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		/** Checks the signature the way docs/webhooks.md tells receivers to, independently of the product's code. */
		boolean signatureValid(String secret) {
			try {
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
				String expected = "v1=" + HexFormat.of()
					.formatHex(mac.doFinal((header("Convonite-Timestamp") + "." + this.body).getBytes(StandardCharsets.UTF_8)));
				return java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
						header("Convonite-Signature").getBytes(StandardCharsets.UTF_8));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	WebhookReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			Map<String, String> headers = new TreeMap<>();
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
			if (exchange.getRequestMethod().equals("POST")) {
				this.received.add(new Received(headers, new String(body, StandardCharsets.UTF_8),
						System.currentTimeMillis()));
			}
			Integer status = this.statuses.pollFirst();
			int code = (status != null) ? status : 200;
			byte[] answer = (code >= 300 ? this.refusal : "ok").getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(code, answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hooks";
	}

	/** The next requests are answered with these codes, in order. */
	void answer(Integer... codes) {
		this.statuses.addAll(List.of(codes));
	}

	/** The body of every answer with a status of 300 or more from now on. */
	void refuseWith(String body) {
		this.refusal = body;
	}

	Received next(Duration timeout) throws InterruptedException {
		Received request = this.received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (request == null) {
			throw new AssertionError("No webhook arrived within " + timeout);
		}
		return request;
	}

	/** Every request that arrives within the time (none when nothing comes). */
	List<Received> drain(Duration within) throws InterruptedException {
		List<Received> all = new ArrayList<>();
		long end = System.currentTimeMillis() + within.toMillis();
		while (true) {
			long left = end - System.currentTimeMillis();
			Received request = (left > 0) ? this.received.poll(left, TimeUnit.MILLISECONDS) : this.received.poll();
			if (request == null) {
				return all;
			}
			all.add(request);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
