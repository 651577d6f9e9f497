package com.convonite.assist;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local stand-in for an OpenAI-compatible chat-completions endpoint: it records each request (method, path,
 * Authorization header, content type, JSON body) and answers as told: a completion in OpenAI's exact response
 * format by default, or an error, or nothing for a while.
 */
final class ChatCompletionsMock implements AutoCloseable {

	record Received(String method, String path, String authorization, String contentType, JsonNode body) {
	}

	/** What to answer: an HTTP status and body, after a delay. */
	record Answer(int status, String body, long delayMillis) {
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	final List<Received> received = new CopyOnWriteArrayList<>();

	private final AtomicReference<Answer> answer = new AtomicReference<>();

	private final HttpServer server;

	ChatCompletionsMock() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
		this.server.start();
		completes("Subject: Refund for a double charge\nSummary: The customer was charged twice; the agent refunded one charge.");
	}

	/** The base URL to set, up to /v1. */
	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
	}

	/** Answers 200 with a chat completion whose message content is {@code content}, as OpenAI does. */
	void completes(String content) {
		String body = JSON.writeValueAsString(java.util.Map.of("id", "chatcmpl-123", "object", "chat.completion",
				"created", 1_700_000_000, "model", "test-model", "choices",
				List.of(java.util.Map.of("index", 0, "message", java.util.Map.of("role", "assistant", "content", content),
						"finish_reason", "stop")),
				"usage", java.util.Map.of("prompt_tokens", 50, "completion_tokens", 20, "total_tokens", 70)));
		this.answer.set(new Answer(200, body, 0));
	}

	void answers(int status, String body, long delayMillis) {
		this.answer.set(new Answer(status, body, delayMillis));
	}

	private void handle(HttpExchange exchange) throws IOException {
		byte[] request = exchange.getRequestBody().readAllBytes();
		JsonNode body;
		try {
			body = JSON.readTree(new String(request, StandardCharsets.UTF_8));
		}
		catch (RuntimeException ex) {
			body = null;
		}
		this.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
				exchange.getRequestHeaders().getFirst("Authorization"),
				exchange.getRequestHeaders().getFirst("Content-Type"), body));
		Answer now = this.answer.get();
		try {
			if (now.delayMillis() > 0) {
				Thread.sleep(now.delayMillis());
			}
			byte[] out = now.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(now.status(), out.length);
			exchange.getResponseBody().write(out);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			// the caller gave up (a timeout): nothing to answer
		}
		finally {
			exchange.close();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
