package com.convonite.webhook;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookTargetsTests {

	private final WebhookTargets strict = new WebhookTargets(false);

	private final WebhookTargets lenient = new WebhookTargets(true);

	@Test
	void loopbackPrivateAndLinkLocalTargetsAreRefusedByDefault() {
		for (String url : new String[] { "http://127.0.0.1:8080/hook", "http://localhost/hook", "http://[::1]/hook",
				"https://10.1.2.3/", "https://172.16.0.9/", "https://192.168.1.20/", "http://169.254.169.254/latest",
				"http://[fe80::1]/", "http://[fd12:3456::1]/", "http://0.0.0.0/", "http://100.64.0.1/",
				"http://[::ffff:127.0.0.1]/", "http://[::ffff:10.0.0.1]/", "http://224.0.0.1/" }) {
			assertThat(this.strict.problem(url)).as(url).contains("loopback, private or link-local");
		}
	}

	@Test
	void publicAddressesAreAccepted() {
		assertThat(this.strict.problem("https://203.0.113.10/hooks")).isNull();
		assertThat(this.strict.problem("https://[2001:db8::10]/hooks")).isNull();
	}

	@Test
	void configurationCanAllowPrivateTargets() {
		assertThat(this.lenient.problem("http://127.0.0.1:8080/hook")).isNull();
		assertThat(this.lenient.problem("http://localhost/hook")).isNull();
	}

	@Test
	void onlyHttpAndHttpsUrlsWithAHostAndNoCredentialsAreAccepted() {
		assertThat(this.lenient.problem("ftp://example.com/")).isEqualTo("must start with https:// or http://");
		assertThat(this.lenient.problem("file:///etc/passwd")).isEqualTo("must start with https:// or http://");
		assertThat(this.lenient.problem("https:///path")).contains("must name a host");
		assertThat(this.lenient.problem("not a url")).isNotNull();
		assertThat(this.lenient.problem("https://user:secret@example.com/")).contains("user name or password");
		assertThat(this.strict.problem("https://no-such-host.invalid/")).contains("cannot be resolved");
	}

}
