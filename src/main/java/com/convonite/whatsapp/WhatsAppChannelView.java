package com.convonite.whatsapp;

import java.time.OffsetDateTime;

/**
 * A workspace's WhatsApp channel as admins see it: the secrets masked (their last four characters at most),
 * never in full. {@code callbackPath} is the webhook's path to give Meta, once the channel is set up.
 */
public record WhatsAppChannelView(boolean configured, String phoneNumberId, String verifyToken, String appSecret,
		String accessToken, String callbackPath, OffsetDateTime updatedAt, OffsetDateTime lastDeliveryAt,
		Integer version) {

	static WhatsAppChannelView notConfigured() {
		return new WhatsAppChannelView(false, null, null, null, null, null, null, null, null);
	}

}
