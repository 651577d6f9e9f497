package com.convonite.contact;

import java.util.Locale;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import com.convonite.shared.ProblemException;

/**
 * Phone numbers in one form, E.164 ({@code +351912345678}), so that the same customer typed two ways is
 * still one contact. A number without a leading {@code +} is read as a number of the workspace's default
 * country.
 */
final class PhoneNumbers {

	private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

	private PhoneNumbers() {
	}

	static String normalise(String raw, String defaultCountry, String field) {
		if (raw == null || raw.isBlank()) {
			throw ProblemException.invalid(field, "is required: a phone number such as +351 912 345 678");
		}
		String value = raw.strip();
		if (value.length() > 50) {
			throw ProblemException.invalid(field, "must be at most 50 characters");
		}
		String region = (defaultCountry != null) ? defaultCountry.toUpperCase(Locale.ROOT) : "US";
		try {
			PhoneNumber number = UTIL.parse(value, region);
			if (UTIL.isValidNumber(number)) {
				return UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
			}
		}
		catch (NumberParseException ex) {
			// reported below, like any other number that is not valid
		}
		throw ProblemException.invalid(field, "must be a valid phone number in international form, such as "
				+ "+351 912 345 678 (a number without + is read as a number of " + region + ")");
	}

	/** The digits a search text contains when it looks like (part of) a phone number, else null. */
	static String searchDigits(String q) {
		if (!q.matches("[+0-9 ()\\-.]+")) {
			return null;
		}
		String digits = q.replaceAll("\\D", "");
		return digits.isEmpty() ? null : digits;
	}

}
