package com.convonite.whatsapp;

/**
 * What an admin saves: a blank secret keeps the stored one (all three are required the first time).
 * {@code version}, when given, must be the one last read.
 */
public record WhatsAppChannelSettings(String phoneNumberId, String verifyToken, String appSecret,
		String accessToken, Integer version) {
}
