package com.convonite.workspace;

/**
 * The one normalisation of a typed email address, for looking a member up and for counting failed sign-ins:
 * surrounding white space removed, ASCII A-Z folded to a-z, nothing else changed. The database's
 * {@code member.email_key} is the same expression (V71), so Java and SQL always agree; unlike {@code lower()}
 * or {@link String#toLowerCase()}, it folds no look-alike (U+0130 'İ' stays itself).
 */
final class EmailAddresses {

	private EmailAddresses() {
	}

	static String key(String typed) {
		if (typed == null) {
			return "";
		}
		String stripped = typed.strip();
		StringBuilder key = new StringBuilder(stripped.length());
		for (int i = 0; i < stripped.length(); i++) {
			char c = stripped.charAt(i);
			key.append((c >= 'A' && c <= 'Z') ? (char) (c + ('a' - 'A')) : c);
		}
		return key.toString();
	}

}
