package com.convonite.report;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The days a report covers, both included, in the workspace's time zone. {@code startFrom} and {@code startTo}
 * are the same period as the start-time range of the conversation list (from the first instant of the first day
 * to the first instant after the last), so that a figure and the list it links to agree exactly.
 */
@Schema(description = "The days a report covers, both included, in the workspace's time zone; startFrom and startTo "
		+ "are the same period as instants, for the conversation list's startFrom and startTo filters.")
public record ReportPeriod(@Schema(description = "The preset it was asked by; null for a custom range",
		nullable = true) Preset preset, LocalDate from, LocalDate to, String timeZone, OffsetDateTime startFrom,
		OffsetDateTime startTo, long days) {

	/** The periods a report can be asked for by name. */
	public enum Preset {

		TODAY, LAST_7_DAYS, LAST_30_DAYS, LAST_90_DAYS, THIS_MONTH, THIS_QUARTER, THIS_YEAR, ALL_TIME

	}

	static ReportPeriod of(Preset preset, LocalDate from, LocalDate to, ZoneId zone) {
		return new ReportPeriod(preset, from, to, zone.getId(), from.atStartOfDay(zone).toOffsetDateTime(),
				to.plusDays(1).atStartOfDay(zone).toOffsetDateTime(), ChronoUnit.DAYS.between(from, to) + 1);
	}

	/**
	 * The named period as it stands today. All time starts on the first day that has a conversation (today when
	 * none has).
	 */
	static ReportPeriod named(Preset preset, LocalDate today, LocalDate firstDay, ZoneId zone) {
		return switch (preset) {
			case TODAY -> of(preset, today, today, zone);
			case LAST_7_DAYS -> of(preset, today.minusDays(6), today, zone);
			case LAST_30_DAYS -> of(preset, today.minusDays(29), today, zone);
			case LAST_90_DAYS -> of(preset, today.minusDays(89), today, zone);
			case THIS_MONTH -> of(preset, today.withDayOfMonth(1), today, zone);
			case THIS_QUARTER -> of(preset, today.with(IsoFields.DAY_OF_QUARTER, 1), today, zone);
			case THIS_YEAR -> of(preset, today.withDayOfYear(1), today, zone);
			case ALL_TIME -> of(preset, (firstDay != null && firstDay.isBefore(today)) ? firstDay : today,
					(firstDay != null && firstDay.isAfter(today)) ? firstDay : today, zone);
		};
	}

	/** The period of the same length just before this one; none before all time. */
	ReportPeriod previous() {
		if (this.preset == Preset.ALL_TIME) {
			return null;
		}
		ZoneId zone = ZoneId.of(this.timeZone);
		return of(null, this.from.minusDays(this.days), this.from.minusDays(1), zone);
	}

	/** The change from {@code before} to {@code now} in percent, one decimal; null when before was 0. */
	static Double change(long now, long before) {
		if (before == 0) {
			return null;
		}
		return Math.round((now - before) * 1000.0 / before) / 10.0;
	}

}
