package com.convonite.whatsapp;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import com.convonite.support.Api;

import static org.assertj.core.api.Assertions.assertThat;

/** A workspace's WhatsApp channel set up over the API, with the secrets a test needs to play Meta. */
record TestChannel(int port, String callbackUrl, String key, String phoneNumberId, String verifyToken,
		String appSecret, String accessToken) {

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	static TestChannel setUp(Api admin, int port) {
		String unique = UUID.randomUUID().toString().replace("-", "");
		String verifyToken = "verify-" + unique.substring(0, 12);
		String appSecret = unique;
		String accessToken = "EAAJtest" + unique + unique;
		var response = admin.send("PUT", "/channels/whatsapp",
				Map.of("phoneNumberId", WebhookPayloadsTests.PHONE_NUMBER_ID, "verifyToken", verifyToken, "appSecret",
						appSecret, "accessToken", accessToken),
				"application/json");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		String callbackUrl = response.text("callbackUrl");
		String key = callbackUrl.substring(callbackUrl.lastIndexOf('/') + 1);
		return new TestChannel(port, callbackUrl, key, WebhookPayloadsTests.PHONE_NUMBER_ID, verifyToken, appSecret,
				accessToken);
	}

	/** POSTs a delivery as Meta does, signed with this channel's app secret. */
	HttpResponse<String> deliver(byte[] body) {
		return post(this.key, body, WebhookSignatures.sign(body, this.appSecret));
	}

	HttpResponse<String> deliver(String payloadName) {
		return deliver(WebhookPayloadsTests.payload(payloadName));
	}

	HttpResponse<String> post(String key, byte[] body, String signature) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/webhooks/whatsapp/" + key))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (signature != null) {
			request.header("X-Hub-Signature-256", signature);
		}
		return send(request.build());
	}

	HttpResponse<String> handshake(String key, String mode, String token, String challenge) {
		String query = "hub.mode=" + enc(mode) + "&hub.verify_token=" + enc(token) + "&hub.challenge=" + enc(challenge);
		return send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/webhooks/whatsapp/" + key + "?" + query))
			.GET()
			.build());
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
