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
		else if (hasControlCharacter(trimmed)) {
			reject(field, "must not contain control characters other than tabs and line breaks");
		}
		else if (hasLoneSurrogate(trimmed)) {
			reject(field, "must be valid Unicode text (it has half of an emoji or other character)");
		}
		return trimmed;
	}

	private static boolean hasControlCharacter(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
				return true;
			}
		}
		return false;
	}

	/** PostgreSQL stores UTF-8, which cannot hold half of a surrogate pair. */
	private static boolean hasLoneSurrogate(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return true;
			}
		}
		return false;
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
