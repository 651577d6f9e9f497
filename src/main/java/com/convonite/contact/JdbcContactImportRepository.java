package com.convonite.contact;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.convonite.shared.ListQueries;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of contact imports: the import records, the rows not imported, and the contacts an import writes a
 * batch at a time (arrays unnested into one statement each, so a batch of a thousand rows is a handful of
 * round trips). Every statement is scoped to one workspace.
 */
@Repository
class JdbcContactImportRepository {

	private static final String COLUMNS = """
			id, workspace_id, file_name, created_by, duplicates, status, spool_name, file_bytes, separator,
			rows_in_file, rows_read, rows_created, rows_updated, rows_skipped, rows_failed, failure_reason,
			created_at, finished_at""";

	private final JdbcClient jdbc;

	/**
	 * For the statements of a batch: a thousand rows' arrays, planned for them (a plan cached while the table
	 * was small is not).
	 */
	private final ListQueries batches;

	JdbcContactImportRepository(JdbcClient jdbc, ListQueries batches) {
		this.jdbc = jdbc;
		this.batches = batches;
	}

	/** An import as stored. */
	record ImportRow(long id, long workspaceId, String fileName, long createdBy, ContactImports.Duplicates duplicates,
			ContactImportView.Status status, String spoolName, long fileBytes, char separator, int rowsInFile,
			int rowsRead, int rowsCreated, int rowsUpdated, int rowsSkipped, int rowsFailed, String failureReason,
			OffsetDateTime createdAt, OffsetDateTime finishedAt) {

		static ImportRow map(ResultSet rs, int n) throws SQLException {
			return new ImportRow(rs.getLong("id"), rs.getLong("workspace_id"), rs.getString("file_name"),
					rs.getLong("created_by"), ContactImports.Duplicates.valueOf(rs.getString("duplicates")),
					ContactImportView.Status.valueOf(rs.getString("status")), rs.getString("spool_name"),
					rs.getLong("file_bytes"), rs.getString("separator").charAt(0), rs.getInt("rows_in_file"),
					rs.getInt("rows_read"), rs.getInt("rows_created"), rs.getInt("rows_updated"),
					rs.getInt("rows_skipped"), rs.getInt("rows_failed"), rs.getString("failure_reason"),
					rs.getObject("created_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class));
		}

	}

	/** A row of the file that was not imported, with why and what it held. */
	record Problem(int rowNumber, Outcome outcome, String reason, String name, String phone, String email,
			String notes) {

		enum Outcome {

			FAILED, SKIPPED

		}

	}

	/** A contact as an import finds it: to tell an existing contact from a repeat of an earlier row. */
	record Existing(long id, String name, Long importId, Integer importRow) {
	}

	/** The fields an import writes to one contact; null fields leave the stored value alone on update. */
	record Write(String phone, String name, String email, String notes, int rowNumber) {
	}

	/** What one batch did, added to the import's counts. */
	record Counts(int read, int created, int updated, int skipped, int failed) {
	}

	int countInProgress(long workspaceId) {
		return this.jdbc.sql("""
				select count(*) from contact_import where workspace_id = :workspaceId and status = 'IN_PROGRESS'
				""")
			.param("workspaceId", workspaceId)
			.query(Integer.class)
			.single();
	}

	long insert(long workspaceId, String fileName, long createdBy, ContactImports.Duplicates duplicates,
			String spoolName, long fileBytes, ContactCsvFile.Layout layout, String runner) {
		return this.jdbc.sql("""
				insert into contact_import (workspace_id, file_name, created_by, duplicates, spool_name, file_bytes,
				                            separator, rows_in_file, runner)
				values (:workspaceId, :fileName, :createdBy, :duplicates, :spoolName, :fileBytes, :separator,
				        :rowsInFile, :runner)
				returning id
				""")
			.param("workspaceId", workspaceId)
			.param("fileName", fileName)
			.param("createdBy", createdBy)
			.param("duplicates", duplicates.name())
			.param("spoolName", spoolName)
			.param("fileBytes", fileBytes)
			.param("separator", String.valueOf(layout.separator()))
			.param("rowsInFile", layout.rowsInFile())
			.param("runner", runner)
			.query(Long.class)
			.single();
	}

	Optional<ImportRow> find(long workspaceId, long id) {
		return this.jdbc.sql("select " + COLUMNS + " from contact_import where workspace_id = :workspaceId and id = :id")
			.param("workspaceId", workspaceId)
			.param("id", id)
			.query(ImportRow::map)
			.optional();
	}

	/** Newest first: {@code limit} imports with an id below {@code beforeId} (null: from the newest). */
	List<ImportRow> list(long workspaceId, Long beforeId, int limit) {
		return this.jdbc.sql("select " + COLUMNS + """
				 from contact_import
				where workspace_id = :workspaceId and (cast(:beforeId as bigint) is null or id < :beforeId)
				order by id desc limit :limit
				""")
			.param("workspaceId", workspaceId)
			.param("beforeId", beforeId, java.sql.Types.BIGINT)
			.param("limit", limit)
			.query(ImportRow::map)
			.list();
	}

	/**
	 * Takes over the imports in progress whose run stopped sending heartbeats (the server running it stopped):
	 * each is given to exactly one new run, whichever server asks first.
	 */
	List<ImportRow> claimStale(Duration staleAfter, String runner) {
		return this.jdbc.sql("""
				update contact_import set runner = :runner, heartbeat_at = now()
				where id in (select id from contact_import
				             where status = 'IN_PROGRESS' and heartbeat_at < now() - make_interval(secs => :seconds)
				             for update skip locked)
				returning
				""" + COLUMNS)
			.param("runner", runner)
			.param("seconds", (double) staleAfter.toMillis() / 1000)
			.query(ImportRow::map)
			.list();
	}

	/** Spool files of imports still in progress: the ones not to clean away. */
	List<String> spoolNamesInProgress() {
		return this.jdbc.sql("select spool_name from contact_import where status = 'IN_PROGRESS'")
			.query(String.class)
			.list();
	}

	/**
	 * Adds a batch's counts, if {@code runner} still owns the import; false when another run took it over, in
	 * which case the caller rolls the batch back.
	 */
	boolean addProgress(long workspaceId, long id, String runner, Counts counts) {
		return this.jdbc.sql("""
				update contact_import
				set rows_read = rows_read + :read, rows_created = rows_created + :created,
				    rows_updated = rows_updated + :updated, rows_skipped = rows_skipped + :skipped,
				    rows_failed = rows_failed + :failed, heartbeat_at = now()
				where workspace_id = :workspaceId and id = :id and runner = :runner and status = 'IN_PROGRESS'
				""")
			.param("read", counts.read())
			.param("created", counts.created())
			.param("updated", counts.updated())
			.param("skipped", counts.skipped())
			.param("failed", counts.failed())
			.param("workspaceId", workspaceId)
			.param("id", id)
			.param("runner", runner)
			.update() == 1;
	}

	boolean finish(long workspaceId, long id, String runner, ContactImportView.Status status, String reason) {
		return this.jdbc.sql("""
				update contact_import set status = :status, failure_reason = :reason, finished_at = now(),
				       runner = null, heartbeat_at = now()
				where workspace_id = :workspaceId and id = :id and runner = :runner and status = 'IN_PROGRESS'
				""")
			.param("status", status.name())
			.param("reason", reason, java.sql.Types.VARCHAR)
			.param("workspaceId", workspaceId)
			.param("id", id)
			.param("runner", runner)
			.update() == 1;
	}

	/** The contacts of the workspace with these phone numbers, by phone number. */
	Map<String, Existing> existing(long workspaceId, List<String> phones) {
		Map<String, Existing> found = new HashMap<>();
		if (phones.isEmpty()) {
			return found;
		}
		this.batches.sql("""
				select phone, id, name, import_id, import_row from contact
				where workspace_id = :workspaceId and phone = any(:phones)
				""")
			.param("workspaceId", workspaceId)
			.param("phones", phones.toArray(String[]::new))
			.query((rs, n) -> found.put(rs.getString("phone"), new Existing(rs.getLong("id"), rs.getString("name"),
					(Long) rs.getObject("import_id", Long.class), (Integer) rs.getObject("import_row", Integer.class))))
			.list();
		return found;
	}

	/**
	 * Creates these contacts, except those whose phone number a contact took meanwhile (a customer writing in
	 * while the import runs); answers the phone numbers created.
	 */
	List<String> create(long workspaceId, long importId, List<Write> writes) {
		if (writes.isEmpty()) {
			return List.of();
		}
		return this.batches.sql("""
				insert into contact (workspace_id, name, phone, email, notes, import_id, import_row)
				select :workspaceId, w.name, w.phone, w.email, w.notes, :importId, w.row_number
				from unnest(:names, :phones, :emails, :notes, :rows) as w(name, phone, email, notes, row_number)
				on conflict (workspace_id, phone) do nothing
				returning phone
				""")
			.param("workspaceId", workspaceId)
			.param("importId", importId)
			.params(arrays(writes))
			.query(String.class)
			.list();
	}

	/**
	 * Writes the non-blank fields of each row over the contact with its phone number. The version moves only
	 * when something changed, so that a row repeating what is stored does not spoil someone's open edit.
	 */
	void update(long workspaceId, long importId, List<Write> writes) {
		if (writes.isEmpty()) {
			return;
		}
		this.batches.sql("""
				update contact c
				set name = coalesce(w.name, c.name), email = coalesce(w.email, c.email),
				    notes = coalesce(w.notes, c.notes), import_id = :importId, import_row = w.row_number,
				    version = c.version + case when (coalesce(w.name, c.name), coalesce(w.email, c.email),
				        coalesce(w.notes, c.notes)) is distinct from (c.name, c.email, c.notes) then 1 else 0 end,
				    updated_at = case when (coalesce(w.name, c.name), coalesce(w.email, c.email),
				        coalesce(w.notes, c.notes)) is distinct from (c.name, c.email, c.notes) then now()
				        else c.updated_at end
				from unnest(:names, :phones, :emails, :notes, :rows) as w(name, phone, email, notes, row_number)
				where c.workspace_id = :workspaceId and c.phone = w.phone
				""")
			.param("workspaceId", workspaceId)
			.param("importId", importId)
			.params(arrays(writes))
			.update();
	}

	void addProblems(long workspaceId, long importId, List<Problem> problems) {
		if (problems.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				insert into contact_import_problem (workspace_id, import_id, row_number, outcome, reason, name, phone,
				                                    email, notes)
				select :workspaceId, :importId, p.*
				from unnest(:rows, :outcomes, :reasons, :names, :phones, :emails, :notes)
				     as p(row_number, outcome, reason, name, phone, email, notes)
				""")
			.param("workspaceId", workspaceId)
			.param("importId", importId)
			.param("rows", problems.stream().map(Problem::rowNumber).toArray(Integer[]::new))
			.param("outcomes", problems.stream().map((p) -> p.outcome().name()).toArray(String[]::new))
			.param("reasons", problems.stream().map(Problem::reason).toArray(String[]::new))
			.param("names", problems.stream().map(Problem::name).toArray(String[]::new))
			.param("phones", problems.stream().map(Problem::phone).toArray(String[]::new))
			.param("emails", problems.stream().map(Problem::email).toArray(String[]::new))
			.param("notes", problems.stream().map(Problem::notes).toArray(String[]::new))
			.update();
	}

	/** The rows not imported, in file order, {@code pageSize} at a time; stops when {@code pages} is done. */
	void forEachProblemPage(long workspaceId, long importId, int pageSize, Consumer<List<Problem>> pages) {
		int after = 0;
		while (true) {
			List<Problem> page = problems(workspaceId, importId, after, pageSize);
			if (page.isEmpty()) {
				return;
			}
			pages.accept(page);
			if (page.size() < pageSize) {
				return;
			}
			after = page.get(page.size() - 1).rowNumber();
		}
	}

	List<Problem> problems(long workspaceId, long importId, int afterRow, int limit) {
		return this.jdbc.sql("""
				select row_number, outcome, reason, name, phone, email, notes from contact_import_problem
				where workspace_id = :workspaceId and import_id = :importId and row_number > :afterRow
				order by row_number limit :limit
				""")
			.param("workspaceId", workspaceId)
			.param("importId", importId)
			.param("afterRow", afterRow)
			.param("limit", limit)
			.query((rs, n) -> new Problem(rs.getInt("row_number"), Problem.Outcome.valueOf(rs.getString("outcome")),
					rs.getString("reason"), rs.getString("name"), rs.getString("phone"), rs.getString("email"),
					rs.getString("notes")))
			.list();
	}

	private static Map<String, Object> arrays(List<Write> writes) {
		Map<String, Object> arrays = new HashMap<>();
		arrays.put("names", writes.stream().map(Write::name).toArray(String[]::new));
		arrays.put("phones", writes.stream().map(Write::phone).toArray(String[]::new));
		arrays.put("emails", writes.stream().map(Write::email).toArray(String[]::new));
		arrays.put("notes", writes.stream().map(Write::notes).toArray(String[]::new));
		arrays.put("rows", writes.stream().map(Write::rowNumber).toArray(Integer[]::new));
		return arrays;
	}

}
