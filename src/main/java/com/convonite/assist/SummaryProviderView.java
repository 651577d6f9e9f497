package com.convonite.assist;

import java.time.OffsetDateTime;

/**
 * The workspace's OpenAI-compatible summary provider as admins see it: the API key masked (its last four
 * characters at most), never in full. {@code configured} is false until an admin first saves it.
 */
public record SummaryProviderView(boolean configured, boolean enabled, String baseUrl, String model, String apiKey,
		int timeoutSeconds, OffsetDateTime updatedAt, Integer version) {

	static SummaryProviderView notConfigured() {
		return new SummaryProviderView(false, false, null, null, null, SummaryProviders.DEFAULT_TIMEOUT_SECONDS, null,
				null);
	}

}
