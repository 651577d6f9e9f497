package com.convonite.contact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.convonite.contact.JdbcContactImportRepository.ImportRow;
import com.convonite.contact.JdbcContactImportRepository.Problem;
import com.convonite.shared.Cursor;
import com.convonite.shared.CsvCells;
import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.shared.ProblemException;
import com.convonite.shared.Validation;
import com.convonite.workspace.Members;
import com.convonite.workspace.SignedInMember;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.springframework.stereotype.Service;

/**
 * CSV contact imports (SPEC §2): a file of contacts is checked, spooled to disk and imported in the
 * background, with a history of every import of the workspace and the rows that were not imported.
 * <p>
 * Any member may import, admins and agents alike: an import creates and edits contacts, which every member
 * may do by hand, and it never deletes one.
 */
@Service
public class ContactImports {

	static final String SORT = "imports-newest-first";

	/** How long a client turned away because imports are running is asked to wait: a small import's run. */
	static final java.time.Duration IMPORT_RETRY_AFTER = java.time.Duration.ofSeconds(30);

	static final List<String> FAILURES_HEADER = List.of("row", "result", "reason", "name", "phone", "email", "notes");

	private final JdbcContactImportRepository repository;

	private final ContactImportSpool spool;

	private final ContactImportRunner runner;

	private final Members members;

	private final ContactCsvFile.Limits limits;

	/** Imports a workspace may have checked or running at once. */
	private final int maxConcurrent;

	/** Files being checked per workspace on this instance (their imports are not rows yet). */
	private final java.util.concurrent.ConcurrentHashMap<Long, java.util.concurrent.atomic.AtomicInteger> checking = new java.util.concurrent.ConcurrentHashMap<>();

	ContactImports(JdbcContactImportRepository repository, ContactImportSpool spool, ContactImportRunner runner,
			Members members,
			@org.springframework.beans.factory.annotation.Value("${convonite.contacts.import.max-rows:500000}") long maxRows,
			@org.springframework.beans.factory.annotation.Value("${convonite.contacts.import.max-check-time:PT30S}") java.time.Duration maxCheckTime,
			@org.springframework.beans.factory.annotation.Value("${convonite.contacts.import.max-concurrent-per-workspace:2}") int maxConcurrent) {
		this.limits = new ContactCsvFile.Limits(maxRows, maxCheckTime);
		this.maxConcurrent = maxConcurrent;
		this.repository = repository;
		this.spool = spool;
		this.runner = runner;
		this.members = members;
	}

	/** What to do with a row whose phone number is already a contact's, or an earlier row's of the file. */
	public enum Duplicates {

		/** The row's non-blank fields are written over the contact. */
		UPDATE,

		/** The row is skipped, and listed with the reason among the rows not imported. */
		SKIP;

		/** Reads "update" or "skip" (any case); absent means skip, which never changes a contact. */
		public static Duplicates of(String raw, String field) {
			if (raw == null || raw.isBlank()) {
				return SKIP;
			}
			try {
				return valueOf(raw.strip().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw ProblemException.invalid(field, "must be update or skip");
			}
		}

	}

	/** The largest file an import accepts, such as "50 MiB". */
	public String maxFileSize() {
		return this.spool.maxFileSize();
	}

	public long maxFileBytes() {
		return this.spool.maxFileBytes();
	}

	/** The refusal of a file over the size limit. */
	public ProblemException fileTooLarge() {
		return this.spool.tooLarge();
	}

	/**
	 * Receives a CSV file and starts importing it in the background. The whole file is checked first (UTF-8
	 * text, valid CSV, a header with a phone column, at least one row): a file that cannot be imported is
	 * refused with 400 before any contact is written. Rows are then checked one by one as they are imported.
	 */
	public ContactImportView start(SignedInMember actor, String fileName, Duplicates duplicates, InputStream content) {
		Validation validation = new Validation();
		String name = validation.text("fileName", baseName(fileName), false, 255);
		validation.throwIfInvalid();
		var checks = this.checking.computeIfAbsent(actor.workspaceId(), (w) -> new java.util.concurrent.atomic.AtomicInteger());
		try {
			if (checks.incrementAndGet() + this.repository.countInProgress(actor.workspaceId()) > this.maxConcurrent) {
				throw ProblemException.tooMany("imports-in-progress", "Too many imports at once", "This workspace already has " + this.maxConcurrent
								+ " contact imports being checked or running; wait for one to finish, then try again.",
						IMPORT_RETRY_AFTER);
			}
			return receive(actor, name, duplicates, content);
		}
		finally {
			checks.decrementAndGet();
		}
	}

