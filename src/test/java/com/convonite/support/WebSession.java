package com.convonite.support;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A signed-in browser session without a browser: cookies, the CSRF token, and form posts. */
public final class WebSession {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"|name=\"csrf-token\" content=\"([^\"]+)\"");

	private final String baseUrl;

	public final CookieManager cookies = new CookieManager();

	private final HttpClient client;

	private String csrf;

	public WebSession(int port) {
		this.baseUrl = "http://localhost:" + port;
		this.client = HttpClient.newBuilder().cookieHandler(this.cookies).followRedirects(HttpClient.Redirect.NEVER).build();
	}

	/** Signs in through the sign-in form, as a person would. */
	public static WebSession signIn(int port, String email, String password) {
		WebSession session = new WebSession(port);
		session.get("/login");
		HttpResponse<String> response = session.postForm("/login", Map.of("email", email, "password", password));
		assertThat(response.statusCode()).as("sign-in of " + email).isEqualTo(302);
		assertThat(response.headers().firstValue("Location").orElse("")).doesNotContain("error");
		session.get("/chats");
		return session;
	}

	public HttpResponse<String> get(String path) {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET());
		Matcher matcher = CSRF.matcher(response.body());
		if (matcher.find()) {
			this.csrf = (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
		}
		return response;
	}

	/** A file as bytes (an image, a download). */
	public HttpResponse<byte[]> getBytes(String path) {
		try {
			return this.client.send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET().build(),
					HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A page with extra headers (such as HX-Request, for the fragment htmx swaps in). */
	public HttpResponse<String> get(String path, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET();
		headers.forEach(request::header);
		return send(request);
	}

	/** Opens the page's live-update stream (/events) with this session. */
	public LiveStream events() {
		return LiveStream.open(this.client, HttpRequest.newBuilder(URI.create(this.baseUrl + "/events"))
			.header("Accept", "text/event-stream")
			.GET()
			.build());
	}

	/** Posts the form with this session's CSRF token added. */
	public HttpResponse<String> postForm(String path, Map<String, String> fields) {
		return postRaw(path, encode(fields) + "&_csrf=" + URLEncoder.encode(this.csrf, StandardCharsets.UTF_8),
				Map.of());
	}

	/** Posts an already encoded form body, with extra headers (such as HX-Request). */
	public HttpResponse<String> postRaw(String path, String encodedBody, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(encodedBody));
		headers.forEach(request::header);
		return send(request);
	}

	public String csrfToken() {
		return this.csrf;
	}

	public static String encode(Map<String, String> fields) {
		return fields.entrySet()
			.stream()
			.map((field) -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
