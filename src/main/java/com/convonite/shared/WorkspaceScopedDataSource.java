package com.convonite.shared;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Hands out the pool's connections in the {@link WorkspaceScope} of the thread that takes them: the database
 * role ({@code convonite_app}, or {@code convonite_system} for the system scope) and the setting
 * {@code convonite.workspace_id} that the row-level security policies compare with. Setting both is one
 * statement, and it is skipped when the pooled connection is already in that scope (a single workspace, or the
 * same one again), so a checkout costs at most one round trip and usually none.
 */
public class WorkspaceScopedDataSource extends DelegatingDataSource implements AutoCloseable {

	private static final String SET_SESSION = "select set_config('role', ?, false), set_config('convonite.workspace_id', ?, false)";

	private static final String SET_LOCAL = "select set_config('role', ?, true), set_config('convonite.workspace_id', ?, true)";

	/** The scope each physical connection is in at session level; weak, as the pool may retire connections. */
	private final Map<Connection, WorkspaceScope.Scope> sessionScopes = Collections.synchronizedMap(new WeakHashMap<>());

	public WorkspaceScopedDataSource(DataSource pool) {
		super(pool);
	}

	@Override
	public Connection getConnection() throws SQLException {
		return inScope(obtainTargetDataSource().getConnection());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return inScope(obtainTargetDataSource().getConnection(username, password));
	}

	private Connection inScope(Connection connection) throws SQLException {
		try {
			apply(connection, WorkspaceScope.current(), false);
			return connection;
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
	}

	/**
	 * Puts the connection in the scope: for the session when {@code local} is false (remembered, so that the
	 * next checkout in the same scope needs no statement), or for the current transaction only.
	 */
	void apply(Connection connection, WorkspaceScope.Scope scope, boolean local) throws SQLException {
		Connection physical = connection.unwrap(Connection.class);
		boolean session = !local && connection.getAutoCommit();
		if (session && scope.sameSettings(this.sessionScopes.get(physical))) {
			return;
		}
		// Not known until the statement succeeds; outside autocommit a rollback could undo a session change.
		this.sessionScopes.remove(physical);
		try (PreparedStatement statement = connection.prepareStatement(local ? SET_LOCAL : SET_SESSION)) {
			statement.setString(1, scope.role());
			statement.setString(2, scope.workspaceId());
			statement.execute();
		}
		if (session) {
			this.sessionScopes.put(physical, scope);
		}
	}

	// The pool's connection settings, so that Spring Boot can derive the migration owner's connection from this
	// data source (DataSourceBuilder.derivedFrom, used when only spring.flyway.user is set).

	public String getUrl() {
		return pool().map(HikariDataSource::getJdbcUrl).orElse(null);
	}

	public String getUsername() {
		return pool().map(HikariDataSource::getUsername).orElse(null);
	}

	public String getPassword() {
		return pool().map(HikariDataSource::getPassword).orElse(null);
	}

	public String getDriverClassName() {
		return pool().map(HikariDataSource::getDriverClassName).orElse(null);
	}

	private Optional<HikariDataSource> pool() {
		return (getTargetDataSource() instanceof HikariDataSource hikari) ? Optional.of(hikari) : Optional.empty();
	}

	@Override
	public void close() throws Exception {
		if (obtainTargetDataSource() instanceof AutoCloseable pool) {
			pool.close();
		}
	}

}
