package com.convonite.task;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** A task as stored; the facade turns it into a {@link FollowUpTaskView} with the assignee's name. */
record TaskRow(long id, String title, String notes, TaskStatus status, long assigneeId, OffsetDateTime dueAt,
		boolean overdue, Long conversationId, Long chatId, Long contactId, long createdBy, OffsetDateTime createdAt,
		OffsetDateTime updatedAt, OffsetDateTime completedAt, int version) {

	static final String COLUMNS = """
			id, title, notes, status, assignee_id, due_at,
			(status = 'OPEN' and due_at is not null and due_at < statement_timestamp()) as overdue,
			conversation_id, chat_id, contact_id, created_by, created_at, updated_at, completed_at, version
			""";

	static TaskRow map(ResultSet rs, int row) throws SQLException {
		return new TaskRow(rs.getLong("id"), rs.getString("title"), rs.getString("notes"),
				TaskStatus.valueOf(rs.getString("status")), rs.getLong("assignee_id"),
				rs.getObject("due_at", OffsetDateTime.class), rs.getBoolean("overdue"),
				rs.getObject("conversation_id", Long.class), rs.getObject("chat_id", Long.class),
				rs.getObject("contact_id", Long.class), rs.getLong("created_by"),
				rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
				rs.getObject("completed_at", OffsetDateTime.class), rs.getInt("version"));
	}

	boolean mayBeChangedBy(com.convonite.workspace.SignedInMember member) {
		return member.isAdmin() || member.memberId() == this.assigneeId || member.memberId() == this.createdBy;
	}

}
