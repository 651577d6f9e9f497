package com.convonite.conversation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Map;

import com.convonite.shared.CsvCells;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.csv.CSVFormat;

import org.springframework.http.HttpHeaders;

/**
 * Writes conversations as RFC 4180 CSV, one row per conversation, in one of two shapes:
 * <ul>
 * <li>{@link Shape#INTEGRATION} (the API's {@code GET /api/v1/conversations/export}, a contract integrators
 * parse): every field with the ids of what it refers to and its names, statuses as {@code OPEN}/{@code CLOSED},
 * times in the workspace's time zone as ISO 8601 with their offset;</li>
 * <li>{@link Shape#SPREADSHEET} (the web app's download, for people): a UTF-8 byte order mark so that Excel
 * reads the accents right, headers in words with the time zone named, times as {@code yyyy-MM-dd HH:mm:ss} in
 * that zone (which spreadsheets read as dates), statuses as labels, no internal ids, and a link to each
 * conversation.</li>
 * </ul> A cell that a spreadsheet
 * would run as a formula (starting with =, +, -, @, tab or carriage return) is prefixed with an apostrophe.
 * <p>
 * An export writes millions of rows, so each row costs as little as it can: text cells go through commons-csv's
 * quoting, while numbers and times (which never need quoting) are appended as they are, the times without
 * building a string of their own.
 */
final class ConversationCsv {

	static final List<String> HEADER = List.of("id", "subject", "summary", "status", "purpose", "purpose_id", "owner",
			"owner_id", "contact", "contact_id", "chat_id", "start_time", "end_time", "first_message_id",
			"last_message_id", "created_by", "created_by_id", "created_at", "updated_at", "closed_at", "version");

	static final List<String> SPREADSHEET_HEADER = List.of("ID", "Subject", "Summary", "Status", "Purpose", "Owner",
			"Contact", "Start time", "End time", "Logged by", "Logged at", "Updated at", "Closed at", "Link");

	/** Which shape the rows take (see the class comment). */
	enum Shape {

		INTEGRATION, SPREADSHEET

	}

	/** Rows are sent to the response in batches of about this many characters. */
	private static final int BATCH_CHARS = 1 << 18;

	private final HttpServletResponse response;

	private final LocalDate today;

	/** The response's writer, taken with the first rows: until then a failure can still be answered as a problem. */
	private Writer writer;

	private final StringBuilder batch = new StringBuilder(BATCH_CHARS + (1 << 14));

	private final ZoneRules zone;

	/** An instance of its own: commons-csv synchronizes on it for every cell. */
	private final CSVFormat format = CSVFormat.RFC4180.builder().get();

	private final Shape shape;

	/** The spreadsheet's status labels and the conversations' address without the id ("https://…/conversations/"). */
	private final Map<ConversationStatus, String> statusLabels;

	private final String linkPrefix;

	/** The custom fields, archived ones too (their values stay), one column each after the built-in ones. */
	private final List<ConversationFieldView> fields;

	/** The integrators' shape (the API's export). */
	ConversationCsv(HttpServletResponse response, ZoneId zone, List<ConversationFieldView> fields) throws IOException {
		this(response, zone, Shape.INTEGRATION, Map.of(), "", fields);
	}

	ConversationCsv(HttpServletResponse response, ZoneId zone, Shape shape, Map<ConversationStatus, String> statusLabels,
			String linkPrefix, List<ConversationFieldView> fields) throws IOException {
		this.fields = fields;
		this.response = response;
		this.today = LocalDate.now(zone);
		this.zone = zone.getRules();
		this.shape = shape;
		this.statusLabels = statusLabels;
		this.linkPrefix = linkPrefix;
		if (shape == Shape.SPREADSHEET) {
			this.batch.append('\uFEFF');
			String zoneName = zone.getId();
			this.format.printRecord(this.batch, java.util.stream.Stream.concat(SPREADSHEET_HEADER.stream()
				.map((h) -> (h.endsWith(" time") || h.endsWith(" at")) ? h + " (" + zoneName + ")" : h),
					fields.stream().map(ConversationFieldView::name))
				.toArray());
		}
		else {
			this.format.printRecord(this.batch, java.util.stream.Stream.concat(HEADER.stream(),
					fields.stream().map((f) -> "field_" + f.key())).toArray());
		}
	}

	boolean hasFields() {
		return !this.fields.isEmpty();
	}

