package com.convonite.conversation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The export writes its times digit by digit; they must read exactly as the standard ISO 8601 formatter's. */
class ConversationCsvTests {

	private static final List<ZoneId> ZONES = List.of(ZoneOffset.UTC, ZoneId.of("Europe/Berlin"),
			ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata"), ZoneId.of("Australia/Lord_Howe"),
			ZoneId.of("Pacific/Chatham"), ZoneId.of("America/St_Johns"), ZoneOffset.ofHoursMinutes(-3, -30));

	@Test
	void timesAreIsoWithTheZonesOffsetAtThatInstant() {
		Random random = new Random(42);
		long from = Instant.parse("1971-01-01T00:00:00Z").getEpochSecond();
		long to = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();
		for (int i = 0; i < 20_000; i++) {
			long second = from + (long) (random.nextDouble() * (to - from));
			int nano = switch (i % 4) {
				case 0 -> 0;
				case 1 -> random.nextInt(1_000) * 1_000_000;
				case 2 -> random.nextInt(1_000_000) * 1_000;
				default -> random.nextInt(1_000_000_000);
			};
			OffsetDateTime time = OffsetDateTime.ofInstant(Instant.ofEpochSecond(second, nano), ZoneOffset.UTC);
			ZoneId zone = ZONES.get(i % ZONES.size());
			assertThat(format(time, zone))
				.isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.atZoneSameInstant(zone).toOffsetDateTime()));
		}
	}

	@Test
	void aSummerAndAWinterTimeInTheSameZoneCarryTheirOwnOffsets() {
		ZoneId berlin = ZoneId.of("Europe/Berlin");
		assertThat(format(OffsetDateTime.parse("2026-01-15T09:00:00Z"), berlin)).isEqualTo("2026-01-15T10:00:00+01:00");
		assertThat(format(OffsetDateTime.parse("2026-07-15T09:00:00.25Z"), berlin))
			.isEqualTo("2026-07-15T11:00:00.25+02:00");
		assertThat(format(OffsetDateTime.parse("2026-07-15T09:00:00.000001Z"), ZoneOffset.UTC))
			.isEqualTo("2026-07-15T09:00:00.000001Z");
	}

	private static String format(OffsetDateTime time, ZoneId zone) {
		StringBuilder out = new StringBuilder();
		ConversationCsv.appendTime(out, time, zone.getRules());
		return out.toString();
	}

}
