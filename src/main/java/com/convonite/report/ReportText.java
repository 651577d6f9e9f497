package com.convonite.report;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** Figures of the Reports page in words: durations in their two largest units, days and buckets as dates. */
@Component("reportText")
class ReportText {

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

	private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH);

	private final MessageSource messages;

	private final JsonMapper json;

	ReportText(MessageSource messages, JsonMapper json) {
		this.messages = messages;
		this.json = json;
	}

	/** JSON for a data attribute that report.js reads. */
	public String json(Object value) {
		return this.json.writeValueAsString(value);
	}

	/** "45 s", "12 min", "3 h 20 min", "4 d 6 h"; a dash when there is none. */
	public String duration(Long seconds) {
		if (seconds == null) {
			return "–";
		}
		long s = seconds;
		if (s < 60) {
			return unit("s", s);
		}
		if (s < 3600) {
			return unit("min", s / 60);
		}
		if (s < 86_400) {
			long minutes = (s % 3600) / 60;
			return unit("h", s / 3600) + ((minutes > 0) ? " " + unit("min", minutes) : "");
		}
		long hours = (s % 86_400) / 3600;
		return unit("d", s / 86_400) + ((hours > 0) ? " " + unit("h", hours) : "");
	}

	private String unit(String unit, long value) {
		return this.messages.getMessage("report.unit." + unit, new Object[] { value }, value + " " + unit,
				LocaleContextHolder.getLocale());
	}

	public String day(LocalDate day) {
		return DAY.format(day);
	}

	/** A bucket's name: its day, its first and last day, or its month. */
	public String bucket(ReportFigures.Bucket bucket, ReportFigures.BucketSize size) {
		if (bucket.from().equals(bucket.to())) {
			return day(bucket.from());
		}
		if (size == ReportFigures.BucketSize.MONTH && bucket.from().getDayOfMonth() == 1
				&& bucket.to().equals(bucket.from().withDayOfMonth(bucket.from().lengthOfMonth()))) {
			return MONTH.format(bucket.from());
		}
		return day(bucket.from()) + " – " + day(bucket.to());
	}

	/** The share in percent, one decimal, or a dash. */
	public String share(long part, long whole) {
		return (whole == 0) ? "–" : String.format(Locale.ENGLISH, "%.0f%%", part * 100.0 / whole);
	}

	/** A change of a rate in percentage points, or a dash. */
	public String points(Double points) {
		if (points == null) {
			return "–";
		}
		return String.format(Locale.ENGLISH, "%+.1f", points);
	}

	public String change(Double percent) {
		if (percent == null) {
			return "–";
		}
		return String.format(Locale.ENGLISH, "%+.1f%%", percent);
	}

}
