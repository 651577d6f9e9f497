package com.convonite.conversation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.List;

import com.convonite.shared.CsvCells;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.springframework.http.HttpHeaders;

/**
 * Writes conversations as RFC 4180 CSV, one row per conversation with every field and the names of what
 * it refers to; times in the workspace's time zone. A cell that a spreadsheet would run as a formula
 * (starting with =, +, -, @, tab or carriage return) is prefixed with an apostrophe.
 */
final class ConversationCsv {

	static final List<String> HEADER = List.of("id", "subject", "summary", "status", "purpose", "purpose_id", "owner",
			"owner_id", "contact", "contact_id", "chat_id", "start_time", "end_time", "first_message_id",
			"last_message_id", "created_by", "created_by_id", "created_at", "updated_at", "closed_at", "version");

	private final HttpServletResponse response;

	private final LocalDate today;

	/** The response's writer, taken with the first rows: until then a failure can still be answered as a problem. */
	private Writer writer;

	/** A batch of rows: the printer writes each cell and separator on its own, cheap on a StringBuilder. */
	private final StringBuilder batch = new StringBuilder(1 << 18);

	private final CSVPrinter printer;

	private final ZoneRules zone;

	ConversationCsv(HttpServletResponse response, ZoneId zone) throws IOException {
		this.response = response;
		this.today = LocalDate.now(zone);
		this.printer = new CSVPrinter(this.batch,
				CSVFormat.RFC4180.builder().setHeader(HEADER.toArray(String[]::new)).get());
		this.zone = zone.getRules();
	}

	void write(List<ConversationView> conversations) {
		try {
			for (ConversationView c : conversations) {
				this.printer.printRecord(c.id(), safe(c.subject()), safe(c.summary()), c.status().name(),
						safe(c.purposeName()), c.purposeId(), safe(c.ownerName()), c.ownerId(), safe(c.contactName()),
						c.contactId(), c.chatId(), time(c.startTime()), time(c.endTime()), c.firstMessageId(),
						c.lastMessageId(), safe(c.createdByName()), c.createdBy(), time(c.createdAt()),
						time(c.updatedAt()), time(c.closedAt()), c.version());
			}
			send();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String time(OffsetDateTime time) {
		return (time != null) ? time.withOffsetSameInstant(this.zone.getOffset(time.toInstant())).toString() : null;
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
