package com.convonite.whatsapp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which callback addresses Meta can call: public HTTPS only (the settings page warns about the others). */
class CallbackAddressTests {

	@Test
	void onlyAPublicHttpsAddressIsOneMetaCanCall() {
		assertThat(WhatsAppSettingsPageController.isPublicHttps("https://shop.example.com/webhooks/whatsapp/k")).isTrue();
		assertThat(WhatsAppSettingsPageController.isPublicHttps("http://shop.example.com/webhooks/whatsapp/k")).isFalse();
		assertThat(WhatsAppSettingsPageController.isPublicHttps("https://localhost:8443/webhooks/whatsapp/k")).isFalse();
		assertThat(WhatsAppSettingsPageController.isPublicHttps("https://127.0.0.1/webhooks/whatsapp/k")).isFalse();
		assertThat(WhatsAppSettingsPageController.isPublicHttps("https://192.168.1.20/webhooks/whatsapp/k")).isFalse();
		assertThat(WhatsAppSettingsPageController.isPublicHttps("https://172.20.0.5/webhooks/whatsapp/k")).isFalse();
		assertThat(WhatsAppSettingsPageController.isPublicHttps("https://172.32.0.5/webhooks/whatsapp/k")).isTrue();
		assertThat(WhatsAppSettingsPageController.isPublicHttps("https://printer.local/webhooks/whatsapp/k")).isFalse();
	}

}
