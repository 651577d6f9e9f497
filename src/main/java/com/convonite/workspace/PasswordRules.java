package com.convonite.workspace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import com.convonite.shared.Validation;

/**
 * What a new password must be (NIST SP 800-63B, 5.1.1.2): 8 to 200 characters, not only white space, not one of
 * the 10,000 most common passwords (classpath {@code passwords/common-passwords.txt}, where it came from is
 * written at its top; compared without regard to case), and not the member's own email address or the part of it
 * before the @. No rules about character classes, which make passwords harder to remember, not to guess.
 */
final class PasswordRules {

	static final int MIN_LENGTH = 8;

	static final int MAX_LENGTH = 200;

	private static final Set<String> COMMON = load();

	private PasswordRules() {
	}

	/** Rejects the field when the password breaks a rule; {@code email} is the member's address (may be null). */
	static void check(Validation validation, String field, String password, String email) {
		if (password == null || password.length() < MIN_LENGTH) {
			validation.reject(field, "must be at least " + MIN_LENGTH + " characters");
		}
		else if (password.length() > MAX_LENGTH) {
			validation.reject(field, "must be at most " + MAX_LENGTH + " characters");
		}
		else if (password.isBlank()) {
			validation.reject(field, "must not be only spaces");
		}
		else if (isCommon(password)) {
			validation.reject(field, "is one of the most common passwords: choose one that is harder to guess");
		}
		else if (isEmail(password, email)) {
			validation.reject(field, "must not be your email address");
		}
	}

	static boolean isCommon(String password) {
		return COMMON.contains(password.toLowerCase(Locale.ROOT)) || COMMON.contains(password.strip().toLowerCase(Locale.ROOT));
	}

	private static boolean isEmail(String password, String email) {
		if (email == null || email.isBlank()) {
			return false;
		}
		String typed = EmailAddresses.key(password);
		String address = EmailAddresses.key(email);
		int at = address.indexOf('@');
		return typed.equals(address) || (at > 0 && typed.equals(address.substring(0, at)));
	}

	private static Set<String> load() {
		var stream = PasswordRules.class.getResourceAsStream("/passwords/common-passwords.txt");
		if (stream == null) {
			throw new IllegalStateException("passwords/common-passwords.txt is missing from the classpath");
		}
		Set<String> common = new HashSet<>(16_384);
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (!line.startsWith("# ") && !line.isEmpty()) {
					common.add(line.toLowerCase(Locale.ROOT));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return Set.copyOf(common);
	}

}
