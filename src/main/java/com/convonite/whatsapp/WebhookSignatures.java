package com.convonite.whatsapp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Meta signs each webhook delivery: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body,
 * keyed with the app secret>}. Compared in constant time, so that the answer's timing tells nothing about
 * how much of a forged signature was right.
 */
final class WebhookSignatures {

	static final String HEADER = "X-Hub-Signature-256";

	private static final String PREFIX = "sha256=";

	private WebhookSignatures() {
	}

	static String sign(byte[] body, String appSecret) {
		return PREFIX + HexFormat.of().formatHex(hmac(body, appSecret));
	}

	static boolean valid(byte[] body, String header, String appSecret) {
		if (header == null || appSecret == null || appSecret.isEmpty()) {
			return false;
		}
		String value = header.strip();
		if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			return false;
		}
		byte[] given = value.substring(PREFIX.length()).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
		byte[] expected = HexFormat.of().formatHex(hmac(body, appSecret)).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, given);
	}

	/** The verify token of the GET handshake, compared in constant time too. */
	static boolean sameToken(String given, String expected) {
		if (given == null || expected == null) {
			return false;
		}
		return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] hmac(byte[] body, String appSecret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal((body != null) ? body : new byte[0]);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

}
