package com.convonite.shared;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Which rows the database lets the current thread see. PostgreSQL row-level security shows a connection only
 * the rows of the workspace its scope names (and nothing without a scope); {@link WorkspaceScopedDataSource}
 * hands every connection out in the scope of the thread that takes it.
 * <p>
 * Web requests get the signed-in member's workspace from a filter, and event listeners whose event has a
 * {@code workspaceId()} get the event's. Everything else that reads or writes workspace data names its scope
 * here: a background job visits each workspace with {@link #run(long, Runnable)}, and the few lookups that
 * must search across workspaces (sign-in by email or token, finding which workspaces have work to do) run with
 * {@link #callAsSystem(String, Supplier)}, which can read only the tables and columns that the migrations
 * grant to the system role.
 * <p>
 * Take the scope before the transaction starts, so that the connection is handed out in it; entering a scope
 * inside a transaction also works (the change is applied to the transaction's connection and undone when the
 * scope ends) at the price of a round trip each way.
 */
public final class WorkspaceScope implements AutoCloseable {

	/** The database role of every workspace scope, and of connections taken without a scope. */
	static final String APP_ROLE = "convonite_app";

	/** The database role of the system scope. */
	static final String SYSTEM_ROLE = "convonite_system";

	private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

	private final Scope previous;

	private final Scope entered;

	private WorkspaceScope(Scope previous, Scope entered) {
		this.previous = previous;
		this.entered = entered;
	}

	/** What a connection is set to: the role, and the workspace id ("" for none). */
	record Scope(String role, String workspaceId, String purpose) {

		static final Scope NONE = new Scope(APP_ROLE, "", null);

		/** Whether a connection in the other scope has the same settings (the purpose is only for reading). */
		boolean sameSettings(Scope other) {
			return other != null && this.role.equals(other.role) && this.workspaceId.equals(other.workspaceId);
		}

	}

	/** Runs the work in the workspace's scope: the database shows it only that workspace's rows. */
	public static void run(long workspaceId, Runnable work) {
		try (WorkspaceScope scope = enter(workspaceId)) {
			work.run();
		}
	}

	/** Returns what the work returns, computed in the workspace's scope. */
	public static <T> T call(long workspaceId, Supplier<T> work) {
		try (WorkspaceScope scope = enter(workspaceId)) {
			return work.get();
		}
	}

	/**
	 * Runs a lookup across workspaces in the system scope; the purpose says why, for reviewers and logs. The
	 * system scope sees only what V60__row_level_security.sql grants to {@code convonite_system}.
	 */
	public static <T> T callAsSystem(String purpose, Supplier<T> work) {
		try (WorkspaceScope scope = enter(new Scope(SYSTEM_ROLE, "", purpose))) {
			return work.get();
		}
	}

	/** Like {@link #callAsSystem(String, Supplier)}, for work without a result. */
	public static void runAsSystem(String purpose, Runnable work) {
		try (WorkspaceScope scope = enter(new Scope(SYSTEM_ROLE, "", purpose))) {
			work.run();
		}
	}

	/**
	 * Enters the workspace's scope until {@link #close()}, for code that cannot pass a lambda (a servlet
	 * filter): {@code try (var scope = WorkspaceScope.enter(id)) { ... }}.
	 */
	public static WorkspaceScope enter(long workspaceId) {
		return enter(new Scope(APP_ROLE, Long.toString(workspaceId), null));
	}

	/** The workspace of the current scope, or null in the system scope or without one. */
	public static Long currentWorkspaceId() {
		Scope scope = CURRENT.get();
		return (scope != null && !scope.workspaceId().isEmpty()) ? Long.valueOf(scope.workspaceId()) : null;
	}

	/** Whether the current thread is in any scope (a workspace's or the system's). */
	public static boolean isActive() {
		return CURRENT.get() != null;
	}

	static Scope current() {
		Scope scope = CURRENT.get();
		return (scope != null) ? scope : Scope.NONE;
	}

	private static WorkspaceScope enter(Scope scope) {
		Scope previous = CURRENT.get();
		CURRENT.set(scope);
		WorkspaceScope entered = new WorkspaceScope(previous, scope);
		applyToTransaction((previous != null) ? previous : Scope.NONE, scope);
		return entered;
	}

	@Override
	public void close() {
		if (this.previous == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(this.previous);
		}
		applyToTransaction(this.entered, (this.previous != null) ? this.previous : Scope.NONE);
	}

	/** A transaction that already holds a connection gets the new scope now, for itself only. */
	private static void applyToTransaction(Scope from, Scope to) {
		if (from.sameSettings(to)) {
			return;
		}
		for (Map.Entry<Object, Object> resource : TransactionSynchronizationManager.getResourceMap().entrySet()) {
			if (resource.getKey() instanceof WorkspaceScopedDataSource dataSource
					&& resource.getValue() instanceof ConnectionHolder holder
					&& holder.getConnectionHandle() != null) {
				Connection connection = holder.getConnection();
				try {
					dataSource.apply(connection, to, !connection.getAutoCommit());
				}
				catch (SQLException ex) {
					throw new IllegalStateException("Could not change the database scope of the transaction", ex);
				}
			}
		}
	}

}
