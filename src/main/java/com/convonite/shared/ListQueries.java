package com.convonite.shared;

import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.postgresql.PGStatement;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Runs the statements that PostgreSQL must plan for the values of each run: lists and searches, whose filters
 * are skewed (a status in 4% or 96% of a workspace's rows, a word in 40% of them or in five, a workspace of
 * millions beside one of hundreds), where a plan cached for one value can be seconds slow for another
 * (bench/README.md); and bulk statements over a thousand rows' arrays, whose table may have grown a
 * hundredfold since a plan was cached. The driver sends them unprepared, and PostgreSQL plans an unprepared
 * statement for the values it comes with, every time.
 * <p>
 * Every other statement (a row by its key, a write) goes through the application's {@link JdbcClient}: prepared
 * on the server after a few runs, PostgreSQL then keeps one plan for it instead of planning it on every run
 * (its default {@code plan_cache_mode}), which is most of the database's work for a key look-up.
 * Transactions are shared: both use the same data source.
 */
@Component
public class ListQueries {

	private final JdbcClient jdbc;

	ListQueries(DataSource dataSource) {
		this.jdbc = JdbcClient.create(new JdbcTemplate(dataSource) {

			@Override
			protected void applyStatementSettings(Statement statement) throws SQLException {
				super.applyStatementSettings(statement);
				statement.unwrap(PGStatement.class).setPrepareThreshold(0);
			}

		});
	}

	/** A list, search or batch statement, planned for the values it is run with. */
	public JdbcClient.StatementSpec sql(String sql) {
		return this.jdbc.sql(sql);
	}

}
