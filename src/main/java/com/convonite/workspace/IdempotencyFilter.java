package com.convonite.workspace;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import com.convonite.shared.Problems;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Makes every API POST safe to retry: the first request with an {@code Idempotency-Key} claims the key and
 * its answer is stored; a retry with the same key and the same request gets that answer again (marked
 * {@code Idempotent-Replayed: true}) and creates nothing. Keys are per member and kept for 24 hours.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 100)
class IdempotencyFilter extends OncePerRequestFilter {

	static final String HEADER = "Idempotency-Key";

	private final JdbcClient jdbc;

	/** The API's body limit: a body is held in memory (to hash it) only up to this size. */
	private final long maxBodyBytes;

	IdempotencyFilter(JdbcClient jdbc,
			@org.springframework.beans.factory.annotation.Value("${convonite.api.max-body-bytes:1048576}") long maxBodyBytes) {
		this.jdbc = jdbc;
		this.maxBodyBytes = maxBodyBytes;
	}

	/**
	 * File uploads (multipart, CSV bodies of up to tens of MiB) are left alone: the key's body hash would mean
	 * holding the whole file in memory. Their endpoints are safe to retry by their own rules instead.
	 */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String type = request.getContentType();
		boolean upload = type != null && (type.regionMatches(true, 0, "multipart/", 0, 10)
				|| type.regionMatches(true, 0, "text/csv", 0, 8));
		return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
				|| !request.getRequestURI().startsWith("/api/") || upload;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		MemberPrincipal member = MemberPrincipal.signedIn().orElse(null);
		if (member == null) {
			chain.doFilter(request, response);
			return;
		}
		String key = request.getHeader(HEADER).strip();
		if (key.isEmpty() || key.length() > 255) {
			Problems.write(response, Problems.validation(java.util.List.of(new com.convonite.shared.FieldProblem(HEADER,
					"must be 1 to 255 characters, for example a UUID"))));
			return;
		}
		byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.maxBodyBytes + 1));
		if (body.length > this.maxBodyBytes) {
			Problems.write(response, Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large",
					"Request body too large", "A request with an Idempotency-Key may carry at most "
							+ (this.maxBodyBytes / 1024) + " KiB; send less, or send a file upload without the key."));
			return;
		}
		String hash = hash(request, body);
		boolean claimed = this.jdbc.sql("""
				insert into idempotency_key (workspace_id, member_id, key, request_hash)
				values (:workspaceId, :memberId, :key, :hash)
				on conflict do nothing
				""")
			.param("workspaceId", member.workspaceId())
			.param("memberId", member.memberId())
			.param("key", key)
			.param("hash", hash)
			.update() == 1;
		if (!claimed && !replayOrRefuse(member, key, hash, response)) {
			return;
		}
		ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
		boolean stored = false;
		try {
			chain.doFilter(new CachedBodyRequest(request, body), captured);
			if (captured.getStatus() < 500) {
				// an answer with a secret shown once is never stored, only that it was given
				boolean secret = request.getAttribute(com.convonite.shared.ShowsSecretOnce.REQUEST_ATTRIBUTE) != null;
				this.jdbc.sql("""
						update idempotency_key
						set response_status = :status, response_type = :type, response_location = :location,
						    response_etag = :etag, response_body = :body, secret_withheld = :secret
						where workspace_id = :workspaceId and member_id = :memberId and key = :key
						""")
					.param("status", captured.getStatus())
					.param("type", secret ? null : captured.getContentType())
					.param("location", captured.getHeader("Location"))
					.param("etag", secret ? null : captured.getHeader("ETag"))
					.param("body", secret ? null : captured.getContentAsByteArray())
					.param("secret", secret)
					.param("workspaceId", member.workspaceId())
					.param("memberId", member.memberId())
					.param("key", key)
					.update();
				stored = true;
			}
		}
		finally {
			if (!stored) {
				release(member, key);
			}
			captured.copyBodyToResponse();
		}
	}

	/**
	 * The key was used before. Replays its answer when the request is the same, and refuses otherwise.
	 * Returns true only when an abandoned claim (its process died mid-request) was taken over.
	 */
	private boolean replayOrRefuse(MemberPrincipal member, String key, String hash, HttpServletResponse response)
			throws IOException {
		var stored = this.jdbc.sql("""
				select request_hash, response_status, response_type, response_location, response_body,
				       created_at < now() - interval '2 minutes' as abandoned, secret_withheld, response_etag
				from idempotency_key where workspace_id = :workspaceId and member_id = :memberId and key = :key
				""")
			.param("workspaceId", member.workspaceId())
			.param("memberId", member.memberId())
			.param("key", key)
			.query((rs, n) -> new StoredAnswer(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3),
					rs.getString(4), rs.getBytes(5), rs.getBoolean(6), rs.getBoolean(7), rs.getString(8)))
			.optional();
		if (stored.isEmpty()) {
			Problems.write(response, inProgress());
			return false;
		}
		StoredAnswer answer = stored.get();
		if (!answer.requestHash().equals(hash)) {
			Problems.write(response, Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
					"Idempotency-Key reused", "This Idempotency-Key was already used for a different request. "
							+ "Use a new key for a new request."));
			return false;
		}
		if (answer.status() == null) {
			if (answer.abandoned()) {
				this.jdbc.sql("""
						update idempotency_key set created_at = now()
						where workspace_id = :workspaceId and member_id = :memberId and key = :key
						""")
					.param("workspaceId", member.workspaceId())
					.param("memberId", member.memberId())
					.param("key", key)
					.update();
				return true;
			}
			Problems.write(response, inProgress());
			return false;
		}
		if (answer.secretWithheld()) {
			if (answer.location() != null) {
				response.setHeader("Location", answer.location());
			}
			response.setHeader("Idempotent-Replayed", "true");
			Problems.write(response, Problems.of(HttpStatus.CONFLICT, "already-created-secret-shown-once",
					"Already created", "The first request with this Idempotency-Key already created this; its secret "
							+ "was shown once, in that answer, and is not kept. If it was lost, revoke or change it and "
							+ "make a new one."));
			return false;
		}
		response.setStatus(answer.status());
		if (answer.contentType() != null) {
			response.setContentType(answer.contentType());
		}
		if (answer.location() != null) {
			response.setHeader("Location", answer.location());
		}
		if (answer.etag() != null) {
			response.setHeader("ETag", answer.etag());
		}
		response.setHeader("Idempotent-Replayed", "true");
		if (answer.body() != null) {
			response.getOutputStream().write(answer.body());
		}
		return false;
	}

	private static org.springframework.http.ProblemDetail inProgress() {
		return Problems.of(HttpStatus.CONFLICT, "idempotency-key-in-use", "Request in progress",
				"A request with this Idempotency-Key is still being processed; retry in a moment.");
	}

	private void release(MemberPrincipal member, String key) {
		this.jdbc.sql("delete from idempotency_key where workspace_id = :workspaceId and member_id = :memberId and key = :key")
			.param("workspaceId", member.workspaceId())
			.param("memberId", member.memberId())
			.param("key", key)
			.update();
	}

	private static String hash(HttpServletRequest request, byte[] body) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update((request.getRequestURI() + "?" + request.getQueryString() + "\n").getBytes(StandardCharsets.UTF_8));
			digest.update(body);
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record StoredAnswer(String requestHash, Integer status, String contentType, String location, byte[] body,
			boolean abandoned, boolean secretWithheld, String etag) {
	}

	/** Hands the already-read body to the rest of the chain. */
	private static final class CachedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		CachedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException();
				}
			};
		}

		@Override
		public java.io.BufferedReader getReader() {
			return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
		}

	}

}
