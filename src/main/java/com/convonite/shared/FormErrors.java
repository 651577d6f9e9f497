package com.convonite.shared;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The field messages of a refused form, for templates: {@code errors.of('subject')} is the message to show
 * beside that field (null when it is fine), {@code errors.any()} whether to show the summary.
 */
public final class FormErrors {

	private static final FormErrors NONE = new FormErrors(Map.of(), null);

	private final Map<String, String> byField;

	private final String general;

	private FormErrors(Map<String, String> byField, String general) {
		this.byField = byField;
		this.general = general;
	}

	public static FormErrors none() {
		return NONE;
	}

	/** The problem's field messages, or its detail as a general message when it names no field. */
	public static FormErrors of(ProblemException problem) {
		return of(problem, "");
	}

	/** Like {@link #of(ProblemException)}, dropping a prefix from field names (such as "conversation."). */
	public static FormErrors of(ProblemException problem, String prefix) {
		Map<String, String> byField = new LinkedHashMap<>();
		List<FieldProblem> errors = problem.errors();
		for (FieldProblem error : errors) {
			String field = error.field().startsWith(prefix) ? error.field().substring(prefix.length()) : error.field();
			byField.merge(field, error.message(), (a, b) -> a + "; " + b);
		}
		return new FormErrors(byField, errors.isEmpty() ? problem.getMessage() : null);
	}

	public String of(String field) {
		return this.byField.get(field);
	}

	public boolean has(String field) {
		return this.byField.containsKey(field);
	}

	public boolean any() {
		return !this.byField.isEmpty() || this.general != null;
	}

	public String general() {
		return this.general;
	}

	public Map<String, String> all() {
		return this.byField;
	}

}
