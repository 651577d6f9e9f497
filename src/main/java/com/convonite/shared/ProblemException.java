package com.convonite.shared;

import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * A refusal that reaches the client as {@code application/problem+json}: a stable {@code type} slug, a
 * title, and a detail sentence that says what to do about it. Modules throw these; nothing else needs to
 * know about HTTP.
 */
public class ProblemException extends RuntimeException {

	private final HttpStatus status;

	private final String type;

	private final String title;

	private final List<FieldProblem> errors;

	private final Duration retryAfter;

	public ProblemException(HttpStatus status, String type, String title, String detail) {
		this(status, type, title, detail, List.of());
	}

	public ProblemException(HttpStatus status, String type, String title, String detail, List<FieldProblem> errors) {
		this(status, type, title, detail, errors, null);
	}

	private ProblemException(HttpStatus status, String type, String title, String detail, List<FieldProblem> errors,
			Duration retryAfter) {
		super(detail, null, false, false);
		this.status = status;
		this.type = type;
		this.title = title;
		this.errors = List.copyOf(errors);
		this.retryAfter = retryAfter;
	}

	/** 429: the client is asked to wait, and told for how long in {@code Retry-After} (at least a second). */
	public static ProblemException tooMany(String type, String title, String detail, Duration retryAfter) {
		return new ProblemException(HttpStatus.TOO_MANY_REQUESTS, type, title, detail, List.of(),
				(retryAfter.toSeconds() < 1) ? Duration.ofSeconds(1) : retryAfter);
	}

	public static ProblemException notFound(String what) {
		return new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found",
				"No " + what + " with that id exists in this workspace.");
	}

	public static ProblemException forbidden(String detail) {
		return new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Not allowed", detail);
	}

	public static ProblemException conflict(String type, String title, String detail) {
		return new ProblemException(HttpStatus.CONFLICT, type, title, detail);
	}

	public static ProblemException staleVersion(String what) {
		return new ProblemException(HttpStatus.CONFLICT, "stale-version", "Changed by someone else",
				"This " + what + " was changed by someone else since you loaded it. "
						+ "Reload it to see their change, then apply yours again.");
	}

	public static ProblemException invalid(String field, String message) {
		return invalid(List.of(new FieldProblem(field, message)));
	}

	public static ProblemException invalid(List<FieldProblem> errors) {
		String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
				: errors.size() + " fields are not valid; see errors.";
		return new ProblemException(HttpStatus.BAD_REQUEST, "validation", "Invalid request", detail, errors);
	}

	public HttpStatus status() {
		return this.status;
	}

	public String type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

	public List<FieldProblem> errors() {
		return this.errors;
	}

	/** The seconds to send as {@code Retry-After}, or null when the answer has none. */
	public String retryAfterSeconds() {
		return (this.retryAfter != null) ? Long.toString(this.retryAfter.toSeconds()) : null;
	}

}
