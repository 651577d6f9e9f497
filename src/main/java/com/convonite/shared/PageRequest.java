package com.convonite.shared;

/**
 * The {@code limit} and {@code cursor} of a list request, checked: limit 1–200 (default 50).
 */
public record PageRequest(int limit, Cursor cursor) {

	public static final int DEFAULT_LIMIT = 50;

	public static final int MAX_LIMIT = 200;

	public static PageRequest of(Integer limit, String cursor) {
		int checked = (limit != null) ? limit : DEFAULT_LIMIT;
		if (checked < 1 || checked > MAX_LIMIT) {
			throw ProblemException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
		}
		return new PageRequest(checked, Cursor.decode(cursor));
	}

	public static PageRequest first(int limit) {
		return new PageRequest(limit, null);
	}

}