	private ContactImportView receive(SignedInMember actor, String name, Duplicates duplicates, InputStream content) {
		Path file = this.spool.receive(content);
		try {
			long size = Files.size(file);
			if (size == 0) {
				throw ContactCsvFile.invalid("is empty: choose a CSV file whose first row names the columns, "
						+ "such as name,phone,email,notes");
			}
			ContactCsvFile.Layout layout = ContactCsvFile.inspect(file, this.limits);
			String runnerName = ContactImportRunner.newRunner();
			long id = this.repository.insert(actor.workspaceId(), (name != null) ? name : "contacts.csv",
					actor.memberId(), duplicates, file.getFileName().toString(), size, layout, runnerName);
			ImportRow created = this.repository.find(actor.workspaceId(), id).orElseThrow();
			this.runner.start(created, runnerName);
			return view(created, Map.of(actor.memberId(), actor.name()));
		}
		catch (IOException ex) {
			this.spool.delete(file);
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException ex) {
			this.spool.delete(file);
			throw ex;
		}
	}

	/** The import, or a 404 problem (also for another workspace's import). */
	public ContactImportView get(long workspaceId, long importId) {
		ImportRow row = this.repository.find(workspaceId, importId)
			.orElseThrow(() -> ProblemException.notFound("contact import"));
		return view(row, this.members.names(workspaceId, List.of(row.createdBy())));
	}

	/** The workspace's imports, newest first. */
	public Page<ContactImportView> list(long workspaceId, PageRequest page) {
		Long before = null;
		if (page.cursor() != null) {
			page.cursor().valuesFor(SORT, 1);
			before = page.cursor().longValue(0);
		}
		List<ImportRow> rows = this.repository.list(workspaceId, before, page.limit() + 1);
		Map<Long, String> names = this.members.names(workspaceId, rows.stream().map(ImportRow::createdBy).toList());
		List<ContactImportView> views = rows.stream().limit(page.limit()).map((row) -> view(row, names)).toList();
		String next = (rows.size() > page.limit()) ? Cursor.of(SORT, views.get(views.size() - 1).id()).encode() : null;
		return new Page<>(views, next);
	}

	/** The first rows not imported, for a page to show (all of them are in {@link #writeFailures}). */
	List<Problem> firstProblems(long workspaceId, long importId, int limit) {
		get(workspaceId, importId);
		return this.repository.problems(workspaceId, importId, 0, limit);
	}

	/**
	 * Writes the rows that were not imported as CSV: row number, result (failed or skipped), reason, and the
	 * row's own name, phone, email and notes, so that the file can be fixed and imported again. Cells are
	 * neutralised against spreadsheet formulas.
	 */
	public void writeFailures(long workspaceId, long importId, Writer out) {
		get(workspaceId, importId);
		try (CSVPrinter printer = new CSVPrinter(out,
				CSVFormat.RFC4180.builder().setHeader(FAILURES_HEADER.toArray(String[]::new)).get())) {
			this.repository.forEachProblemPage(workspaceId, importId, 1000, (problems) -> {
				try {
					for (Problem p : problems) {
						printer.printRecord(p.rowNumber(), p.outcome().name().toLowerCase(Locale.ROOT),
								CsvCells.safe(p.reason()), CsvCells.safe(p.name()), CsvCells.safe(p.phone()),
								CsvCells.safe(p.email()), CsvCells.safe(p.notes()));
					}
					printer.flush();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The file name without any folder a browser may send along. */
	private static String baseName(String fileName) {
		if (fileName == null) {
			return null;
		}
		String name = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
		return name.replaceAll("\\p{Cntrl}", "");
	}

	private static ContactImportView view(ImportRow row, Map<Long, String> names) {
		int percent = (row.rowsInFile() > 0) ? (int) (100L * row.rowsRead() / row.rowsInFile()) : 100;
		if (row.status() == ContactImportView.Status.COMPLETED) {
			percent = 100;
		}
		return new ContactImportView(Long.toString(row.id()), row.fileName(), row.status(), row.duplicates(),
				Long.toString(row.createdBy()), names.get(row.createdBy()), row.createdAt(), row.finishedAt(),
				row.fileBytes(), row.rowsInFile(), row.rowsRead(), row.rowsCreated() + row.rowsUpdated(),
				row.rowsCreated(), row.rowsUpdated(), row.rowsSkipped(), row.rowsFailed(), percent,
				row.failureReason());
	}

}
