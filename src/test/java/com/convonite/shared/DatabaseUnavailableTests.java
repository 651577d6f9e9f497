package com.convonite.shared;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseUnavailableTests {

	@Test
	void everyWayOfLosingTheDatabaseIsRecognised() {
		assertThat(DatabaseUnavailable.causedBy(new CannotGetJdbcConnectionException("pool timed out"))).isTrue();
		assertThat(DatabaseUnavailable.causedBy(new CannotCreateTransactionException("no connection"))).isTrue();
		assertThat(DatabaseUnavailable.causedBy(new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed")))).isTrue();
		assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("wrapped",
				new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
		assertThat(DatabaseUnavailable.causedBy(new SQLException("An I/O error occurred", "08006"))).isTrue();
	}

	@Test
	void refusalsAndBugsAreNotMistakenForAnOutage() {
		assertThat(DatabaseUnavailable.causedBy(new DataIntegrityViolationException("duplicate key"))).isFalse();
		assertThat(DatabaseUnavailable.causedBy(new SQLException("syntax error", "42601"))).isFalse();
		assertThat(DatabaseUnavailable.causedBy(ProblemException.notFound("conversation"))).isFalse();
		assertThat(DatabaseUnavailable.causedBy(new NullPointerException())).isFalse();
	}

}
