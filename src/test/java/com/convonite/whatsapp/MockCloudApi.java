package com.convonite.whatsapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A stand-in for the Cloud API on a local port (okhttp's MockWebServer), one per test run. Each test's channel
 * has its own access token, so answers are scripted and requests recorded per token: tests never see each
 * other's traffic, however the asynchronous sends interleave.
 */
final class MockCloudApi extends Dispatcher {

	static final MockCloudApi INSTANCE = new MockCloudApi();

	static final String API_VERSION = "v23.0";

	private final MockWebServer server = new MockWebServer();

	private final Map<String, BlockingQueue<MockResponse>> answers = new ConcurrentHashMap<>();

	private final Map<String, BlockingQueue<RecordedRequest>> requests = new ConcurrentHashMap<>();

	private MockCloudApi() {
		this.server.setDispatcher(this);
		try {
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Points the application at this server, with a short read timeout for the timeout test. */
	static void register(DynamicPropertyRegistry registry) {
		registry.add("convonite.whatsapp.api-base-url", () -> "http://127.0.0.1:" + INSTANCE.server.getPort());
		registry.add("convonite.whatsapp.api-version", () -> API_VERSION);
		registry.add("convonite.whatsapp.read-timeout", () -> "PT2S");
	}

	void answer(String accessToken, MockResponse response) {
		queue(this.answers, "Bearer " + accessToken).add(response);
	}

	void accept(String accessToken, String wamid) {
		answer(accessToken, json(200, """
				{"messaging_product":"whatsapp","contacts":[{"input":"12015550142","wa_id":"12015550142"}],
				 "messages":[{"id":"%s"}]}""".formatted(wamid)));
	}

	/** An address on this server, such as the download address of a media file. */
	String url(String path) {
		return "http://127.0.0.1:" + this.server.getPort() + path;
	}

	/** Scripts a media lookup and its download: where the file is, then the file (the Cloud API's two steps). */
	void media(String accessToken, String mediaId, String contentType, byte[] file) {
		answer(accessToken, json(200, """
				{"messaging_product":"whatsapp","url":"%s","mime_type":"%s","file_size":%d,"id":"%s"}"""
			.formatted(url("/whatsapp_business/attachments/?mid=" + mediaId), contentType, file.length, mediaId)));
		answer(accessToken, new MockResponse.Builder().code(200)
			.addHeader("Content-Type", contentType)
			.body(new okio.Buffer().write(file))
			.build());
	}

	static MockResponse json(int code, String body) {
		return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
	}

	/** The next request made with this access token (waiting up to 10 seconds), or null. */
	RecordedRequest takeRequest(String accessToken) {
		try {
			return queue(this.requests, "Bearer " + accessToken).poll(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	int pendingRequests(String accessToken) {
		return queue(this.requests, "Bearer " + accessToken).size();
	}

	@Override
	public MockResponse dispatch(RecordedRequest request) {
		String authorization = String.valueOf(request.getHeaders().get("Authorization"));
		queue(this.requests, authorization).add(request);
		MockResponse scripted = queue(this.answers, authorization).poll();
		return (scripted != null) ? scripted : json(401, """
				{"error":{"message":"Invalid OAuth access token - Cannot parse access token","type":"OAuthException","code":190}}""");
	}

	private static <T> BlockingQueue<T> queue(Map<String, BlockingQueue<T>> map, String key) {
		return map.computeIfAbsent(key, (k) -> new LinkedBlockingQueue<>());
	}

}
