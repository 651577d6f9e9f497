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
