package com.convonite.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for the REST API, signed in as one member, talking to the real server over a socket
 * so that filters, security and error pages are all part of what is tested.
 */
public final class Api {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	private final String baseUrl;

	private final String authorization;

	private final Map<String, String> headers;

	public final String memberId;

	/** The member's email, for signing in to the web app as them (null when unknown). */
	public final String email;

	Api(String baseUrl, String authorization, String memberId, Map<String, String> headers) {
		this(baseUrl, authorization, memberId, null, headers);
	}

	Api(String baseUrl, String authorization, String memberId, String email, Map<String, String> headers) {
		this.baseUrl = baseUrl;
		this.authorization = authorization;
		this.memberId = memberId;
		this.email = email;
		this.headers = headers;
	}

	public Api withEmail(String email) {
		return new Api(this.baseUrl, this.authorization, this.memberId, email, this.headers);
	}

	public static Api anonymous(int port) {
		return new Api("http://localhost:" + port, null, null, Map.of());
	}

	public static Api bearer(int port, String token, String memberId) {
		return new Api("http://localhost:" + port, "Bearer " + token, memberId, Map.of());
	}

	public static Api basic(int port, String email, String password) {
		String encoded = Base64.getEncoder().encodeToString((email + ":" + password).getBytes(StandardCharsets.UTF_8));
		return new Api("http://localhost:" + port, "Basic " + encoded, null, Map.of());
	}

	/** The same member, sending one more header on every request. */
	public Api with(String name, String value) {
		Map<String, String> more = new LinkedHashMap<>(this.headers);
		more.put(name, value);
		return new Api(this.baseUrl, this.authorization, this.memberId, this.email, more);
	}

	public Response get(String path) {
		return send("GET", path, null, null);
	}

	public Response post(String path, Object body) {
		return send("POST", path, body, "application/json");
	}

	public Response post(String path) {
		return send("POST", path, null, null);
	}

	public Response patch(String path, Object body) {
		return send("PATCH", path, body, "application/json");
	}

	public Response delete(String path) {
		return send("DELETE", path, null, null);
	}

	/** Sends a raw body with the given content type, for malformed-input tests. */
	public Response raw(String method, String path, String body, String contentType) {
		return send(method, path, body, contentType);
	}

	public Response send(String method, String path, Object body, String contentType) {
		return exchange(method, "/api/v1" + path, body, contentType);
	}

	/** A GET of a path outside the API base, such as the OpenAPI document. */
	public Response getFromRoot(String path) {
		return exchange("GET", path, null, null);
	}

	/** Any request to a path from the root, such as one read from the OpenAPI document. */
	public Response at(String method, String pathFromRoot, Object body, String contentType) {
		return exchange(method, pathFromRoot, body, contentType);
	}

	private Response exchange(String method, String path, Object body, String contentType) {
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path));
			if (this.authorization != null) {
				request.header("Authorization", this.authorization);
			}
			this.headers.forEach(request::header);
			if (contentType != null) {
				request.header("Content-Type", contentType);
			}
			HttpRequest.BodyPublisher publisher;
			if (body == null) {
				publisher = HttpRequest.BodyPublishers.noBody();
			}
			else if (body instanceof String text) {
				publisher = HttpRequest.BodyPublishers.ofString(text);
			}
			else if (body instanceof byte[] bytes) {
				publisher = HttpRequest.BodyPublishers.ofByteArray(bytes);
			}
			else {
				publisher = HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
			}
			request.method(method, publisher);
			HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
			Response answer = new Response(response.statusCode(), response.headers(), response.body());
			// every answer of the API is checked against the served OpenAPI document (the contract test)
			ApiContract.of(CLIENT, this.baseUrl).check(method, path, answer);
			return answer;
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public record Response(int status, java.net.http.HttpHeaders headers, String body) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public String text(String field) {
			JsonNode node = json().path(field);
			return node.isMissingNode() || node.isNull() ? null : node.asString();
		}

		public String id() {
			return text("id");
		}

		public String contentType() {
			return this.headers.firstValue("Content-Type").orElse("");
		}

		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}
