package com.convonite.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.convonite.ConvoniteApplication;
import com.convonite.support.Api;
import com.convonite.support.Inbound;
import com.convonite.support.StoppablePostgres;
import com.convonite.workspace.Workspaces;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backup and restore procedure of reliability/README.md, run as written (issue #6, Faults): a database
 * with a workspace full of data is backed up with {@code reliability/backup}, restored into a new database with
 * {@code reliability/restore}, every table has the same number of rows there, and the product starts on the
 * copy and answers (sign-in, lists, and new rows, so identity sequences came along).
 * <p>
 * pg_dump must be at least the server's major version, so the test uses the PostgreSQL named by
 * SPRING_DATASOURCE_URL (CI's, with fresh databases created there) when pg_dump can dump it, else a PostgreSQL
 * of its own. Without a suitable pg_dump it is skipped with a message, except under CI=true, where it fails.
 */
class BackupRestoreIntegrationTests {

	static final String PASSWORD = "correct horse battery";

	private final List<Runnable> cleanUp = new ArrayList<>();

	@AfterEach
	void cleanUp() {
		for (int i = this.cleanUp.size() - 1; i >= 0; i--) {
			try {
				this.cleanUp.get(i).run();
			}
			catch (RuntimeException ex) {
				System.out.println("Clean-up failed: " + ex);
			}
		}
	}

	@Test
	void aRestoredBackupHasEveryRowAndTheProductRunsOnIt() throws Exception {
		Server server = server();
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String source = "convonite_backup_" + suffix;
		String copy = "convonite_restored_" + suffix;
		server.createDatabase(source);
		server.createDatabase(copy);

		String email = "admin-" + suffix + "@example.com";
		try (ConfigurableApplicationContext product = product(server, source)) {
			product.getBean(Workspaces.class)
				.create(new Workspaces.NewWorkspace("Backup shop", "Ada Admin", email, PASSWORD, "UTC", true));
			Api admin = Api.basic(port(product), email, PASSWORD);
			var chat = Inbound.deliver(admin, Inbound.phone(), "Rita", "Is my order on its way?", OffsetDateTime.now());
			String purposeId = admin.get("/purposes").json().get(0).path("id").asString();
			var logged = admin.post("/conversations", Map.of("chatId", chat.chatId(), "subject", "Where is my order",
					"purposeId", purposeId, "followUpTask", Map.of("title", "Check with the courier")));
			assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
			waitUntilEventsAreDone(server, source);
		}
		Map<String, Long> before = server.rowCounts(source);
		assertThat(before.get("conversation")).isGreaterThan(1);

		Path dump = Files.createTempDirectory("convonite-backup").resolve("convonite.dump");
		this.cleanUp.add(() -> dump.toFile().delete());
		run(server, source, "reliability/backup", dump.toString());
		assertThat(dump).isNotEmptyFile();
		run(server, copy, "reliability/restore", dump.toString());

		Map<String, Long> after = server.rowCounts(copy);
		System.out.println("Backup and restore: " + dump.toFile().length() + " bytes, row counts " + after);
		assertThat(after).isEqualTo(before);

		try (ConfigurableApplicationContext product = product(server, copy)) {
			Api admin = Api.basic(port(product), email, PASSWORD);
			var list = admin.get("/conversations");
			assertThat(list.status()).as(list.toString()).isEqualTo(200);
			assertThat(list.json().path("total").asLong()).isEqualTo(before.get("conversation"));
			var chat = Inbound.deliver(admin, Inbound.phone(), "Sam", "New question after the restore",
					OffsetDateTime.now());
			String purposeId = admin.get("/purposes").json().get(0).path("id").asString();
			var logged = admin.post("/conversations",
					Map.of("chatId", chat.chatId(), "subject", "After the restore", "purposeId", purposeId));
			assertThat(logged.status()).as("a new row after the restore: " + logged).isEqualTo(201);
		}
	}

	private ConfigurableApplicationContext product(Server server, String database) {
		// Command-line arguments, so that they win over SPRING_DATASOURCE_* in the environment.
		return new SpringApplicationBuilder(ConvoniteApplication.class).run("--spring.datasource.url=" + server.jdbcUrl(database),
				"--spring.datasource.username=" + server.user(), "--spring.datasource.password=" + server.password(),
				"--server.port=0", "--convonite.secrets.key=backup-test-secrets-key", "--server.shutdown=immediate");
	}

	private static int port(ConfigurableApplicationContext product) {
		return Integer.parseInt(product.getEnvironment().getProperty("local.server.port"));
	}

	private static void waitUntilEventsAreDone(Server server, String database) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		try (Connection db = server.connect(database)) {
			while (count(db, "select count(*) from event_publication where completion_date is null") > 0
					&& System.nanoTime() < deadline) {
				Thread.sleep(250);
			}
		}
	}

	/** Runs one of the reliability scripts against the database, as the README says to. */
	private static void run(Server server, String database, String script, String file) throws Exception {
		ProcessBuilder builder = new ProcessBuilder("bash", Path.of(script).toAbsolutePath().toString(), file)
			.redirectErrorStream(true);
		builder.environment()
			.putAll(Map.of("PGHOST", server.host(), "PGPORT", Integer.toString(server.port()), "PGUSER", server.user(),
					"PGPASSWORD", server.password(), "PGDATABASE", database));
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(script + " finished").isTrue();
		System.out.print(script + ": " + output);
		assertThat(process.exitValue()).as(script + " exit status; output:\n" + output).isZero();
	}

	/**
	 * A server that the pg_dump at hand can dump: SPRING_DATASOURCE_URL's (fresh databases there) when it is
	 * set, else one of the test's own.
	 */
	private Server server() throws Exception {
		int dumpMajor = pgDumpMajorVersion();
		String url = System.getenv("SPRING_DATASOURCE_URL");
		if (url != null && !url.isBlank()) {
			Matcher parts = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/([^?]+).*").matcher(url);
			assertThat(parts.matches()).as("SPRING_DATASOURCE_URL " + url).isTrue();
			String user = System.getenv().getOrDefault("SPRING_DATASOURCE_USERNAME", "postgres");
			Server external = new Server(parts.group(1), (parts.group(2) != null) ? Integer.parseInt(parts.group(2)) : 5432,
					user, System.getenv().getOrDefault("SPRING_DATASOURCE_PASSWORD", ""), parts.group(3), this.cleanUp);
			return requireDumpable(external, dumpMajor);
		}
		StoppablePostgres own = StoppablePostgres.startNew();
		this.cleanUp.add(own::close);
		return requireDumpable(new Server("localhost", own.port(), "postgres", "", "postgres", this.cleanUp), dumpMajor);
	}

	private static Server requireDumpable(Server server, int dumpMajor) throws SQLException {
		int serverMajor;
		try (Connection db = server.connect(server.maintenanceDatabase())) {
			serverMajor = (int) (count(db, "select current_setting('server_version_num')::int") / 10000);
		}
		unavailable(serverMajor <= dumpMajor, "pg_dump " + dumpMajor + " cannot back up PostgreSQL " + serverMajor
				+ " at " + server.host() + ":" + server.port() + "; install a newer client (or set PG_BIN), or set "
				+ "SPRING_DATASOURCE_URL to a server of version " + dumpMajor + " or older");
		return server;
	}

	private static int pgDumpMajorVersion() {
		String bin = System.getenv("PG_BIN");
		String pgDump = (bin != null && !bin.isBlank()) ? Path.of(bin, "pg_dump").toString() : "pg_dump";
		String version = "";
		try {
			Process process = new ProcessBuilder(pgDump, "--version").redirectErrorStream(true).start();
			version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (IOException | InterruptedException ex) {
			// missing: reported below
		}
		Matcher major = Pattern.compile("\\(PostgreSQL\\) (\\d+)").matcher(version);
		unavailable(major.find(), "pg_dump and pg_restore are needed for the backup test (Debian: apt-get install "
				+ "postgresql-client); not found (" + pgDump + ")");
		return Integer.parseInt(major.group(1));
	}

	/** Skips the test with the reason, except under CI, where the test must run and so fails. */
	private static void unavailable(boolean available, String reason) {
		if (!available && "true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new AssertionError(reason);
		}
		Assumptions.assumeTrue(available, reason);
	}

	private static long count(Connection db, String sql) throws SQLException {
		try (var statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	record Server(String host, int port, String user, String password, String maintenanceDatabase,
			List<Runnable> cleanUp) {

		String jdbcUrl(String database) {
			return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + database;
		}

		Connection connect(String database) throws SQLException {
			return DriverManager.getConnection(jdbcUrl(database), this.user, this.password);
		}

		void createDatabase(String name) throws SQLException {
			try (Connection db = connect(this.maintenanceDatabase); var statement = db.createStatement()) {
				statement.execute("create database " + name);
			}
			this.cleanUp.add(() -> {
				try (Connection db = connect(this.maintenanceDatabase); var statement = db.createStatement()) {
					statement.execute("drop database if exists " + name + " with (force)");
				}
				catch (SQLException ex) {
					throw new IllegalStateException(ex);
				}
			});
		}

		/** The number of rows of every table of the database, by table name. */
		Map<String, Long> rowCounts(String database) throws SQLException {
			Map<String, Long> counts = new TreeMap<>();
			try (Connection db = connect(database)) {
				List<String> tables = new ArrayList<>();
				try (var statement = db.createStatement();
						ResultSet rows = statement.executeQuery("""
								select table_schema || '.' || table_name from information_schema.tables
								where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
								""")) {
					while (rows.next()) {
						tables.add(rows.getString(1));
					}
				}
				for (String table : tables) {
					counts.put(table.startsWith("public.") ? table.substring(7) : table, count(db, "select count(*) from " + table));
				}
			}
			return counts;
		}

	}

}
