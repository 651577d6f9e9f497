package com.convonite.workspace;

import java.time.DayOfWeek;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The workspace settings (SPEC §6, plus time zone, the default country for phone numbers, and the day weeks start
 * on in reports, and the days of the recontact rate).
 */
public record WorkspaceSettings(boolean requireConversationToCloseChat, String timeZone, String defaultCountry,
		@Schema(description = "The day weeks start on in reports", example = "MONDAY") DayOfWeek firstDayOfWeek,
		@Schema(description = "The days within which another conversation of the same contact and purpose counts as a "
				+ "recontact in the recontact-rate report (1 to 365)", example = "7") int recontactDays,
		int version) {
}
