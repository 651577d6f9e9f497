package com.convonite.whatsapp;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignaturesTests {

	private static final byte[] BODY = "{\"object\":\"whatsapp_business_account\"}".getBytes(StandardCharsets.UTF_8);

	@Test
	void theSignatureIsTheHexHmacSha256OfTheRawBodyWithTheAppSecret() {
		// computed independently: printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'app-secret-0123456789'
		assertThat(WebhookSignatures.sign(BODY, "app-secret-0123456789"))
			.isEqualTo("sha256=7cfc14407fab487f4169dcfd59fc5643357cefb7fdb7eb9c0a6eb917f0ec1e05");
		assertThat(WebhookSignatures.valid(BODY, WebhookSignatures.sign(BODY, "app-secret-0123456789"),
				"app-secret-0123456789")).isTrue();
	}

	@Test
	void anyChangeOfBodySecretOrSignatureIsRefused() {
		String signature = WebhookSignatures.sign(BODY, "app-secret-0123456789");
		assertThat(WebhookSignatures.valid("{}".getBytes(StandardCharsets.UTF_8), signature, "app-secret-0123456789"))
			.isFalse();
		assertThat(WebhookSignatures.valid(BODY, signature, "another-secret-0123")).isFalse();
		assertThat(WebhookSignatures.valid(BODY, signature.replace("sha256=", "sha1="), "app-secret-0123456789"))
			.isFalse();
		assertThat(WebhookSignatures.valid(BODY, signature.substring(0, signature.length() - 1), "app-secret-0123456789"))
			.isFalse();
		assertThat(WebhookSignatures.valid(BODY, null, "app-secret-0123456789")).isFalse();
		assertThat(WebhookSignatures.valid(BODY, "", "app-secret-0123456789")).isFalse();
	}

	@Test
	void upperCaseHexIsTheSameSignature() {
		String signature = WebhookSignatures.sign(BODY, "app-secret-0123456789");
		assertThat(WebhookSignatures.valid(BODY, "sha256=" + signature.substring(7).toUpperCase(), "app-secret-0123456789"))
			.isTrue();
	}

}
