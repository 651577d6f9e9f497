package com.convonite.shared;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * An opaque keyset position: the sort it belongs to and the sort-key values of the last row seen. Clients
 * get it base64url-encoded and hand it back unchanged; anything else is refused with 400.
 */
public record Cursor(String sort, List<String> values) {

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	public static Cursor of(String sort, Object... values) {
		return new Cursor(sort, Arrays.stream(values).map(String::valueOf).toList());
	}

	public String encode() {
		return ENCODER.encodeToString(("v1\n" + this.sort + "\n" + String.join("\n", this.values))
			.getBytes(StandardCharsets.UTF_8));
	}

	public static Cursor decode(String encoded) {
		if (encoded == null || encoded.isEmpty()) {
			return null;
		}
		try {
			if (encoded.length() > 512) {
				throw new IllegalArgumentException("too long");
			}
			String[] parts = new String(DECODER.decode(encoded), StandardCharsets.UTF_8).split("\n", -1);
			if (parts.length < 3 || !parts[0].equals("v1")) {
				throw new IllegalArgumentException("not a cursor");
			}
			return new Cursor(parts[1], List.of(parts).subList(2, parts.length));
		}
		catch (IllegalArgumentException ex) {
			throw invalid();
		}
	}

	/** The cursor's values when it belongs to the given sort and has the given number of values. */
	public List<String> valuesFor(String expectedSort, int expectedCount) {
		if (!this.sort.equals(expectedSort) || this.values.size() != expectedCount) {
			throw invalid();
		}
		return this.values;
	}

	public long longValue(int index) {
		try {
			return Long.parseLong(this.values.get(index));
		}
		catch (NumberFormatException ex) {
			throw invalid();
		}
	}

	public java.time.Instant instantValue(int index) {
		try {
			return java.time.Instant.parse(this.values.get(index));
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw invalid();
		}
	}

	public static ProblemException invalid() {
		return ProblemException.invalid("cursor",
				"is not a cursor of this list; pass the nextCursor of the previous page unchanged, with the same filters and sort");
	}

}
