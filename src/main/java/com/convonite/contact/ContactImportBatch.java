package com.convonite.contact;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.convonite.contact.JdbcContactImportRepository.Counts;
import com.convonite.contact.JdbcContactImportRepository.Existing;
import com.convonite.contact.JdbcContactImportRepository.ImportRow;
import com.convonite.contact.JdbcContactImportRepository.Problem;
import com.convonite.contact.JdbcContactImportRepository.Write;
import com.convonite.shared.FieldProblem;
import com.convonite.shared.Validation;

/**
 * One batch of rows of an import: each row checked by the rules of a contact, then created, written over
 * the contact with its phone number, skipped or failed, and the import's counts moved on, all in the
 * caller's transaction. A row whose phone number an earlier row of the same file had is a repeat: under
 * "update" its non-blank fields are written over the contact, under "skip" it is skipped naming that row.
 */
final class ContactImportBatch {

	/** The stored text of a row not imported is cut here: enough to recognise and fix it. */
	private static final int KEEP_CHARS = Contacts.NOTES_MAX;

	private final JdbcContactImportRepository repository;

	private final ImportRow contactImport;

	private final String defaultCountry;

	private final List<Problem> problems = new ArrayList<>();

	private final Map<String, Pending> creates = new LinkedHashMap<>();

	private final Map<String, Pending> updates = new LinkedHashMap<>();

	private int created;

	private int updated;

	private int skipped;

	private int failed;

	ContactImportBatch(JdbcContactImportRepository repository, ImportRow contactImport, String defaultCountry) {
		this.repository = repository;
		this.contactImport = contactImport;
		this.defaultCountry = defaultCountry;
	}

	/** A row that passed the checks, with its fields trimmed and its phone number in E.164. */
	private record Checked(ContactCsvFile.Row row, Contacts.ContactFields fields) {
	}

	/** What will be written to one phone number: the first row's fields, with later rows' non-blank ones over them. */
	private static final class Pending {

		private final Checked first;

		private String name;

		private String email;

		private String notes;

		Pending(Checked first) {
			this.first = first;
			this.name = first.fields().name();
			this.email = first.fields().email();
			this.notes = first.fields().notes();
		}

		void merge(Contacts.ContactFields later) {
			this.name = (later.name() != null) ? later.name() : this.name;
			this.email = (later.email() != null) ? later.email() : this.email;
			this.notes = (later.notes() != null) ? later.notes() : this.notes;
		}

		Write write() {
			return new Write(this.first.fields().phone(), this.name, this.email, this.notes, this.first.row().number());
		}

	}

	/**
	 * Writes the rows and adds their counts to the import; false (with nothing to commit) when another run
	 * owns the import now.
	 */
	boolean write(List<ContactCsvFile.Row> rows, String runner) {
		long workspaceId = this.contactImport.workspaceId();
		List<Checked> valid = new ArrayList<>(rows.size());
		for (ContactCsvFile.Row row : rows) {
			Validation validation = new Validation();
			Contacts.ContactFields fields = Contacts.check(validation, this.defaultCountry, row.name(), row.phone(),
					row.email(), row.notes(), false);
			if (validation.problems().isEmpty()) {
				valid.add(new Checked(row, fields));
			}
			else {
				fail(row, validation.problems());
			}
		}
		Map<String, Existing> existing = this.repository.existing(workspaceId,
				valid.stream().map((c) -> c.fields().phone()).distinct().toList());
		for (Checked row : valid) {
			classify(row, existing.get(row.fields().phone()));
		}
		List<String> createdPhones = this.repository.create(workspaceId, this.contactImport.id(),
				this.creates.values().stream().map(Pending::write).toList());
		if (createdPhones.size() < this.creates.size()) {
			takenMeanwhile(createdPhones);
		}
		this.repository.update(workspaceId, this.contactImport.id(),
				this.updates.values().stream().map(Pending::write).toList());
		this.repository.addProblems(workspaceId, this.contactImport.id(), this.problems);
		return this.repository.addProgress(workspaceId, this.contactImport.id(), runner,
				new Counts(rows.size(), this.created, this.updated, this.skipped, this.failed));
	}

	private void classify(Checked row, Existing contact) {
		String phone = row.fields().phone();
		boolean skip = this.contactImport.duplicates() == ContactImports.Duplicates.SKIP;
		Pending earlier = this.creates.containsKey(phone) ? this.creates.get(phone) : this.updates.get(phone);
		if (earlier == null && contact != null && Long.valueOf(this.contactImport.id()).equals(contact.importId())) {
			// a repeat of a row of an earlier batch
			if (skip) {
				skip(row.row(), repeats(contact.importRow()));
			}
			else {
				this.updates.put(phone, new Pending(row));
				this.updated++;
			}
		}
		else if (earlier != null) {
			if (skip) {
				skip(row.row(), repeats(earlier.first.row().number()));
			}
			else {
				earlier.merge(row.fields());
				this.updated++;
			}
		}
		else if (contact != null) {
			if (skip) {
				skip(row.row(), "phone: " + phone + " is already the phone number of contact " + contact.name());
			}
			else {
				this.updates.put(phone, new Pending(row));
				this.updated++;
			}
		}
		else if (row.fields().name() == null) {
			// a new contact needs its name, by the same rule as one added by hand
			Validation validation = new Validation();
			validation.text("name", row.fields().name(), true, Contacts.NAME_MAX);
			fail(row.row(), validation.problems());
		}
		else {
			this.creates.put(phone, new Pending(row));
			this.created++;
		}
	}

	/** Phone numbers that a contact took between looking and creating (a customer wrote in meanwhile). */
	private void takenMeanwhile(List<String> createdPhones) {
		var taken = new ArrayList<>(this.creates.keySet());
		taken.removeAll(createdPhones);
		for (String phone : taken) {
			Pending pending = this.creates.remove(phone);
			this.created--;
			if (this.contactImport.duplicates() == ContactImports.Duplicates.SKIP) {
				skip(pending.first.row(), "phone: " + phone + " became the phone number of another contact during the import");
			}
			else {
				this.updates.put(phone, pending);
				this.updated++;
			}
		}
	}

	private static String repeats(Integer rowNumber) {
		return "phone: repeats the phone number of row " + rowNumber;
	}

	private void fail(ContactCsvFile.Row row, List<FieldProblem> fieldProblems) {
		String reason = fieldProblems.stream().map((p) -> p.field() + ": " + p.message()).collect(Collectors.joining("; "));
		this.problems.add(problem(row, Problem.Outcome.FAILED, reason));
		this.failed++;
	}

	private void skip(ContactCsvFile.Row row, String reason) {
		this.problems.add(problem(row, Problem.Outcome.SKIPPED, reason));
		this.skipped++;
	}

	private static Problem problem(ContactCsvFile.Row row, Problem.Outcome outcome, String reason) {
		return new Problem(row.number(), outcome, reason, keep(row.name()), keep(row.phone()), keep(row.email()),
				keep(row.notes()));
	}

	private static String keep(String text) {
		if (text == null || text.codePointCount(0, text.length()) <= KEEP_CHARS) {
			return (text != null) ? text.replace("\u0000", "") : null;
		}
		return text.substring(0, text.offsetByCodePoints(0, KEEP_CHARS)).replace("\u0000", "") + "\u2026";
	}

}
