package com.convonite.chat;

import java.time.OffsetDateTime;

import com.convonite.shared.ProblemException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Locks a chat's row for the rest of the transaction and reads what the rules are checked against. */
@Component
class ChatStates {

	private final JdbcClient jdbc;

	ChatStates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record ChatState(long id, long contactId, ChatStatus status, Long assigneeId, OffsetDateTime lastInboundAt,
			OffsetDateTime openedAt) {
	}

	ChatState lock(long workspaceId, long chatId) {
		return this.jdbc.sql("""
				select id, contact_id, status, assignee_id, last_inbound_at, opened_at from chat
				where workspace_id = :workspaceId and id = :id
				for update
				""")
			.param("workspaceId", workspaceId)
			.param("id", chatId)
			.query((rs, n) -> {
				long assignee = rs.getLong("assignee_id");
				Long assigneeId = rs.wasNull() ? null : assignee;
				return new ChatState(rs.getLong("id"), rs.getLong("contact_id"),
						ChatStatus.valueOf(rs.getString("status")), assigneeId,
						rs.getObject("last_inbound_at", OffsetDateTime.class),
						rs.getObject("opened_at", OffsetDateTime.class));
			})
			.optional()
			.orElseThrow(() -> ProblemException.notFound("chat"));
	}

}
