package com.convonite.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a message's text into plain pieces and web addresses, so that the thread shows addresses as links.
 * Only http and https addresses become links; the template escapes every piece like any other text.
 */
final class MessageText {

	private static final Pattern WEB_ADDRESS = Pattern.compile("https?://[^\\s<>\"']+", Pattern.CASE_INSENSITIVE);

	/** Punctuation that ends a sentence rather than the address it follows. */
	private static final Pattern TRAILING = Pattern.compile("[.,;:!?)\\]}]+$");

	private MessageText() {
	}

	static List<ChatPageController.TextPart> parts(String text) {
		List<ChatPageController.TextPart> parts = new ArrayList<>();
		if (text == null || text.isEmpty()) {
			return parts;
		}
		Matcher matcher = WEB_ADDRESS.matcher(text);
		int from = 0;
		while (matcher.find()) {
			String address = matcher.group();
			Matcher trailing = TRAILING.matcher(address);
			if (trailing.find()) {
				address = address.substring(0, trailing.start());
			}
			if (address.length() <= "https://".length()) {
				continue;
			}
			if (matcher.start() > from) {
				parts.add(new ChatPageController.TextPart(text.substring(from, matcher.start()), null));
			}
			parts.add(new ChatPageController.TextPart(address, address));
			from = matcher.start() + address.length();
		}
		if (from < text.length()) {
			parts.add(new ChatPageController.TextPart(text.substring(from), null));
		}
		return parts;
	}

	static boolean isWebAddress(String value) {
		return value != null && WEB_ADDRESS.matcher(value).matches();
	}

}