	/**
	 * Adds one conversation, with the names of its purpose, owner, creator and contact, and its custom field
	 * values; sends a full batch.
	 */
	void write(ConversationRow c, String contactName, Map<Long, PurposeView> purposes, Map<Long, String> memberNames,
			Map<String, Object> values) {
		if (this.shape == Shape.SPREADSHEET) {
			writeForSpreadsheet(c, contactName, purposes, memberNames, values);
			return;
		}
		try {
			PurposeView purpose = purposes.get(c.purposeId());
			StringBuilder out = this.batch;
			out.append(c.id());
			text(c.subject());
			text(c.summary());
			out.append(',').append(c.status().name());
			text((purpose != null) ? purpose.name() : null);
			out.append(',').append(c.purposeId());
			text(memberNames.get(c.ownerId()));
			out.append(',').append(c.ownerId());
			text(contactName);
			out.append(',').append(c.contactId()).append(',').append(c.chatId());
			time(c.startTime());
			time(c.endTime());
			number(c.firstMessageId());
			number(c.lastMessageId());
			text(memberNames.get(c.createdBy()));
			out.append(',').append(c.createdBy());
			time(c.createdAt());
			time(c.updatedAt());
			time(c.closedAt());
			out.append(',').append(c.version());
			fieldCells(values);
			this.format.println(out);
			if (out.length() >= BATCH_CHARS) {
				send();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void writeForSpreadsheet(ConversationRow c, String contactName, Map<Long, PurposeView> purposes,
			Map<Long, String> memberNames, Map<String, Object> values) {
		try {
			PurposeView purpose = purposes.get(c.purposeId());
			StringBuilder out = this.batch;
			out.append(c.id());
			text(c.subject());
			text(c.summary());
			text(this.statusLabels.getOrDefault(c.status(), c.status().name()));
			text((purpose != null) ? purpose.name() : null);
			text(memberNames.get(c.ownerId()));
			text(contactName);
			plainTime(c.startTime());
			plainTime(c.endTime());
			text(memberNames.get(c.createdBy()));
			plainTime(c.createdAt());
			plainTime(c.updatedAt());
			plainTime(c.closedAt());
			out.append(',').append(this.linkPrefix).append(c.id());
			fieldCells(values);
			this.format.println(out);
			if (out.length() >= BATCH_CHARS) {
				send();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The custom fields' values as text (a multi select's choices joined with ", "; checkboxes true / false). */
	private void fieldCells(Map<String, Object> values) throws IOException {
		for (ConversationFieldView field : this.fields) {
			text(ConversationFields.display(values.get(field.key())));
		}
	}

	private void plainTime(OffsetDateTime time) {
		this.batch.append(',');
		if (time != null) {
			appendPlainTime(this.batch, time, this.zone);
		}
	}

	/**
	 * Appends the instant as {@code yyyy-MM-dd HH:mm:ss} in the zone (the seconds' fraction dropped), the form
	 * that spreadsheets read as a date and time; written into a char array like {@link #appendTime}.
	 */
	static void appendPlainTime(StringBuilder out, OffsetDateTime time, ZoneRules zone) {
		long epochSecond = time.toEpochSecond();
		ZoneOffset offset = zone.isFixedOffset() ? zone.getOffset(Instant.EPOCH)
				: zone.getOffset(Instant.ofEpochSecond(epochSecond));
		LocalDateTime local = LocalDateTime.ofEpochSecond(epochSecond, 0, offset);
		int year = local.getYear();
		if (year < 0 || year > 9999) {
			out.append(PLAIN.format(local));
			return;
		}
		char[] text = new char[19];
		dateAndTime(text, local, ' ');
		out.append(text);
	}

	/** Writes {@code yyyy-MM-dd?HH:mm:ss} of a four-digit year into the first 19 chars, with the separator given. */
	private static void dateAndTime(char[] text, LocalDateTime local, char separator) {
		digits(text, 0, local.getYear(), 4);
		text[4] = '-';
		digits(text, 5, local.getMonthValue(), 2);
		text[7] = '-';
		digits(text, 8, local.getDayOfMonth(), 2);
		text[10] = separator;
		digits(text, 11, local.getHour(), 2);
		text[13] = ':';
		digits(text, 14, local.getMinute(), 2);
		text[16] = ':';
		digits(text, 17, local.getSecond(), 2);
	}

	private static final DateTimeFormatter PLAIN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

	private void text(String value) throws IOException {
		this.format.print(safe(value), this.batch, false);
	}

	private void number(Long value) {
		this.batch.append(',');
		if (value != null) {
			this.batch.append(value.longValue());
		}
	}

	private void time(OffsetDateTime time) {
		this.batch.append(',');
		if (time != null) {
			appendTime(this.batch, time, this.zone);
		}
	}

	/**
	 * Appends the instant as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} would format it at the zone's offset
	 * (seconds always, a fraction only when there is one, {@code Z} for UTC), written into a char array and
	 * appended at once: an export formats five times a row.
	 */
	static void appendTime(StringBuilder out, OffsetDateTime time, ZoneRules zone) {
		long epochSecond = time.toEpochSecond();
		int nano = time.getNano();
		ZoneOffset offset = zone.isFixedOffset() ? zone.getOffset(Instant.EPOCH)
				: zone.getOffset(Instant.ofEpochSecond(epochSecond));
		LocalDateTime local = LocalDateTime.ofEpochSecond(epochSecond, nano, offset);
		int year = local.getYear();
		if (year < 0 || year > 9999) {
			out.append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.withOffsetSameInstant(offset)));
			return;
		}
		char[] text = new char[29];
		dateAndTime(text, local, 'T');
		int length = 19;
		if (nano != 0) {
			int width = 9;
			int fraction = nano;
			while (fraction % 10 == 0) {
				fraction /= 10;
				width--;
			}
			text[length] = '.';
			digits(text, length + 1, fraction, width);
			length += 1 + width;
		}
		out.append(text, 0, length).append(offset.getId());
	}

	/** Writes the value's last {@code width} decimal digits at {@code at}. */
	private static void digits(char[] text, int at, int value, int width) {
		for (int i = at + width - 1; i >= at; i--) {
			text[i] = (char) ('0' + value % 10);
			value /= 10;
		}
	}

	static String safe(String text) {
		return CsvCells.safe(text);
	}

	/** Sends what is left: the header alone when nothing matched. */
	void finish() throws IOException {
		send();
	}

	private void send() throws IOException {
		if (this.writer == null) {
			this.response.setContentType("text/csv;charset=UTF-8");
			this.response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			this.response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
					"attachment; filename=\"conversations-" + this.today + ".csv\"");
			this.writer = this.response.getWriter();
		}
		this.writer.write(this.batch.toString());
		this.writer.flush();
		this.batch.setLength(0);
	}

}
