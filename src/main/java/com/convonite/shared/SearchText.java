package com.convonite.shared;

/**
 * What a user typed into a search box, made fit for the database: PostgreSQL text cannot hold NUL, so a NUL
 * (which no search can mean) separates words like a space instead of failing the query. GET requests with one
 * are refused earlier ({@link MalformedParametersFilter}); a form carries its list's search along, and an
 * action it asked for must not fail on it.
 */
public final class SearchText {

	private SearchText() {
	}

	public static String of(String typed) {
		return (typed == null) ? null : typed.replace('\u0000', ' ');
	}

}
