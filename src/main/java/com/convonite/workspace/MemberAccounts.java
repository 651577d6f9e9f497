package com.convonite.workspace;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import com.convonite.shared.WorkspaceScope;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Looks members up for sign-in, by email (case-insensitive) across all workspaces: before sign-in no workspace
 * is known, so these lookups run in the system scope.
 */
@Component
class MemberAccounts {

	private final JdbcClient jdbc;

	MemberAccounts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The member whose address has this key ({@link EmailAddresses#key}), in any workspace. */
	Optional<MemberPrincipal> findByEmailKey(String emailKey) {
		return WorkspaceScope.callAsSystem("sign-in by email", () -> this.jdbc.sql("""
				select id, workspace_id, role, name, email, password_hash, active from member where email_key = :key
				""")
			.param("key", emailKey)
			.query(MemberAccounts::map)
			.optional());
	}

	/**
	 * The member as stored now (without the password hash), read by primary key in the member's workspace: every
	 * request of a web session signs in with this, not with what the session remembered.
	 */
	Optional<MemberPrincipal> current(long workspaceId, long memberId) {
		return WorkspaceScope.call(workspaceId, () -> this.jdbc.sql("""
				select id, workspace_id, role, name, email, null as password_hash, active
				from member where workspace_id = :workspaceId and id = :id
				""")
			.param("workspaceId", workspaceId)
			.param("id", memberId)
			.query(MemberAccounts::map)
			.optional());
	}

	static MemberPrincipal map(ResultSet rs, int row) throws SQLException {
		return new MemberPrincipal(rs.getLong("id"), rs.getLong("workspace_id"), Role.valueOf(rs.getString("role")),
				rs.getString("name"), rs.getString("email"), rs.getString("password_hash"), rs.getBoolean("active"));
	}

}
