package com.convonite.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

import com.convonite.shared.ProblemException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Locks a chat's row for the rest of the transaction and reads what the rules are checked against. */
@Component
class ChatStates {

	private static final String SELECT =
			"select id, contact_id, status, assignee_id, last_inbound_at, opened_at from chat";

	private final JdbcClient jdbc;

	ChatStates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record ChatState(long id, long contactId, ChatStatus status, Long assigneeId, OffsetDateTime lastInboundAt,
			OffsetDateTime openedAt) {
	}

	ChatState lock(long workspaceId, long chatId) {
		return this.jdbc.sql(SELECT + " where workspace_id = :workspaceId and id = :id for update")
			.param("workspaceId", workspaceId)
			.param("id", chatId)
			.query(ChatStates::state)
			.optional()
			.orElseThrow(() -> ProblemException.notFound("chat"));
	}

	/** The contact's chat on the channel, locked, when it has one. */
	Optional<ChatState> lock(long workspaceId, long contactId, String channel) {
		return this.jdbc.sql(SELECT + """
				 where workspace_id = :workspaceId and contact_id = :contactId and channel = :channel
				for update
				""")
			.param("workspaceId", workspaceId)
			.param("contactId", contactId)
			.param("channel", channel)
			.query(ChatStates::state)
			.optional();
	}

	private static ChatState state(ResultSet rs, int row) throws SQLException {
		long assignee = rs.getLong("assignee_id");
		Long assigneeId = rs.wasNull() ? null : assignee;
		return new ChatState(rs.getLong("id"), rs.getLong("contact_id"), ChatStatus.valueOf(rs.getString("status")),
				assigneeId, rs.getObject("last_inbound_at", OffsetDateTime.class),
				rs.getObject("opened_at", OffsetDateTime.class));
	}

}
