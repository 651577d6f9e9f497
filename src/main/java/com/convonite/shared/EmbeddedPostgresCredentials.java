package com.convonite.shared;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Properties;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded PostgreSQL's passwords and roles. zonky's {@code initdb} trusts every local connection as a
 * superuser; on every start this sets a password on the superuser (the migrations' owner) and on a login role
 * that is no superuser ({@value #PRODUCT_ROLE}, a member of {@code convonite_app} and {@code convonite_system}
 * as the README's "Database roles" recommends), and makes {@code pg_hba.conf} ask every connection for its
 * password. The passwords are random, kept in a file beside the data directory readable by its owner only
 * ({@code <data directory>.passwords}, mode 0600); a data directory made by an older version, without such a
 * file, gets one on its first start. A throw-away data directory keeps them in memory only.
 */
record EmbeddedPostgresCredentials(String ownerPassword, String productPassword) {

	static final String OWNER_ROLE = "postgres";

	static final String PRODUCT_ROLE = "convonite";

	private static final String HBA = """
			# Written by Convonite on every start: every connection gives its password.
			local all all scram-sha-256
			host all all 127.0.0.1/32 scram-sha-256
			host all all ::1/128 scram-sha-256
			""";

	/** The passwords kept for this data directory, or new ones (written there) when it has none yet. */
	static EmbeddedPostgresCredentials forDataDirectory(Path dataDirectory) throws IOException {
		if (dataDirectory == null) {
			return new EmbeddedPostgresCredentials(random(), random());
		}
		Path file = passwordFile(dataDirectory);
		if (Files.exists(file)) {
			Properties kept = new Properties();
			try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
				kept.load(in);
			}
			return new EmbeddedPostgresCredentials(kept.getProperty("owner"), kept.getProperty("product"));
		}
		EmbeddedPostgresCredentials made = new EmbeddedPostgresCredentials(random(), random());
		Properties kept = new Properties();
		kept.setProperty("owner", made.ownerPassword());
		kept.setProperty("product", made.productPassword());
		Path written = file.resolveSibling(file.getFileName() + ".new");
		Files.deleteIfExists(written);
		try {
			Files.createFile(written, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		catch (UnsupportedOperationException ex) { // not a POSIX file system: the directory's own protection applies
			Files.createFile(written);
		}
		try (Writer out = Files.newBufferedWriter(written, StandardCharsets.UTF_8)) {
			kept.store(out, "Passwords of the embedded PostgreSQL in " + dataDirectory.getFileName()
					+ ": owner = role postgres (migrations), product = role " + PRODUCT_ROLE);
		}
		Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		return made;
	}

	static Path passwordFile(Path dataDirectory) {
		return dataDirectory.resolveSibling(dataDirectory.getFileName() + ".passwords");
	}

	/**
	 * Sets the passwords and the product's role, then has the server ask for passwords from now on. Runs on every
	 * start, so that a data directory that trusted local connections (made by an older version) is closed too.
	 */
	void apply(EmbeddedPostgres postgres, Path dataDirectory) throws IOException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement sql = connection.createStatement()) {
			sql.execute("alter role " + OWNER_ROLE + " password " + literal(this.ownerPassword));
			sql.execute("""
					do $$ begin
					  if not exists (select from pg_roles where rolname = 'convonite_app') then create role convonite_app nologin; end if;
					  if not exists (select from pg_roles where rolname = 'convonite_system') then create role convonite_system nologin; end if;
					  if not exists (select from pg_roles where rolname = '%s') then create role %s login noinherit; end if;
					end $$""".formatted(PRODUCT_ROLE, PRODUCT_ROLE));
			sql.execute("alter role " + PRODUCT_ROLE + " login noinherit nosuperuser nocreatedb nocreaterole nobypassrls password "
					+ literal(this.productPassword));
			sql.execute("grant convonite_app, convonite_system to " + PRODUCT_ROLE);
			Files.writeString(dataDirectory.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
			sql.execute("select pg_reload_conf()");
		}
		catch (SQLException ex) {
			throw new IOException("Could not set up the embedded PostgreSQL's passwords and roles", ex);
		}
	}

	private static String literal(String value) {
		return "'" + value.replace("'", "''") + "'";
	}

	private static String random() {
		byte[] bytes = new byte[24];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	@Override
	public String toString() {
		return "EmbeddedPostgresCredentials[hidden]";
	}

}
