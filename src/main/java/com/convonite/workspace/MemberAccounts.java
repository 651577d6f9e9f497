package com.convonite.workspace;

import java.sql.ResultSet;
import java.sql.SQLException;

import com.convonite.shared.WorkspaceScope;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Looks members up for sign-in, by email (case-insensitive) across all workspaces: before sign-in no workspace
 * is known, so these lookups run in the system scope.
 */
@Component
class MemberAccounts implements UserDetailsService {

	private final JdbcClient jdbc;

	MemberAccounts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public UserDetails loadUserByUsername(String email) {
		return WorkspaceScope.callAsSystem("sign-in by email", () -> this.jdbc.sql("""
				select id, workspace_id, role, name, email, password_hash, active from member where lower(email) = lower(:email)
				""")
			.param("email", email)
			.query(MemberAccounts::map)
			.optional())
			.orElseThrow(() -> new UsernameNotFoundException("No member with that email"));
	}

	/**
	 * The member as stored now (without the password hash), read by primary key in the member's workspace: every
	 * request of a web session signs in with this, not with what the session remembered.
	 */
	java.util.Optional<MemberPrincipal> current(long workspaceId, long memberId) {
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
