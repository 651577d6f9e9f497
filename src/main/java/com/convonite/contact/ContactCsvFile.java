package com.convonite.contact;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.convonite.shared.ProblemException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a contacts CSV file row by row, never holding more than one row in memory: UTF-8 (with or without a
 * byte order mark), RFC 4180 quoting, comma, semicolon or tab between fields, and a header row naming the
 * columns {@code name, phone, email, notes} in any order and any case (other columns are ignored). Rows
 * are numbered as a spreadsheet shows them: the header is row 1. Blank rows are ignored.
 */
final class ContactCsvFile implements Closeable {

	static final List<String> COLUMNS = List.of("name", "phone", "email", "notes");

	/** A row longer than this is surely a quote opened and never closed; refusing it keeps memory bounded. */
	static final int MAX_ROW_CHARS = 1_000_000;

	/** How a file is read, found when it was uploaded. */
	/** How many rows (blank ones included) a file may have, and how long checking it may take. */
	record Limits(long maxRows, java.time.Duration maxCheckTime) {
	}

	record Layout(char separator, Map<String, Integer> columns, int rowsInFile) {
	}

	/** One data row: its number in the file and the text of each column (null when the row has no such cell). */
	record Row(int number, String name, String phone, String email, String notes) {
	}

	private final RowGuard guard;

	private final CSVParser parser;

	private final Iterator<CSVRecord> records;

	private final Map<String, Integer> columns;

	private ContactCsvFile(Path file, char separator, Map<String, Integer> columns) throws IOException {
		this.guard = new RowGuard(utf8(Files.newInputStream(file)));
		this.parser = CSVFormat.RFC4180.builder()
			.setDelimiter(separator)
			.setIgnoreEmptyLines(false)
			.get()
			.parse(this.guard);
		this.records = this.parser.iterator();
		this.columns = (columns != null) ? columns : header(nextRecord());
	}

	/**
	 * Reads the whole file once to check that it can be imported, without importing anything: text in UTF-8,
	 * valid CSV, a header with a phone column, at least one data row. Each refusal is a 400 on the field
	 * {@code file} saying what to fix.
	 */
	static Layout inspect(Path file, Limits limits) {
		long deadline = System.nanoTime() + limits.maxCheckTime().toNanos();
		char separator = separator(file);
		Map<String, Integer> columns;
		int rows = 0;
		long records = 0;
		try (ContactCsvFile csv = new ContactCsvFile(file, separator, Map.of())) {
			if (!csv.hasNextRecord()) {
				throw invalid("is empty: the first row must name the columns, such as name,phone,email,notes");
			}
			columns = header(csv.nextRecord());
			while (csv.hasNextRecord()) {
				// blank rows count too: a file of nothing but line breaks must not cost minutes
				if (++records > limits.maxRows()) {
					throw invalid("has more than " + limits.maxRows() + " rows (blank ones included): split it into "
							+ "smaller files, or remove the empty lines");
				}
				if (records % 1000 == 0 && System.nanoTime() > deadline) {
					throw invalid("took longer than " + limits.maxCheckTime().toSeconds() + " seconds to check: "
							+ "split it into smaller files");
				}
				if (!blank(csv.nextRecord())) {
					rows++;
				}
			}
		}
		catch (IOException | UncheckedIOException ex) {
			throw unreadable(ex, file);
		}
		if (rows == 0) {
			throw invalid("has a header but no rows of contacts");
		}
		return new Layout(separator, columns, rows);
	}

	/** Opens a file that {@link #inspect} accepted, for reading its data rows after the header. */
	static ContactCsvFile open(Path file, char separator) throws IOException {
		return new ContactCsvFile(file, separator, null);
	}

	/** The next data rows, at most {@code count}; none at the end of the file. */
	List<Row> next(int count) {
		List<Row> rows = new ArrayList<>(count);
		while (rows.size() < count && hasNextRecord()) {
			CSVRecord record = nextRecord();
			if (!blank(record)) {
				rows.add(new Row((int) record.getRecordNumber(), cell(record, "name"), cell(record, "phone"),
						cell(record, "email"), cell(record, "notes")));
			}
		}
		return rows;
	}

	/** Passes over data rows already imported (when an interrupted import resumes). */
	void skip(int rows) {
		int skipped = 0;
		while (skipped < rows && hasNextRecord()) {
			if (!blank(nextRecord())) {
				skipped++;
			}
		}
	}

	private boolean hasNextRecord() {
		return this.records.hasNext();
	}

	private CSVRecord nextRecord() {
		CSVRecord record = this.records.next();
		this.guard.rowEnded();
		return record;
	}

	private String cell(CSVRecord record, String column) {
		Integer index = this.columns.get(column);
		return (index != null && index < record.size()) ? record.get(index) : null;
	}

