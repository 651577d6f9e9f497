package com.convonite.workspace;


import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The token format is checked in memory, before any database read or hash; the secrets that matched. */
class ApiTokenFormatTests {

	private static final String SECRET = "q3Wc0-V_9xGm2kF4bT8sLz1yN6aR5eH7jU0iO3pD2vA";

	@Test
	void aWellFormedTokenNamesItsId() {
		assertThat(SECRET).hasSize(ApiTokens.SECRET_LENGTH);
		assertThat(ApiTokens.idOf("cvn_42_" + SECRET)).isEqualTo(42);
		assertThat(ApiTokens.idOf("cvn_" + "9".repeat(18) + "_" + SECRET)).isEqualTo(999_999_999_999_999_999L);
		assertThat(ApiTokens.idOf("cvn_7_" + "_".repeat(43))).isEqualTo(7);
	}

	@Test
	void anythingElseIsRefusedWithoutLookingItUp() {
		for (String bad : new String[] { null, "", "cvn_", "cvn_42", "cvn_42_", "cvn_unknown", "CVN_42_" + SECRET,
				"xyz_42_" + SECRET, "cvn__" + SECRET, "cvn_042_" + SECRET, "cvn_0_" + SECRET, "cvn_-42_" + SECRET,
				"cvn_+42_" + SECRET, "cvn_4a2_" + SECRET, "cvn_42_" + SECRET + "A", "cvn_42_" + SECRET.substring(1),
				"cvn_42_" + SECRET.substring(1) + "=", "cvn_42_" + SECRET.substring(1) + "+",
				"cvn_42_" + SECRET.substring(1) + "é", "cvn_" + "9".repeat(19) + "_" + SECRET,
				"cvn_" + SECRET, "cvn_42_" + SECRET + "x".repeat(1000), " cvn_42_" + SECRET }) {
			assertThat(ApiTokens.idOf(bad)).as(bad).isEqualTo(-1);
		}
	}

	@Test
	void aSecretThatMatchedIsRememberedForItsOwnTokenIdOnly() {
		VerifiedApiTokens cache = new VerifiedApiTokens();
		String key = VerifiedApiTokens.keyOf("cvn_42_" + SECRET);
		assertThat(key).hasSize(64).doesNotContain(SECRET);
		assertThat(cache.secretMatched(key, 42)).isFalse();
		cache.secretMatches(key, 42);
		assertThat(cache.secretMatched(key, 42)).isTrue();
		assertThat(cache.secretMatched(key, 43)).isFalse();
		assertThat(cache.secretMatched(VerifiedApiTokens.keyOf("cvn_42_x" + SECRET.substring(1)), 42)).isFalse();
	}

}
