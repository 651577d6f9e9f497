package com.convonite.workspace;

/** The workspace settings (SPEC §6, plus time zone and the default country for phone numbers). */
public record WorkspaceSettings(boolean requireConversationToCloseChat, String timeZone, String defaultCountry,
		int version) {
}
