package com.convonite.workspace;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The firewall's hand-written checks accept and reject exactly what Spring Security's default patterns do. */
class HttpFirewallConfigurationTests {

	private static final Pattern NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	private static final Pattern HEADER_VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

	@Test
	void agreesWithTheDefaultPatternsOnEveryCodePoint() {
		for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
			String text = "a" + new String(Character.toChars(c)) + "b";
			assertThat(HttpFirewallConfiguration.NAME.test(text)).as("U+%04X in a name", c)
				.isEqualTo(NAME.matcher(text).matches());
			assertThat(HttpFirewallConfiguration.HEADER_VALUE.test(text)).as("U+%04X in a header value", c)
				.isEqualTo(HEADER_VALUE.matcher(text).matches());
		}
	}

	@Test
	void agreesWithTheDefaultPatternsOnRandomText() {
		Random random = new Random(42);
		for (int n = 0; n < 20_000; n++) {
			StringBuilder text = new StringBuilder();
			for (int i = random.nextInt(8); i > 0; i--) {
				text.append((char) (random.nextBoolean() ? random.nextInt(0x100) : random.nextInt(0x10000)));
			}
			String value = text.toString();
			assertThat(HttpFirewallConfiguration.NAME.test(value)).as(value).isEqualTo(NAME.matcher(value).matches());
			assertThat(HttpFirewallConfiguration.HEADER_VALUE.test(value)).as(value)
				.isEqualTo(HEADER_VALUE.matcher(value).matches());
		}
	}

	@Test
	void rejectsControlCharactersAndAcceptsText() {
		assertThat(HttpFirewallConfiguration.NAME.test("status")).isTrue();
		assertThat(HttpFirewallConfiguration.NAME.test("stat\u0000us")).isFalse();
		assertThat(HttpFirewallConfiguration.HEADER_VALUE.test("Bearer cvn_1\tx")).isTrue();
		assertThat(HttpFirewallConfiguration.NAME.test("a\tb")).isFalse();
		assertThat(HttpFirewallConfiguration.HEADER_VALUE.test("caf\u00e9 \u0645\u0631\u062d\u0628\u0627 \ud83d\ude00")).isTrue();
		assertThat(HttpFirewallConfiguration.HEADER_VALUE.test("x\u0085y")).isFalse();
	}

}
