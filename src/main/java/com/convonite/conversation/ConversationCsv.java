package com.convonite.conversation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.List;

import com.convonite.shared.CsvCells;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes conversations as RFC 4180 CSV, one row per conversation with every field and the names of what
 * it refers to; times in the workspace's time zone. A cell that a spreadsheet would run as a formula
 * (starting with =, +, -, @, tab or carriage return) is prefixed with an apostrophe.
 */
final class ConversationCsv implements AutoCloseable {

	static final List<String> HEADER = List.of("id", "subject", "summary", "status", "purpose", "purpose_id", "owner",
			"owner_id", "contact", "contact_id", "chat_id", "start_time", "end_time", "first_message_id",
			"last_message_id", "created_by", "created_by_id", "created_at", "updated_at", "closed_at", "version");

	private final Writer writer;

	/** A batch of rows: the printer writes each cell and separator on its own, cheap on a StringBuilder. */
	private final StringBuilder batch = new StringBuilder(1 << 18);

	private final CSVPrinter printer;

	private final ZoneRules zone;

	ConversationCsv(Writer writer, ZoneId zone) throws IOException {
		this.writer = writer;
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
			this.writer.write(this.batch.toString());
			this.writer.flush();
			this.batch.setLength(0);
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

	@Override
	public void close() throws IOException {
		this.writer.write(this.batch.toString());
		this.writer.flush();
	}

}
