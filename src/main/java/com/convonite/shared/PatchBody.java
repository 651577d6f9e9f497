package com.convonite.shared;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

/**
 * The body of a PATCH, read field by field so that a field left out (unchanged) differs from a field sent
 * as {@code null} (cleared). Each accessor returns {@code null} when the field is absent, an empty
 * {@link Optional} when it is null, and the value otherwise; a value of the wrong type is reported for that
 * field. Unknown fields are refused, so that a misspelt field never silently changes nothing.
 */
public final class PatchBody {

	private final JsonNode node;

	private final List<FieldProblem> problems = new ArrayList<>();

	private PatchBody(JsonNode node) {
		this.node = node;
	}

	public static PatchBody of(JsonNode node, Set<String> fields) {
		if (node == null || !node.isObject()) {
			throw ProblemException.invalid("body", "must be a JSON object with the fields to change");
		}
		PatchBody body = new PatchBody(node);
		for (String name : node.propertyNames()) {
			if (!fields.contains(name) && !name.equals("version")) {
				body.problems.add(new FieldProblem(name, "is not a field that can be changed here; check its spelling"));
			}
		}
		return body;
	}

	public Integer version() {
		JsonNode value = this.node.get("version");
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isIntegralNumber() || !value.canConvertToInt()) {
			this.problems.add(new FieldProblem("version", "must be the whole number you last read"));
			return null;
		}
		return value.asInt();
	}

	public Optional<String> text(String field) {
		JsonNode value = this.node.get(field);
		if (value == null) {
			return null;
		}
		if (value.isNull()) {
			return Optional.empty();
		}
		if (!value.isString()) {
			this.problems.add(new FieldProblem(field, "must be a string"));
			return null;
		}
		return Optional.of(value.asString());
	}

	public Optional<Boolean> bool(String field) {
		JsonNode value = this.node.get(field);
		if (value == null) {
			return null;
		}
		if (value.isNull()) {
			return Optional.empty();
		}
		if (!value.isBoolean()) {
			this.problems.add(new FieldProblem(field, "must be true or false"));
			return null;
		}
		return Optional.of(value.asBoolean());
	}

	public Optional<Integer> integer(String field) {
		JsonNode value = this.node.get(field);
		if (value == null) {
			return null;
		}
		if (value.isNull()) {
			return Optional.empty();
		}
		if (!value.isIntegralNumber() || !value.canConvertToInt()) {
			this.problems.add(new FieldProblem(field, "must be a whole number"));
			return null;
		}
		return Optional.of(value.asInt());
	}

	/** An id, sent as a string (or a number, leniently). */
	public Optional<Long> id(String field) {
		JsonNode value = this.node.get(field);
		if (value == null) {
			return null;
		}
		if (value.isNull()) {
			return Optional.empty();
		}
		Long id = value.isIntegralNumber() ? (value.canConvertToLong() ? Long.valueOf(value.asLong()) : null)
				: value.isString() ? Ids.parse(value.asString()) : null;
		if (id == null || id <= 0) {
			this.problems.add(new FieldProblem(field, "must be the id of an existing record (digits, as a string)"));
			return null;
		}
		return Optional.of(id);
	}

	public Optional<OffsetDateTime> dateTime(String field) {
		Optional<String> text = text(field);
		if (text == null || text.isEmpty()) {
			return text == null ? null : Optional.empty();
		}
		try {
			return Optional.of(OffsetDateTime.parse(text.get()));
		}
		catch (DateTimeException ex) {
			this.problems.add(new FieldProblem(field, "must be an ISO-8601 date-time with offset, such as 2026-01-31T09:30:00Z"));
			return null;
		}
	}

	public <E extends Enum<E>> Optional<E> enumValue(String field, Class<E> type) {
		Optional<String> text = text(field);
		if (text == null || text.isEmpty()) {
			return text == null ? null : Optional.empty();
		}
		try {
			return Optional.of(Enum.valueOf(type, text.get().toUpperCase(Locale.ROOT)));
		}
		catch (IllegalArgumentException ex) {
			this.problems.add(new FieldProblem(field, "must be one of: "
					+ Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "))));
			return null;
		}
	}

	/** Throws the problems found so far, if any; call after reading every field. */
	public PatchBody check() {
		if (!this.problems.isEmpty()) {
			throw ProblemException.invalid(this.problems);
		}
		return this;
	}

}
