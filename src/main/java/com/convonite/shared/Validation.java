package com.convonite.shared;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every field problem of one command so that the client hears about all of them at once.
 */
public final class Validation {

	private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

	private final List<FieldProblem> problems = new ArrayList<>();

	public Validation reject(String field, String message) {
		this.problems.add(new FieldProblem(field, message));
		return this;
	}

	public boolean has(String field) {
		return this.problems.stream().anyMatch((p) -> p.field().equals(field));
	}

	/** Trims the text, then checks it is present (when required) and no longer than max. */
	public String text(String field, String value, boolean required, int max) {
		String trimmed = (value != null) ? value.strip() : null;
		if (trimmed == null || trimmed.isEmpty()) {
			if (required) {
				reject(field, "is required");
			}
			return null;
		}
		if (trimmed.codePointCount(0, trimmed.length()) > max) {
			reject(field, "must be at most " + max + " characters");
		}
		if (trimmed.indexOf('\u0000') >= 0) {
			reject(field, "must not contain NUL characters");
		}
		return trimmed;
	}

	/** Trims the text, then checks it is present (when required) and looks like an email address. */
	public String email(String field, String value, boolean required) {
		String email = text(field, value, required, 254);
		if (email != null && !EMAIL.matcher(email).matches()) {
			reject(field, "must be an email address such as ana@example.com");
		}
		return email;
	}

	public List<FieldProblem> problems() {
		return List.copyOf(this.problems);
	}

	public void throwIfInvalid() {
		if (!this.problems.isEmpty()) {
			throw ProblemException.invalid(this.problems);
		}
	}

}
