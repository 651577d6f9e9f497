package com.convonite.workspace;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Shows times in the signed-in member's workspace time zone. Templates call it as {@code @times}, e.g.
 * {@code ${@times.dateTime(chat.lastMessageAt())}}; the zone is read once per request.
 */
@Component("times")
public class Times {

	private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

	private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

	private static final DateTimeFormatter INPUT_MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

	private static final String ZONE_ATTRIBUTE = Times.class.getName() + ".zone";

	private final Workspaces workspaces;

	Times(Workspaces workspaces) {
		this.workspaces = workspaces;
	}

	/** The workspace's zone for the current request (UTC when nobody is signed in). */
	public ZoneId zone() {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request != null && request.getAttribute(ZONE_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof ZoneId zone) {
			return zone;
		}
		ZoneId zone;
		try {
			zone = this.workspaces.timeZone(SignedInMemberResolver.current().workspaceId());
		}
		catch (RuntimeException ex) {
			zone = ZoneId.of("UTC");
		}
		if (request != null) {
			request.setAttribute(ZONE_ATTRIBUTE, zone, RequestAttributes.SCOPE_REQUEST);
		}
		return zone;
	}

	public String dateTime(OffsetDateTime time) {
		return (time != null) ? time.atZoneSameInstant(zone()).format(DATE_TIME) : "";
	}

	/** Today's times as HH:mm, older ones with their date. */
	public String brief(OffsetDateTime time) {
		if (time == null) {
			return "";
		}
		var local = time.atZoneSameInstant(zone());
		return local.toLocalDate().equals(java.time.LocalDate.now(zone())) ? local.format(TIME) : local.format(DATE_TIME);
	}

	private static final DateTimeFormatter DAY_MONTH = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

	private static final DateTimeFormatter DAY_MONTH_YEAR = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

	private static final DateTimeFormatter DAY_HEADING = DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy", Locale.ENGLISH);

	/**
	 * How long ago, as an inbox row says it: "just now" within the minute, today's time ("14:05"), "Yesterday",
	 * the day and month this year ("3 Dec"), else with the year; in the workspace's zone.
	 */
	public String relative(OffsetDateTime time) {
		if (time == null) {
			return "";
		}
		ZoneId zone = zone();
		java.time.ZonedDateTime local = time.atZoneSameInstant(zone);
		java.time.ZonedDateTime now = java.time.ZonedDateTime.now(zone);
		java.time.Duration ago = java.time.Duration.between(local, now);
		if (!ago.isNegative() && ago.compareTo(java.time.Duration.ofMinutes(1)) < 0) {
			return "just now";
		}
		java.time.LocalDate day = local.toLocalDate();
		if (day.equals(now.toLocalDate())) {
			return local.format(TIME);
		}
		if (day.equals(now.toLocalDate().minusDays(1))) {
			return "Yesterday";
		}
		return local.format((day.getYear() == now.getYear()) ? DAY_MONTH : DAY_MONTH_YEAR);
	}

	/** The time of day alone ("14:05"), in the workspace's zone. */
	public String time(OffsetDateTime time) {
		return (time != null) ? time.atZoneSameInstant(zone()).format(TIME) : "";
	}

	/** The day a time falls on in the workspace's zone: the key that day separators compare. */
	public java.time.LocalDate day(OffsetDateTime time) {
		return time.atZoneSameInstant(zone()).toLocalDate();
	}

	/** A day separator's words: "Today", "Yesterday", else "Wednesday, 3 December 2026". */
	public String dayHeading(OffsetDateTime time) {
		java.time.LocalDate day = day(time);
		java.time.LocalDate today = java.time.LocalDate.now(zone());
		if (day.equals(today)) {
			return "Today";
		}
		if (day.equals(today.minusDays(1))) {
			return "Yesterday";
		}
		return day.format(DAY_HEADING);
	}

	/**
	 * The value of an {@code <input type="datetime-local" step="1">}: to the second, which is as exact as such
	 * an input can be. A stored time has microseconds, so a form must not write back a value it shows
	 * unchanged: {@link #sameInput} tells.
	 */
	public String input(OffsetDateTime time) {
		if (time == null) {
			return "";
		}
		// The browser's normalized form: the seconds only when they are not zero.
		var local = time.atZoneSameInstant(zone());
		return (local.getSecond() == 0) ? local.format(INPUT_MINUTES) : local.format(INPUT);
	}

	/**
	 * Whether a {@code datetime-local} value is the stored time as {@link #input} shows it (to the second, with
	 * or without the seconds that a browser leaves out when they are zero), i.e. the user did not change it.
	 */
	public boolean sameInput(String value, OffsetDateTime stored) {
		if (value == null || value.isBlank()) {
			return stored == null;
		}
		if (stored == null) {
			return false;
		}
		try {
			return java.time.LocalDateTime.parse(value.strip())
				.equals(stored.atZoneSameInstant(zone()).toLocalDateTime().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
		}
		catch (java.time.format.DateTimeParseException ex) {
			return false;
		}
	}

	/** Reads an {@code <input type="datetime-local">} value in the workspace's zone; null when blank. */
	public OffsetDateTime parseInput(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return java.time.LocalDateTime.parse(value.strip()).atZone(zone()).toOffsetDateTime();
		}
		catch (java.time.format.DateTimeParseException ex) {
			return null;
		}
	}

	/** The machine-readable form for a {@code <time datetime>} attribute. */
	public String iso(OffsetDateTime time) {
		return (time != null) ? time.toInstant().toString() : "";
	}

}
