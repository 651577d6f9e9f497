package com.convonite.shared;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The one check for a return address taken from a request (a Cancel link, the page to go back to after a
 * change): only a path on this site is followed. Anything else, including {@code //evil.example},
 * {@code /\evil.example} and {@code /%09/evil.example} (a tab that browsers drop, leaving {@code //}), falls
 * back to the page given.
 */
public final class LocalPaths {

	private LocalPaths() {
	}

	/** {@code candidate} when it is a local path, otherwise {@code fallback}. */
	public static String orElse(String candidate, String fallback) {
		return isLocal(candidate) ? candidate : fallback;
	}

	/**
	 * A path of this site: begins with exactly one {@code /}, holds no whitespace, control character or
	 * backslash, and parses as a URI reference without scheme or authority.
	 */
	public static boolean isLocal(String candidate) {
		if (candidate == null || candidate.length() > 2048 || !candidate.startsWith("/") || candidate.startsWith("//")) {
			return false;
		}
		for (int i = 0; i < candidate.length(); i++) {
			char c = candidate.charAt(i);
			if (c == '\\' || Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)
					|| Character.getType(c) == Character.FORMAT) {
				return false;
			}
		}
		try {
			URI uri = new URI(candidate);
			return uri.getScheme() == null && uri.getRawAuthority() == null && uri.getRawPath() != null
					&& uri.getRawPath().startsWith("/") && !uri.getRawPath().startsWith("//");
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

}
