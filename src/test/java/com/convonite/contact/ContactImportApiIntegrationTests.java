package com.convonite.contact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.convonite.shared.WorkspaceScope;
import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.WebSession;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class ContactImportApiIntegrationTests extends ApiIntegrationTest {

	JdbcClient jdbc;

	@org.junit.jupiter.api.BeforeEach
	void sqlAsOwner() {
		this.jdbc = databaseOwner();
	}

	@Autowired
	ContactImportSpool spool;

	@Autowired
	JdbcContactImportRepository repository;

	@Autowired
	ContactImportRunner runner;

	@Autowired
	TransactionTemplate transactions;

	/** Uploads a CSV text as the request body and answers the import as it stands once it is done. */
	static JsonNode importCsv(Api api, String csv, String duplicates) {
		var started = api.raw("POST", "/contacts/imports?duplicates=" + duplicates + "&fileName=contacts.csv", csv,
				"text/csv");
		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		return awaitDone(api, started.id());
	}

	static JsonNode awaitDone(Api api, String id) {
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (true) {
			var read = api.get("/contacts/imports/" + id);
			assertThat(read.status()).as(read.toString()).isEqualTo(200);
			if (!"IN_PROGRESS".equals(read.text("status")) || System.nanoTime() > deadline) {
				return read.json();
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	static List<CSVRecord> failures(Api api, String id) {
		var response = api.get("/contacts/imports/" + id + "/failures");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("text/csv");
		try {
			return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(
					new java.io.StringReader(response.body())).getRecords();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** A multipart/form-data body with the file part and the duplicates field. */
	static byte[] multipart(String boundary, String fileName, String partType, byte[] content, String duplicates) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"duplicates\"\r\n\r\n" + duplicates
				+ "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: " + partType + "\r\n\r\n";
		body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(content);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return body.toByteArray();
	}

	private long contactCount(long workspaceId) {
		return this.jdbc.sql("select count(*) from contact where workspace_id = :ws")
			.param("ws", workspaceId)
			.query(Long.class)
			.single();
	}

	@Test
	void aHundredThousandRowsImportInTheBackgroundWithTheirCounts() {
		var ws = newWorkspace();
		StringBuilder csv = new StringBuilder("name,phone,email,notes\n");
		for (int i = 0; i < 100_000; i++) {
			csv.append("Customer ").append(i).append(",+35191").append(String.format("%07d", i)).append(",c")
				.append(i).append("@example.com,\n");
		}
		long started = System.nanoTime();
		JsonNode done = importCsv(ws.admin(), csv.toString(), "skip");
		long millis = (System.nanoTime() - started) / 1_000_000;
		System.out.println("Imported 100,000 rows (" + csv.length() / 1024 + " KiB) in " + millis + " ms");
		assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
		assertThat(done.path("rowsInFile").asInt()).isEqualTo(100_000);
		assertThat(done.path("rowsRead").asInt()).isEqualTo(100_000);
		assertThat(done.path("rowsCreated").asInt()).isEqualTo(100_000);
		assertThat(done.path("rowsImported").asInt()).isEqualTo(100_000);
		assertThat(done.path("rowsFailed").asInt()).isZero();
		assertThat(done.path("percent").asInt()).isEqualTo(100);
		assertThat(contactCount(ws.id())).isEqualTo(100_000);
		var found = ws.admin().get("/contacts?q=Customer%2099999");
		assertThat(found.json().path("items").get(0).path("phone").asString()).isEqualTo("+351910099999");
		assertThat(found.json().path("items").get(0).path("email").asString()).isEqualTo("c99999@example.com");
	}

	@Test
	void rowsThatBreakTheRulesFailWithTheirRowNumberAndReasonAndTheFailuresDownloadIsFormulaSafe() {
		var ws = newWorkspace();
		String csv = """
				name,phone,email,notes
				Ana Silva,+351 912 345 678,ana@example.com,VIP
				Bad Phone,call me,,
				Bad Email,+351 912 345 679,not-an-email,
				,+351 912 345 670,,
				%s,+351 912 345 671,,

				=HYPERLINK("http://evil"),12,,
				No Phone,,,
				Long Notes,+351 912 345 672,,%s
				Rui Costa,(650) 253-0000,,
				""".formatted("x".repeat(201), "n".repeat(10_001));
		JsonNode done = importCsv(ws.admin(), csv, "skip");
		assertThat(done.path("status").asString()).isEqualTo("COMPLETED");
		assertThat(done.path("rowsInFile").asInt()).isEqualTo(9);
		assertThat(done.path("rowsCreated").asInt()).isEqualTo(2);
		assertThat(done.path("rowsFailed").asInt()).isEqualTo(7);
		assertThat(done.path("rowsSkipped").asInt()).isZero();
		// a number without + is read in the workspace's default country (US)
		assertThat(ws.admin().get("/contacts?q=Rui").json().path("items").get(0).path("phone").asString())
			.isEqualTo("+16502530000");

		List<CSVRecord> failures = failures(ws.admin(), done.path("id").asString());
		assertThat(failures).extracting((r) -> r.get("row")).containsExactly("3", "4", "5", "6", "8", "9", "10");
		assertThat(failures).extracting((r) -> r.get("result")).containsOnly("failed");
		assertThat(failures.get(0).get("reason")).startsWith("phone: must be a valid phone number");
		assertThat(failures.get(0).get("name")).isEqualTo("Bad Phone");
		assertThat(failures.get(0).get("phone")).isEqualTo("call me");
		assertThat(failures.get(1).get("reason")).isEqualTo("email: must be an email address such as ana@example.com");
		assertThat(failures.get(2).get("reason")).isEqualTo("name: is required");
		assertThat(failures.get(3).get("reason")).isEqualTo("name: must be at most 200 characters");
		// row 8 (after a blank row 7): a formula in the name comes back neutralised
		assertThat(failures.get(4).get("name")).isEqualTo("'=HYPERLINK(\"http://evil\")");
		assertThat(failures.get(5).get("reason")).startsWith("phone: is required");
		assertThat(failures.get(6).get("reason")).isEqualTo("notes: must be at most 10000 characters");
	}

	@Test
	void aByteOrderMarkQuotedFieldsAnyColumnOrderAndSemicolonsAreRead() {
		var ws = newWorkspace();
		String csv = "\uFEFFNotes,PHONE,Name,Email,Extra\r\n"
				+ "\"Likes \"\"blue\"\", not green\",+351 912 345 678,\"Silva, Ana\",ana@example.com,ignored\r\n"
				+ "\"Two\r\nlines\",+351 912 345 679,Rui,,\r\n";
		JsonNode done = importCsv(ws.admin(), csv, "skip");
		assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
		assertThat(done.path("rowsCreated").asInt()).isEqualTo(2);
		JsonNode ana = ws.admin().get("/contacts?q=Silva").json().path("items").get(0);
		assertThat(ana.path("name").asString()).isEqualTo("Silva, Ana");
		assertThat(ana.path("notes").asString()).isEqualTo("Likes \"blue\", not green");
		assertThat(ana.path("phone").asString()).isEqualTo("+351912345678");
		JsonNode rui = ws.admin().get("/contacts?q=Rui").json().path("items").get(0);
		assertThat(rui.path("notes").asString()).isEqualTo("Two\r\nlines");

		var semicolons = newWorkspace();
		JsonNode done2 = importCsv(semicolons.admin(), "name;phone;email\nMaria;+351 912 345 670;\"maria at example.com\"\n"
				+ "João;+351 912 345 671;joao@example.com\n", "skip");
		assertThat(done2.path("rowsCreated").asInt()).as(done2.toString()).isEqualTo(1);
		assertThat(done2.path("rowsFailed").asInt()).isEqualTo(1);
		assertThat(semicolons.admin().get("/contacts?q=Jo%C3%A3o").json().path("items").get(0).path("email").asString())
			.isEqualTo("joao@example.com");
	}

	@Test
	void duplicatesAreSkippedWithTheReasonWhenTheUserChoseSkip() {
		var ws = newWorkspace();
		var ana = ws.admin().post("/contacts", body("name", "Ana", "phone", "+351912345678", "email", "ana@old.example"));
		StringBuilder csv = new StringBuilder("name,phone,email\n");
		csv.append("Ana New,+351 91 234 5678,ana@new.example\n"); // row 2: an existing contact
		csv.append("Rui,+351912345679,\n"); // row 3
		csv.append("Rui Again,+351 912-345-679,rui@example.com\n"); // row 4: repeats row 3
		for (int i = 0; i < 1200; i++) { // rows 5..1204, across the batch boundary
			csv.append("Filler ").append(i).append(",+35193").append(String.format("%07d", i)).append(",\n");
		}
		csv.append("Rui Later,+351912345679,\n"); // row 1205: repeats row 3, in a later batch
		JsonNode done = importCsv(ws.admin(), csv.toString(), "skip");
		assertThat(done.path("rowsCreated").asInt()).as(done.toString()).isEqualTo(1201);
		assertThat(done.path("rowsSkipped").asInt()).isEqualTo(3);
		assertThat(done.path("rowsUpdated").asInt()).isZero();
		List<CSVRecord> skipped = failures(ws.admin(), done.path("id").asString());
		assertThat(skipped).extracting((r) -> r.get("row")).containsExactly("2", "4", "1205");
		assertThat(skipped).extracting((r) -> r.get("result")).containsOnly("skipped");
		assertThat(skipped.get(0).get("reason")).isEqualTo("phone: +351912345678 is already the phone number of contact Ana");
		assertThat(skipped.get(1).get("reason")).isEqualTo("phone: repeats the phone number of row 3");
		assertThat(skipped.get(2).get("reason")).isEqualTo("phone: repeats the phone number of row 3");
		var unchanged = ws.admin().get("/contacts/" + ana.id());
		assertThat(unchanged.text("name")).isEqualTo("Ana");
		assertThat(unchanged.text("email")).isEqualTo("ana@old.example");
		assertThat(unchanged.header("ETag")).isEqualTo("\"0\"");
	}

	@Test
	void duplicatesUpdateTheContactWithTheNonBlankFieldsOfTheLaterRowWhenTheUserChoseUpdate() {
		var ws = newWorkspace();
		var ana = ws.admin().post("/contacts",
				body("name", "Ana", "phone", "+351912345678", "email", "ana@old.example", "notes", "kept"));
		var same = ws.admin().post("/contacts", body("name", "Same", "phone", "+351912345677"));
		StringBuilder csv = new StringBuilder("name,phone,email,notes\n");
		csv.append(",+351 91 234 5678,ana@new.example,\n"); // row 2: updates Ana's email only
		csv.append("Rui,+351912345679,,first\n"); // row 3: creates Rui
		csv.append(",+351 912-345-679,rui@example.com,\n"); // row 4: adds Rui's email
		csv.append("Same,+351912345677,,\n"); // row 5: nothing new for Same
		for (int i = 0; i < 1200; i++) {
			csv.append("Filler ").append(i).append(",+35193").append(String.format("%07d", i)).append(",,\n");
		}
		csv.append("Rui Costa,+351912345679,,\n"); // a later batch renames Rui
		csv.append(",+351 912 345 600,,\n"); // a new number without a name: cannot be created
		JsonNode done = importCsv(ws.admin(), csv.toString(), "update");
		assertThat(done.path("rowsCreated").asInt()).as(done.toString()).isEqualTo(1201);
		assertThat(done.path("rowsUpdated").asInt()).isEqualTo(4);
		assertThat(done.path("rowsSkipped").asInt()).isZero();
		assertThat(done.path("rowsFailed").asInt()).isEqualTo(1);
		assertThat(done.path("rowsImported").asInt()).isEqualTo(1205);

		var updated = ws.admin().get("/contacts/" + ana.id());
		assertThat(updated.text("name")).isEqualTo("Ana");
		assertThat(updated.text("email")).isEqualTo("ana@new.example");
		assertThat(updated.text("notes")).isEqualTo("kept");
		assertThat(updated.header("ETag")).isEqualTo("\"1\"");
		// a row that changes nothing leaves the version alone, so nobody's open edit is spoilt
		assertThat(ws.admin().get("/contacts/" + same.id()).header("ETag")).isEqualTo("\"0\"");
		JsonNode rui = ws.admin().get("/contacts?q=%2B351912345679").json().path("items").get(0);
		assertThat(rui.path("name").asString()).isEqualTo("Rui Costa");
		assertThat(rui.path("email").asString()).isEqualTo("rui@example.com");
		assertThat(rui.path("notes").asString()).isEqualTo("first");
		List<CSVRecord> failed = failures(ws.admin(), done.path("id").asString());
		assertThat(failed).hasSize(1);
		assertThat(failed.get(0).get("row")).isEqualTo("1207");
		assertThat(failed.get(0).get("reason")).isEqualTo("name: is required");
	}

	@Test
	void aMultipartUploadByAnAgentStartsAnImportThatEveryMemberSeesInTheHistory() {
		var ws = newWorkspace();
		Api agent = agent(ws);
		String boundary = "----convonite" + UUID.randomUUID();
		byte[] body = multipart(boundary, "C:\\Users\\ana\\Desktop\\shop contacts.csv", "application/vnd.ms-excel",
				"name,phone\nAna,+351912345678\n".getBytes(StandardCharsets.UTF_8), "update");
		var started = agent.send("POST", "/contacts/imports", body, "multipart/form-data; boundary=" + boundary);
		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		assertThat(started.header("Location")).endsWith("/api/v1/contacts/imports/" + started.id());
		assertThat(started.text("fileName")).isEqualTo("shop contacts.csv");
		assertThat(started.text("duplicates")).isEqualTo("UPDATE");
		assertThat(started.text("createdById")).isEqualTo(agent.memberId);
		assertThat(started.text("createdByName")).isEqualTo("Andy Agent");
		JsonNode done = awaitDone(agent, started.id());
		assertThat(done.path("rowsCreated").asInt()).isEqualTo(1);
		assertThat(done.path("finishedAt").isNull()).isFalse();

		var history = ws.admin().get("/contacts/imports?limit=1");
		assertThat(history.json().path("items").get(0).path("id").asString()).isEqualTo(started.id());
		assertThat(history.json().path("items").get(0).path("status").asString()).isEqualTo("COMPLETED");
		importCsv(ws.admin(), "phone,name\n+351912345670,Rui\n", "skip");
		var first = ws.admin().get("/contacts/imports?limit=1");
		assertThat(first.json().path("nextCursor").isMissingNode()).isFalse();
		var second = ws.admin().get("/contacts/imports?limit=1&cursor=" + first.text("nextCursor"));
		assertThat(second.json().path("items").get(0).path("id").asString()).isEqualTo(started.id());
	}

	@Test
	void anotherWorkspacesImportIsNotFoundAndNeverListed() {
		var ws = newWorkspace();
		String id = importCsv(ws.admin(), "name,phone\nAna,+351912345678\nBad,12\n", "skip").path("id").asString();
		var other = newWorkspace();
		assertThat(other.admin().get("/contacts/imports/" + id).status()).isEqualTo(404);
		assertThat(other.admin().get("/contacts/imports/" + id + "/failures").status()).isEqualTo(404);
		assertThat(other.admin().get("/contacts/imports/" + id + "/failures").contentType())
			.startsWith("application/problem+json");
		assertThat(other.admin().get("/contacts/imports").json().path("items")).isEmpty();
		assertThat(other.admin().get("/contacts/imports/not-a-number").status()).isEqualTo(404);
		assertThat(ws.admin().get("/contacts/imports/" + id).status()).isEqualTo(200);
	}

	@Test
	void filesThatCannotBeImportedAreRefusedWithAClearProblemAndNothingIsImported() {
		var ws = newWorkspace();
		Api api = ws.admin();
		assertFileProblem(api.raw("POST", "/contacts/imports", "", "text/csv"), "is empty");
		assertFileProblem(api.raw("POST", "/contacts/imports", "name,email\nAna,ana@example.com\n", "text/csv"),
				"has no phone column");
		assertFileProblem(api.raw("POST", "/contacts/imports", "name,phone\n\n", "text/csv"), "has a header but no rows");
		assertFileProblem(api.raw("POST", "/contacts/imports", "name,phone,phone\nAna,1,2\n", "text/csv"),
				"has two phone columns");
		assertFileProblem(api.raw("POST", "/contacts/imports", "name,phone\n\"Ana\"x,+351912345678\n", "text/csv"),
				"is not valid CSV");
		assertFileProblem(api.raw("POST", "/contacts/imports", "name,phone\n\"Ana," + "x".repeat(1_100_000), "text/csv"),
				"has a row longer than");
		byte[] latin1 = "name,phone\nJos\u00e9,+351912345678\n".getBytes(StandardCharsets.ISO_8859_1);
		assertFileProblem(api.send("POST", "/contacts/imports", latin1, "text/csv"), "is not UTF-8 text");
		byte[] workbook = { 'P', 'K', 3, 4, 20, 0, 6, 0 };
		assertFileProblem(api.send("POST", "/contacts/imports", workbook, "text/csv"), "is a spreadsheet workbook");

		String boundary = "b" + UUID.randomUUID();
		assertFileProblem(api.send("POST", "/contacts/imports",
				multipart(boundary, "photo.png", "image/png", new byte[] { 1, 2, 3 }, "skip"),
				"multipart/form-data; boundary=" + boundary), "must be a CSV file, not image/png");
		String noFile = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"duplicates\"\r\n\r\nskip\r\n--"
				+ boundary + "--\r\n";
		assertFileProblem(api.raw("POST", "/contacts/imports", noFile, "multipart/form-data; boundary=" + boundary),
				"is required");

		var policy = api.raw("POST", "/contacts/imports?duplicates=merge", "name,phone\nAna,+351912345678\n", "text/csv");
		assertThat(policy.status()).isEqualTo(400);
		assertThat(policy.json().path("errors").get(0).path("field").asString()).isEqualTo("duplicates");

		var json = api.post("/contacts/imports", body("file", "name,phone"));
		assertThat(json.status()).isEqualTo(415);
		assertThat(json.contentType()).startsWith("application/problem+json");
		assertThat(json.text("detail")).contains("multipart/form-data").contains("text/csv").contains("application/json");

		assertThat(api.get("/contacts/imports").json().path("items")).isEmpty();
		assertThat(contactCount(ws.id())).isZero();
	}

	@Test
	void anImportInterruptedByARestartIsResumedAfterTheLastCommittedBatch() throws IOException {
		var ws = newWorkspace();
		StringBuilder csv = new StringBuilder("name,phone\n");
		for (int i = 0; i < 2500; i++) {
			csv.append("Resumed ").append(i).append(",+35196").append(String.format("%07d", i)).append('\n');
		}
		csv.append("Repeat,+351960000000\n"); // row 2502 repeats row 2, imported before the restart
		java.nio.file.Path file = this.spool.receive(new java.io.ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
		ContactCsvFile.Layout layout = ContactCsvFile.inspect(file, new ContactCsvFile.Limits(500_000, java.time.Duration.ofSeconds(30)));
		long id;
		try (var scope = WorkspaceScope.enter(ws.id())) { // the repository works in the caller's scope
			id = this.repository.insert(ws.id(), "resumed.csv", ws.adminMember().memberId(),
					ContactImports.Duplicates.SKIP, file.getFileName().toString(), java.nio.file.Files.size(file), layout,
					"run-that-died");
			var stored = this.repository.find(ws.id(), id).orElseThrow();
			// the run that died had committed its first batch
			try (ContactCsvFile reader = ContactCsvFile.open(file, layout.separator())) {
				List<ContactCsvFile.Row> first = reader.next(ContactImportRunner.BATCH_ROWS);
				this.transactions.execute((status) -> new ContactImportBatch(this.repository, stored, "US").write(first,
						"run-that-died"));
			}
			// read before the import looks stale: from then on the scheduled takeover may resume it at any moment
			assertThat(ws.admin().get("/contacts/imports/" + id).json().path("rowsRead").asInt()).isEqualTo(1000);
			this.jdbc.sql("update contact_import set heartbeat_at = now() - interval '1 hour' where id = :id")
				.param("id", id)
				.update();
		}
		this.runner.resumeStale();
		JsonNode done = awaitDone(ws.admin(), Long.toString(id));
		assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
		assertThat(done.path("rowsRead").asInt()).isEqualTo(2501);
		assertThat(done.path("rowsCreated").asInt()).isEqualTo(2500);
		assertThat(done.path("rowsSkipped").asInt()).isEqualTo(1);
		assertThat(contactCount(ws.id())).isEqualTo(2500);
		assertThat(failures(ws.admin(), Long.toString(id)).get(0).get("reason"))
			.isEqualTo("phone: repeats the phone number of row 2");
		assertThat(file).doesNotExist();
	}

	@Test
	void anInterruptedImportWhoseFileDidNotSurviveTheRestartIsMarkedFailedWithTheReason() {
		var ws = newWorkspace();
		long id;
		try (var scope = WorkspaceScope.enter(ws.id())) {
			id = this.repository.insert(ws.id(), "lost.csv", ws.adminMember().memberId(),
					ContactImports.Duplicates.UPDATE, "upload-" + UUID.randomUUID() + ".csv", 100,
					new ContactCsvFile.Layout(',', java.util.Map.of(), 10), "run-that-died");
			this.jdbc.sql("update contact_import set heartbeat_at = now() - interval '1 hour' where id = :id")
				.param("id", id)
				.update();
		}
		this.runner.resumeStale();
		JsonNode done = awaitDone(ws.admin(), Long.toString(id));
		assertThat(done.path("status").asString()).isEqualTo("FAILED");
		assertThat(done.path("failureReason").asString()).contains("lost when the server restarted")
			.contains("0 of 10 rows were read");
		assertThat(done.path("finishedAt").isNull()).isFalse();
	}

	@Test
	void theOpenApiDocumentDescribesTheUploadAndTheCsvFormat() {
		JsonNode docs = anonymous().getFromRoot("/v3/api-docs").json();
		JsonNode post = docs.path("paths").path("/api/v1/contacts/imports").path("post");
		assertThat(post.path("requestBody").path("content").has("multipart/form-data")).as(post.toString()).isTrue();
		assertThat(post.path("requestBody").path("content").has("text/csv")).as(post.toString()).isTrue();
		assertThat(post.path("description").asString()).contains("name", "phone", "RFC 4180", "duplicates=update");
		assertThat(docs.path("paths").path("/api/v1/contacts/imports/{id}/failures").path("get").isMissingNode()).isFalse();
	}

	private static void assertFileProblem(Api.Response response, String message) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.text("type")).isEqualTo("/problems/validation");
		assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo("file");
		assertThat(response.json().path("errors").get(0).path("message").asString()).contains(message);
	}

	@Test
	void aFileOverTheLimitIsRefusedWith413BeforeItIsRead() throws IOException {
		var ws = newWorkspace();
		String token = this.tokens.create(ws.adminMember(), "raw").token();
		long limit = this.spool.maxFileBytes();
		// declared sizes only: the server must answer from the headers, without waiting for the body
		String csvAnswer = rawPost(token, "/api/v1/contacts/imports", "text/csv", limit + 1);
		assertThat(csvAnswer).startsWith("HTTP/1.1 413");
		assertThat(csvAnswer).contains("application/problem+json").contains("/problems/payload-too-large")
			.contains("larger than the 50 MiB a contact import accepts");
		String hugeAnswer = rawPost(token, "/api/v1/contacts/imports", "text/csv", 10 * limit);
		assertThat(hugeAnswer).startsWith("HTTP/1.1 413").contains("larger than the 50 MiB a contact import accepts");
		String formAnswer = rawPost(token, "/api/v1/contacts/imports", "multipart/form-data; boundary=xyz", limit + 100);
		assertThat(formAnswer).startsWith("HTTP/1.1 413");
		assertThat(formAnswer).contains("/problems/payload-too-large").contains("50 MiB");
		// other endpoints keep the API's own limit
		String contactAnswer = rawPost(token, "/api/v1/contacts", "application/json", 2 * 1024 * 1024);
		assertThat(contactAnswer).startsWith("HTTP/1.1 413").contains("1024 KiB this API accepts");
		assertThat(ws.admin().get("/contacts/imports").json().path("items")).isEmpty();
	}

	@Test
	void theUploadPageAnswersAFileOverTheLimitWith413() throws IOException {
		var ws = newWorkspace();
		// a signed-in browser's upload (the web app takes no HTTP Basic): its session cookie and CSRF header
		WebSession web = WebSession.signIn(this.port, ws.adminEmail(), PASSWORD);
		web.get("/contacts/imports");
		String cookies = web.cookies.getCookieStore().getCookies().stream()
			.map((cookie) -> cookie.getName() + "=" + cookie.getValue())
			.collect(java.util.stream.Collectors.joining("; "));
		// the browser's own check stops such a file before it is sent; without it, the server refuses it
		String answer = rawRequest("POST /contacts/imports HTTP/1.1\r\nHost: localhost\r\nCookie: " + cookies
				+ "\r\nX-CSRF-TOKEN: " + web.csrfToken() + "\r\nAccept: text/html\r\nContent-Type: "
				+ "multipart/form-data; boundary=xyz\r\nContent-Length: " + (this.spool.maxFileBytes() + 100)
				+ "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 413");
		assertThat(answer).contains("text/html").contains("50 MiB");
		assertThat(ws.admin().get("/contacts/imports").json().path("items")).isEmpty();
	}

	@Test
	void anUploadThatIsNotAValidMultipartFormIsRefusedWithAProblem() {
		var ws = newWorkspace();
		Api.Response answer = ws.admin().raw("POST", "/contacts/imports", "name,phone\nAna,+351912345678\n",
				"multipart/form-data");
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.contentType()).startsWith("application/problem+json");
		assertThat(answer.json().path("detail").asString()).contains("multipart/form-data");
		assertThat(ws.admin().get("/contacts/imports").json().path("items")).isEmpty();
	}

	/** Sends only the headers of a POST declaring a body of {@code length} bytes, and reads the answer. */
	private String rawPost(String token, String path, String contentType, long length) throws IOException {
		return rawRequest("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
				+ "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + length + "\r\nExpect: 100-continue"
				+ "\r\nConnection: close\r\n\r\n");
	}

	private String rawRequest(String head) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(90_000); // signing in takes a while on a busy machine
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			try {
				for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
					answer.write(buffer, 0, n);
					String text = answer.toString(StandardCharsets.UTF_8);
					if (text.contains("\r\n\r\n") && (text.trim().endsWith("}") || text.endsWith("\r\n0\r\n\r\n")
							|| text.trim().endsWith("</html>"))) {
						break;
					}
				}
			}
			catch (java.net.SocketTimeoutException ex) {
				// answered what it had
			}
			String text = answer.toString(StandardCharsets.UTF_8);
			// a 100 Continue may come first when the server reads on; the answer that matters is the last
			int last = text.lastIndexOf("HTTP/1.1 ");
			return (last > 0) ? text.substring(last) : text;
		}
	}

}
