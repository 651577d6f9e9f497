package com.convonite.shared;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded PostgreSQL asks every connection for a password, keeps its random passwords beside the data
 * directory readable by its owner only, lets the product sign in as a role that is no superuser, and writes
 * durably; a data directory made by an older version (trusting every local connection, no password file) is
 * closed on its next start and keeps its data (issue 13, item 6).
 */
class EmbeddedPostgresSecurityIntegrationTests {

	@TempDir
	Path parent;

	@Test
	void anOlderDataDirectoryIsClosedOnItsNextStartAndKeepsItsData() throws Exception {
		Path data = this.parent.resolve("data");
		Files.createDirectories(data);
		// as an older version left it: zonky's defaults, trust for every local connection
		try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
				Connection connection = old.getPostgresDatabase().getConnection();
				Statement sql = connection.createStatement()) {
			sql.execute("create table kept (note text); insert into kept values ('from before')");
		}
		assertThat(EmbeddedPostgresCredentials.passwordFile(data)).doesNotExist();

		try (EmbeddedPostgres postgres = EmbeddedPostgresEarlyStart.start(new EmbeddedPostgresEarlyStart.Settings(data.toString(), 0))) {
			assertClosedAndDurable(postgres, data);
			try (Connection owner = postgres.getPostgresDatabase().getConnection(); Statement sql = owner.createStatement();
					ResultSet note = sql.executeQuery("select note from kept")) {
				assertThat(note.next()).isTrue();
				assertThat(note.getString(1)).isEqualTo("from before");
			}
		}
		// and starts again with the passwords it kept
		try (EmbeddedPostgres again = EmbeddedPostgresEarlyStart.start(new EmbeddedPostgresEarlyStart.Settings(data.toString(), 0))) {
			assertClosedAndDurable(again, data);
		}
	}

	@Test
	void aNewThrowAwayDataDirectoryIsClosedFromTheStart() throws Exception {
		try (EmbeddedPostgres postgres = EmbeddedPostgresEarlyStart.start(new EmbeddedPostgresEarlyStart.Settings("", 0))) {
			assertPasswordsRequired(postgres.getPort());
			assertThat(value(postgres, "show fsync")).isEqualTo("on");
		}
	}

	private static void assertClosedAndDurable(EmbeddedPostgres postgres, Path data) throws Exception {
		int port = postgres.getPort();
		assertPasswordsRequired(port);
		Path file = EmbeddedPostgresCredentials.passwordFile(data);
		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		Properties kept = new Properties();
		try (var in = Files.newBufferedReader(file)) {
			kept.load(in);
		}
		assertThatThrownBy(() -> DriverManager.getConnection(url(port), "postgres", "wrong password").close())
			.isInstanceOf(SQLException.class);
		try (Connection product = DriverManager.getConnection(url(port), EmbeddedPostgresCredentials.PRODUCT_ROLE,
				kept.getProperty("product")); Statement sql = product.createStatement();
				ResultSet role = sql.executeQuery("""
						select r.rolsuper, r.rolbypassrls, pg_has_role(current_user, 'convonite_app', 'member'),
						       pg_has_role(current_user, 'convonite_system', 'member')
						from pg_roles r where r.rolname = current_user""")) {
			assertThat(role.next()).isTrue();
			assertThat(role.getBoolean(1)).as("superuser").isFalse();
			assertThat(role.getBoolean(2)).as("bypasses row-level security").isFalse();
			assertThat(role.getBoolean(3)).isTrue();
			assertThat(role.getBoolean(4)).isTrue();
		}
		try (Connection owner = DriverManager.getConnection(url(port), "postgres", kept.getProperty("owner"))) {
			assertThat(owner.isValid(5)).isTrue();
		}
		assertThat(value(postgres, "show fsync")).isEqualTo("on");
		assertThat(value(postgres, "show synchronous_commit")).isEqualTo("on");
		assertThat(value(postgres, "show full_page_writes")).isEqualTo("on");
	}

	private static void assertPasswordsRequired(int port) {
		for (String role : new String[] { "postgres", EmbeddedPostgresCredentials.PRODUCT_ROLE }) {
			assertThatThrownBy(() -> DriverManager.getConnection(url(port), role, "").close()).as(role)
				.isInstanceOf(SQLException.class);
			assertThatThrownBy(() -> DriverManager.getConnection(url(port), role, null).close()).as(role)
				.isInstanceOf(SQLException.class);
		}
	}

	private static String value(EmbeddedPostgres postgres, String query) throws SQLException {
		try (Connection owner = postgres.getPostgresDatabase().getConnection(); Statement sql = owner.createStatement();
				ResultSet result = sql.executeQuery(query)) {
			result.next();
			return result.getString(1);
		}
	}

	private static String url(int port) {
		return "jdbc:postgresql://localhost:" + port + "/postgres";
	}

}
