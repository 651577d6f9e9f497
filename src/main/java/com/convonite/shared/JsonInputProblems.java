package com.convonite.shared;

import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns Jackson's complaints about a request body (malformed JSON, wrong types, unknown enum values and
 * fields) into the field problem a client can act on, for Spring's body reading and for any request JSON a
 * module converts itself.
 */
public final class JsonInputProblems {

	private JsonInputProblems() {
	}

	/** What is wrong with a JSON body, named by the field it concerns ("body" when it is not valid JSON at all). */
	public static FieldProblem describe(Throwable cause) {
		if (cause instanceof UnrecognizedPropertyException unknown) {
			return new FieldProblem(path(unknown), "is not a field of this request; check its spelling");
		}
		if (cause instanceof InvalidFormatException invalid && invalid.getTargetType() != null
				&& invalid.getTargetType().isEnum()) {
			String allowed = java.util.Arrays.stream(invalid.getTargetType().getEnumConstants())
				.map(String::valueOf)
				.collect(Collectors.joining(", "));
			return new FieldProblem(path(invalid), "must be one of: " + allowed);
		}
		if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
			return new FieldProblem(path(mismatch), "must be " + describe(mismatch.getTargetType()));
		}
		if (cause instanceof StreamReadException read && read.getOriginalMessage() != null
				&& read.getOriginalMessage().startsWith("Duplicate")) {
			return new FieldProblem("body", "has a field given twice; send each field once");
		}
		if (cause instanceof StreamReadException read) {
			String where = (read.getLocation() != null)
					? " at line " + read.getLocation().getLineNr() + ", column " + read.getLocation().getColumnNr() : "";
			return new FieldProblem("body", "is not valid JSON" + where);
		}
		if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
			return new FieldProblem(path(jackson), "has a value of the wrong type");
		}
		return new FieldProblem("body", "is missing or is not a JSON object of the expected shape");
	}

	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "body" : path.toString();
	}

	static String describe(Class<?> type) {
		if (type == null) {
			return "a value of another type";
		}
		if (type == String.class) {
			return "a string";
		}
		if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
			return "a number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
			return "an ISO-8601 date-time with offset, such as 2026-01-31T09:30:00Z";
		}
		if (java.util.Collection.class.isAssignableFrom(type)) {
			return "a JSON array";
		}
		return "a JSON object";
	}

}
