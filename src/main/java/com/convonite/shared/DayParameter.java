package com.convonite.shared;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;

/** A day given as a request parameter (2026-01-31), read with the field message the filters refuse it with. */
public final class DayParameter {

	private DayParameter() {
	}

	/** The day, or null when none is given; a bad one adds its problem and gives null. */
	public static LocalDate parse(String value, String field, List<FieldProblem> problems) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			LocalDate day = LocalDate.parse(value.strip());
			if (day.getYear() < 1900 || day.getYear() > 2999) {
				problems.add(new FieldProblem(field, "must be a date between 1900 and 2999"));
				return null;
			}
			return day;
		}
		catch (DateTimeException ex) {
			problems.add(new FieldProblem(field, "must be a date such as 2026-01-31"));
			return null;
		}
	}

}
