package com.convonite.support;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Delivers customer messages through the inbound API, the way chats come to exist. */
public final class Inbound {

	private Inbound() {
	}

	public record Delivered(String chatId, String messageId, String contactId) {
	}

	public static Delivered deliver(Api admin, String phone, String name, String text, OffsetDateTime sentAt) {
		return deliver(admin, "whatsapp", phone, name, text, sentAt);
	}

	public static Delivered deliver(Api admin, String channel, String phone, String name, String text,
			OffsetDateTime sentAt) {
		var response = admin.post("/inbound/messages", Map.of("channel", channel, "externalId",
				"wamid." + UUID.randomUUID(), "from", Map.of("phone", phone, "name", name), "type", "TEXT", "body",
				text, "sentAt", sentAt.toString()));
		assertThat(response.status()).as(response.toString()).isIn(200, 201);
		var json = response.json();
		return new Delivered(json.path("chat").path("id").asString(), json.path("message").path("id").asString(),
				json.path("chat").path("contactId").asString());
	}

	/** A random phone number that libphonenumber accepts as valid (a US number). */
	public static String phone() {
		return "+1201555" + (1000 + PHONES.getAndIncrement() % 9000);
	}

	private static final java.util.concurrent.atomic.AtomicInteger PHONES = new java.util.concurrent.atomic.AtomicInteger(
			(int) (Math.random() * 9000));

}
