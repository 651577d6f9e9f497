package com.convonite.shared;

/**
 * Ids travel as strings in the API. A path id that is not a number names nothing, so it answers 404 like
 * any other unknown id; an id inside a request body or query that is not a number is a validation error.
 */
public final class Ids {

	private Ids() {
	}

	public static long pathId(String raw, String what) {
		Long id = parse(raw);
		if (id == null) {
			throw ProblemException.notFound(what);
		}
		return id;
	}

	public static long fieldId(String raw, String field) {
		Long id = parse(raw);
		if (id == null) {
			throw ProblemException.invalid(field, "must be the id of an existing record (digits, as a string)");
		}
		return id;
	}

	public static Long parse(String raw) {
		if (raw == null || raw.isEmpty() || raw.length() > 18) {
			return null;
		}
		for (int i = 0; i < raw.length(); i++) {
			if (raw.charAt(i) < '0' || raw.charAt(i) > '9') {
				return null;
			}
		}
		long id = Long.parseLong(raw);
		return (id > 0) ? id : null;
	}

	public static String format(Long id) {
		return (id != null) ? Long.toString(id) : null;
	}

}
