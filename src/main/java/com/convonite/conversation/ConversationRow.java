package com.convonite.conversation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** A conversation as stored: ids, no names. */
record ConversationRow(long id, long chatId, long contactId, String subject, String summary, long purposeId,
		ConversationStatus status, long ownerId, OffsetDateTime startTime, OffsetDateTime endTime, Long firstMessageId,
		Long lastMessageId, long createdBy, OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime closedAt,
		int version, Float rank) {

	static final String COLUMNS = """
			id, chat_id, contact_id, subject, summary, purpose_id, status, owner_id, start_time, end_time,
			first_message_id, last_message_id, created_by, created_at, updated_at, closed_at, version""";

	static ConversationRow map(ResultSet rs, int row) throws SQLException {
		return new ConversationRow(rs.getLong("id"), rs.getLong("chat_id"), rs.getLong("contact_id"),
				rs.getString("subject"), rs.getString("summary"), rs.getLong("purpose_id"),
				ConversationStatus.valueOf(rs.getString("status")), rs.getLong("owner_id"),
				rs.getObject("start_time", OffsetDateTime.class), rs.getObject("end_time", OffsetDateTime.class),
				(Long) rs.getObject("first_message_id"), (Long) rs.getObject("last_message_id"),
				rs.getLong("created_by"), rs.getObject("created_at", OffsetDateTime.class),
				rs.getObject("updated_at", OffsetDateTime.class), rs.getObject("closed_at", OffsetDateTime.class),
				rs.getInt("version"), hasRank(rs) ? rs.getFloat("rank") : null);
	}

	private static boolean hasRank(ResultSet rs) throws SQLException {
		var meta = rs.getMetaData();
		return meta.getColumnCount() > 17 && "rank".equals(meta.getColumnLabel(18));
	}

}
