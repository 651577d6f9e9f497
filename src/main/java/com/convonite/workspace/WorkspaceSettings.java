package com.convonite.workspace;

import java.time.DayOfWeek;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The workspace settings (SPEC §6, plus time zone, the default country for phone numbers, and the day weeks start
 * on in reports).
 */
public record WorkspaceSettings(boolean requireConversationToCloseChat, String timeZone, String defaultCountry,
		@Schema(description = "The day weeks start on in reports", example = "MONDAY") DayOfWeek firstDayOfWeek,
		int version) {
}
