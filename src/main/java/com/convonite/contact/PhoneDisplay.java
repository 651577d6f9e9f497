package com.convonite.contact;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import org.springframework.stereotype.Component;

/**
 * Phone numbers as people read them: the stored E.164 form in the international format of its country
 * ({@code +12015552026} → {@code +1 201-555-2026}), for pages; links ({@code tel:}) and the API keep E.164.
 * Templates use it as {@code @phones.display(number)}.
 */
@Component("phones")
public class PhoneDisplay {

	private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

	public String display(String e164) {
		if (e164 == null || !e164.startsWith("+")) {
			return e164;
		}
		try {
			return UTIL.format(UTIL.parse(e164, null), PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL);
		}
		catch (NumberParseException ex) {
			return e164;
		}
	}

}
