package com.convonite.report;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.convonite.report.JdbcReportRepository.Extent;
import com.convonite.report.JdbcReportRepository.Level;
import com.convonite.report.JdbcReportRepository.Span;
import com.convonite.report.JdbcReportRepository.Unit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollup rows a report reads for a period add up to exactly the period's days: every day with conversations
 * inside the period once, every one outside it not at all (taken off as often as added), and every row lands in
 * the bucket of its unit once dated inside the period; without an extent nothing is taken off.
 */
class ReportPeriodCoverTests {

	static final Level DAY = new Level("d", "day", Unit.DAY);

	@Test
	void spansAddUpToThePeriodsDaysForRandomPeriodsExtentsAndLevels() {
		long seed = System.nanoTime();
		Random random = new Random(seed);
		LocalDate base = LocalDate.of(2023, 1, 1);
		int subtracted = 0;
		for (int run = 0; run < 5000; run++) {
			DayOfWeek firstDay = DayOfWeek.of(1 + random.nextInt(7));
			List<Level> levels = switch (random.nextInt(3)) {
				case 0 -> List.of(DAY, new Level("w", "week", Unit.WEEK));
				case 1 -> List.of(DAY, new Level("m", "month", Unit.MONTH));
				default -> List.of(DAY, new Level("m", "month", Unit.MONTH), new Level("y", "year", Unit.YEAR));
			};
			LocalDate from = base.plusDays(random.nextInt(1500));
			LocalDate to = from.plusDays(random.nextInt((random.nextInt(4) == 0) ? 1000 : 70));
			Extent extent = null;
			if (random.nextInt(4) > 0) {
				LocalDate first = base.plusDays(random.nextInt(1500));
				extent = new Extent(first, first.plusDays(random.nextInt(900)));
			}
			List<Span> spans = new ArrayList<>();
			JdbcReportRepository.cover(from, to, 1, levels, levels.size() - 1, firstDay, extent, spans);
			String what = "seed " + seed + " run " + run + ": " + from + " to " + to + " extent " + extent + " levels "
					+ levels + " first day " + firstDay + " spans " + spans;
			Map<LocalDate, Integer> times = new HashMap<>();
			Unit top = levels.get(levels.size() - 1).unit();
			for (Span span : spans) {
				Unit unit = span.level().unit();
				assertThat(unit.start(span.start(), firstDay)).as(what).isEqualTo(span.start());
				for (LocalDate start = span.start(); !start.isAfter(span.end()); start = unit.next(start)) {
					LocalDate end = unit.next(start).minusDays(1);
					// dated inside the period (as the SQL clamps it), the row stays in its unit's bucket
					LocalDate dated = start.isBefore(from) ? from : start.isAfter(to) ? to : start;
					assertThat(top.start(dated, firstDay)).as(what).isEqualTo(top.start(start, firstDay));
					for (LocalDate day = start; !day.isAfter(end); day = day.plusDays(1)) {
						times.merge(day, span.sign(), Integer::sum);
					}
				}
				if (span.sign() < 0) {
					subtracted++;
					assertThat(extent).as(what).isNotNull();
				}
			}
			for (LocalDate day = from.minusYears(1); day.isBefore(to.plusYears(1)); day = day.plusDays(1)) {
				boolean mayHaveRows = extent == null || !(day.isBefore(extent.first()) || day.isAfter(extent.last()));
				if (mayHaveRows) {
					int expected = (day.isBefore(from) || day.isAfter(to)) ? 0 : 1;
					assertThat(times.getOrDefault(day, 0)).as(what + " day " + day).isEqualTo(expected);
				}
			}
		}
		assertThat(subtracted).as("spans taken off").isPositive();
	}

	@Test
	void allTimeReadsWholeYearsAndNoDayWithConversations() {
		List<Level> levels = List.of(DAY, new Level("m", "month", Unit.MONTH), new Level("y", "year", Unit.YEAR));
		LocalDate first = LocalDate.of(2023, 12, 9);
		LocalDate today = LocalDate.of(2026, 12, 8);
		List<Span> spans = new ArrayList<>();
		JdbcReportRepository.cover(first, today, 1, levels, 2, DayOfWeek.MONDAY, new Extent(first, today), spans);
		assertThat(spans).contains(new Span(levels.get(2), 1, LocalDate.of(2023, 1, 1), LocalDate.of(2026, 1, 1)));
		assertThat(spans).allSatisfy((span) -> {
			if (span.sign() < 0) {
				// what is taken off lies outside the days that have conversations
				assertThat(span.level().unit().next(span.end()).minusDays(1).isBefore(first)
						|| span.start().isAfter(today))
					.as(span.toString())
					.isTrue();
			}
		});
	}

}