	private static boolean blank(CSVRecord record) {
		for (String value : record) {
			if (!value.isBlank()) {
				return false;
			}
		}
		return true;
	}

	private static Map<String, Integer> header(CSVRecord header) {
		Map<String, Integer> columns = new HashMap<>();
		for (int i = 0; i < header.size(); i++) {
			String name = header.get(i).strip().toLowerCase(Locale.ROOT);
			if (COLUMNS.contains(name) && columns.putIfAbsent(name, i) != null) {
				throw invalid("has two " + name + " columns; keep one");
			}
		}
		if (!columns.containsKey("phone")) {
			throw invalid("has no phone column: the first row must name the columns, such as name,phone,email,notes "
					+ "(found: " + String.join(",", header.toList()) + ")");
		}
		return columns;
	}

	/**
	 * Semicolons (as spreadsheets save CSV in many European locales) or tabs when the header row has more of
	 * them than commas, outside quotes.
	 */
	private static char separator(Path file) {
		int commas = 0;
		int semicolons = 0;
		int tabs = 0;
		try (Reader reader = utf8(Files.newInputStream(file))) {
			boolean quoted = false;
			for (int i = 0, c = reader.read(); c >= 0 && i < MAX_ROW_CHARS; i++, c = reader.read()) {
				if (c == '"') {
					quoted = !quoted;
				}
				else if (!quoted && (c == '\n' || c == '\r')) {
					break;
				}
				else if (!quoted) {
					commas += (c == ',') ? 1 : 0;
					semicolons += (c == ';') ? 1 : 0;
					tabs += (c == '\t') ? 1 : 0;
				}
			}
		}
		catch (IOException ex) {
			throw unreadable(ex, file);
		}
		if (semicolons > commas && semicolons >= tabs) {
			return ';';
		}
		return (tabs > commas) ? '\t' : ',';
	}

	/** UTF-8 that refuses bytes that are not UTF-8 (rather than import names full of replacement marks). */
	private static Reader utf8(InputStream in) throws IOException {
		BufferedInputStream buffered = new BufferedInputStream(in, 65536);
		buffered.mark(4);
		byte[] start = buffered.readNBytes(4);
		buffered.reset();
		if (start.length >= 3 && (start[0] & 0xFF) == 0xEF && (start[1] & 0xFF) == 0xBB && (start[2] & 0xFF) == 0xBF) {
			buffered.skipNBytes(3);
		}
		else if (start.length >= 4 && start[0] == 'P' && start[1] == 'K' && start[2] == 3 && start[3] == 4) {
			buffered.close();
			throw invalid("is a spreadsheet workbook (such as .xlsx), not CSV: save it as \"CSV UTF-8\" and upload that");
		}
		return new InputStreamReader(buffered, StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT));
	}

	private static ProblemException unreadable(Exception ex, Path file) {
		Throwable cause = (ex instanceof UncheckedIOException unchecked) ? unchecked.getCause() : ex;
		if (cause instanceof CharacterCodingException) {
			return invalid("is not UTF-8 text: save it as \"CSV UTF-8\" (or convert it to UTF-8) and upload it again");
		}
		if (cause instanceof RowTooLongException) {
			return invalid("has a row longer than " + MAX_ROW_CHARS + " characters: probably a quote (\") that is "
					+ "opened and never closed");
		}
		if (cause instanceof IOException && !(cause instanceof java.nio.file.NoSuchFileException)
				&& cause.getMessage() != null) {
			// commons-csv's own words, which name the line: "Invalid character between encapsulated token..."
			return invalid("is not valid CSV: " + cause.getMessage());
		}
		throw new UncheckedIOException("Could not read the uploaded file " + file,
				(cause instanceof IOException io) ? io : new IOException(cause));
	}

	static ProblemException invalid(String message) {
		return ProblemException.invalid("file", message);
	}

	@Override
	public void close() throws IOException {
		this.parser.close();
	}

	/** Raised by {@link RowGuard} when a row grows past {@link #MAX_ROW_CHARS}. */
	static final class RowTooLongException extends IOException {

		RowTooLongException() {
			super("A row is longer than " + MAX_ROW_CHARS + " characters");
		}

	}

	/** Counts the characters handed to the parser since the last row ended, and stops a runaway row. */
	private static final class RowGuard extends FilterReader {

		private long sinceRowEnded;

		RowGuard(Reader in) {
			super(in);
		}

		void rowEnded() {
			this.sinceRowEnded = 0;
		}

		@Override
		public int read() throws IOException {
			int c = super.read();
			count((c >= 0) ? 1 : 0);
			return c;
		}

		@Override
		public int read(char[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			count(Math.max(n, 0));
			return n;
		}

		private void count(int n) throws IOException {
			this.sinceRowEnded += n;
			if (this.sinceRowEnded > MAX_ROW_CHARS + 65536) {
				throw new RowTooLongException();
			}
		}

	}

}
