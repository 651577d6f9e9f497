package com.convonite.whatsapp;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Sends a text message through the Cloud API's messages endpoint:
 * {@code POST {base}/{version}/{phone number id}/messages} with the access token as a Bearer token, and
 * answers the message's id (a wamid) or throws {@link SendFailed} with a reason a person can act on.
 */
@Component
class CloudApiClient {

	private static final Logger log = LoggerFactory.getLogger(CloudApiClient.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RestClient client;

	private final String apiVersion;

	private final Duration readTimeout;

	CloudApiClient(@Value("${convonite.whatsapp.api-base-url:https://graph.facebook.com}") String baseUrl,
			@Value("${convonite.whatsapp.api-version:v23.0}") String apiVersion,
			@Value("${convonite.whatsapp.connect-timeout:PT5S}") Duration connectTimeout,
			@Value("${convonite.whatsapp.read-timeout:PT20S}") Duration readTimeout) {
		// HTTP/1.1: one small request at a time gains nothing from HTTP/2, and a plain-HTTP base URL (a proxy,
		// a test double) is then never asked to upgrade to h2c.
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(connectTimeout)
			.build());
		requests.setReadTimeout(readTimeout);
		this.client = RestClient.builder().baseUrl(baseUrl).requestFactory(requests).build();
		this.apiVersion = apiVersion;
		this.readTimeout = readTimeout;
	}

	/** The Cloud API would not take the message; the message says why. */
	static class SendFailed extends RuntimeException {

		SendFailed(String reason) {
			super(reason, null, false, false);
		}

	}

	/** Sends {@code text} to {@code to} (digits of the international number) and answers its wamid. */
	String sendText(WhatsAppChannels.Channel channel, String to, String text) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("messaging_product", "whatsapp");
		body.put("recipient_type", "individual");
		body.put("to", to);
		body.put("type", "text");
		body.put("text", Map.of("preview_url", false, "body", text));
		try {
			return this.client.post()
				.uri("/{version}/{phoneNumberId}/messages", this.apiVersion, channel.phoneNumberId())
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + channel.accessToken())
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.body(JSON.writeValueAsString(body))
				.exchange((request, response) -> {
					String answer = StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8);
					int status = response.getStatusCode().value();
					if (response.getStatusCode().is2xxSuccessful()) {
						String id = json(answer).path("messages").path(0).path("id").asString("");
						if (id.isEmpty()) {
							throw new SendFailed("WhatsApp answered HTTP " + status + " without a message id");
						}
						return id;
					}
					throw new SendFailed(refusal(status, json(answer)));
				});
		}
		catch (ResourceAccessException ex) {
			Throwable cause = ex.getMostSpecificCause();
			boolean timeout = cause instanceof java.net.http.HttpTimeoutException
					|| cause instanceof java.net.SocketTimeoutException;
			if (!timeout) {
				log.warn("Could not reach the WhatsApp Cloud API", ex);
			}
			String why = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
			throw new SendFailed(timeout ? "WhatsApp did not answer within " + this.readTimeout.toSeconds()
					+ " seconds; the message may not have been sent" : "Could not reach WhatsApp: " + why);
		}
	}

	/** "WhatsApp refused the message (HTTP 400): (#131030) Recipient phone number not in allowed list: details". */
	static String refusal(int status, JsonNode answer) {
		JsonNode error = answer.path("error");
		StringBuilder reason = new StringBuilder("WhatsApp refused the message (HTTP ").append(status).append(')');
		String message = error.path("message").asString("");
		String details = error.path("error_data").path("details").asString("");
		if (!message.isBlank()) {
			reason.append(": ").append(message);
		}
		if (!details.isBlank() && !details.equals(message)) {
			reason.append(message.isBlank() ? ": " : " — ").append(details);
		}
		return reason.toString();
	}

	private static JsonNode json(String text) {
		try {
			return JSON.readTree(text.isEmpty() ? "{}" : text);
		}
		catch (JacksonException ex) {
			return JSON.createObjectNode();
		}
	}

}
