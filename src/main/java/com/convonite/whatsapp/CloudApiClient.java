package com.convonite.whatsapp;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
 * answers the message's id (a wamid) or throws {@link SendFailed} with a reason a person can act on. Also fetches
 * a received message's media by its id.
 */
@Component
class CloudApiClient {

	private static final Logger log = LoggerFactory.getLogger(CloudApiClient.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Where the Cloud API's media downloads live (lookaside.fbsbx.com today). */
	private static final List<String> META_DOMAINS = List.of("fbsbx.com", "facebook.com", "whatsapp.net", "fbcdn.net");

	private final RestClient client;

	private final URI baseUrl;

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
		this.baseUrl = URI.create(baseUrl);
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

	/**
	 * A message's media, by its id: the Cloud API answers where to download it ({@code GET /{version}/{media id}}),
	 * then the file itself comes from there, with the access token both times. Empty when WhatsApp no longer has
	 * it (media ids last 30 days), says it is larger than {@code maxBytes}, or names a download address that is
	 * neither Meta's (HTTPS) nor the configured API's: the token is sent nowhere else.
	 */
	Optional<Media> media(WhatsAppChannels.Channel channel, String mediaId, int maxBytes) {
		try {
			JsonNode found = this.client.get()
				.uri("/{version}/{mediaId}", this.apiVersion, mediaId)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + channel.accessToken())
				.accept(MediaType.APPLICATION_JSON)
				.exchange((request, response) -> response.getStatusCode().is2xxSuccessful()
						? json(StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8))
						: JSON.createObjectNode());
			if (found.path("url").asString("").isEmpty() || found.path("file_size").asLong(0) > maxBytes) {
				return Optional.empty();
			}
			URI download = downloadAddress(found.path("url").asString(""));
			if (download == null) {
				log.warn("WhatsApp named a media download address that is not Meta's; not fetched");
				return Optional.empty();
			}
			String type = found.path("mime_type").asString("");
			return this.client.get()
				.uri(download)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + channel.accessToken())
				.exchange((request, response) -> {
					if (!response.getStatusCode().is2xxSuccessful()) {
						return Optional.<Media>empty();
					}
					byte[] bytes = response.getBody().readNBytes(maxBytes + 1);
					return (bytes.length > maxBytes) ? Optional.<Media>empty() : Optional.of(new Media(type, bytes));
				});
		}
		catch (ResourceAccessException ex) {
			log.warn("Could not fetch a media file from the WhatsApp Cloud API: {}", ex.getMostSpecificCause().toString());
			return Optional.empty();
		}
	}

	/** A media file as WhatsApp gave it: its type and bytes. */
	record Media(String contentType, byte[] bytes) {
	}

	/** Meta's media addresses are HTTPS on its own domains; a test double or proxy is the configured API itself. */
	private URI downloadAddress(String url) {
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		String host = (uri.getHost() != null) ? uri.getHost().toLowerCase(Locale.ROOT) : "";
		boolean meta = "https".equals(uri.getScheme()) && META_DOMAINS.stream()
			.anyMatch((domain) -> host.equals(domain) || host.endsWith("." + domain));
		boolean api = uri.getScheme() != null && uri.getScheme().equals(this.baseUrl.getScheme())
				&& host.equals(this.baseUrl.getHost()) && uri.getPort() == this.baseUrl.getPort();
		return (meta || api) && uri.getRawUserInfo() == null ? uri : null;
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
