package com.convonite.shared;

import org.springframework.http.HttpStatus;

/**
 * The optimistic-concurrency rule of every PATCH: the client says which version it last saw, in the body
 * ({@code version}) or in {@code If-Match}; an update without either is refused rather than risk silently
 * overwriting someone else's change.
 */
public final class Versions {

	private Versions() {
	}

	public static int required(Integer bodyVersion, String ifMatch) {
		Integer headerVersion = parseIfMatch(ifMatch);
		if (bodyVersion != null && headerVersion != null && !bodyVersion.equals(headerVersion)) {
			throw ProblemException.invalid("version", "differs from the If-Match header; send one version");
		}
		Integer version = (bodyVersion != null) ? bodyVersion : headerVersion;
		if (version == null) {
			throw new ProblemException(HttpStatus.PRECONDITION_REQUIRED, "version-required", "Version required",
					"Send the version you last saw, as \"version\" in the body or in an If-Match header, so that "
							+ "nobody's change is overwritten unseen.");
		}
		return version;
	}

	private static Integer parseIfMatch(String ifMatch) {
		if (ifMatch == null || ifMatch.isBlank()) {
			return null;
		}
		String value = ifMatch.strip();
		if (value.startsWith("W/")) {
			value = value.substring(2);
		}
		value = value.replace("\"", "");
		try {
			return Integer.valueOf(value);
		}
		catch (NumberFormatException ex) {
			throw ProblemException.invalid("If-Match", "must be the version number (ETag) of the record, such as \"3\"");
		}
	}

	public static String etag(int version) {
		return "\"" + version + "\"";
	}

}
