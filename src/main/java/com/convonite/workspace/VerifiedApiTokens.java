package com.convonite.workspace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;

/**
 * The API tokens whose secret matched their bcrypt hash on this instance in the last hour, so that a request
 * with one of them does not run bcrypt (tens of milliseconds of CPU) again: a token's secret never changes.
 * The key is the SHA-256 of the presented token: it exists only in this memory, is never stored nor logged,
 * and a heap dump shows no usable token. At most {@value #MAX_SIZE} tokens are held.
 * <p>
 * Only the secret's check is remembered, never the token's state: every request reads whether the token is
 * revoked and its member's state and role from the database (one primary-key read), so a revocation, a
 * deactivation or a lost admin role made through any instance holds on every instance from its commit on.
 */
@Component
class VerifiedApiTokens {

	static final int MAX_SIZE = 10_000;

	private final Cache<String, Long> matchedSecrets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofHours(1))
		.maximumSize(MAX_SIZE)
		.build();

	/** The cache key of a presented token. */
	static String keyOf(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Whether the presented token's secret matched the stored hash of that token id here recently. */
	boolean secretMatched(String key, long tokenId) {
		Long matched = this.matchedSecrets.getIfPresent(key);
		return matched != null && matched == tokenId;
	}

	void secretMatches(String key, long tokenId) {
		this.matchedSecrets.put(key, tokenId);
	}

}
