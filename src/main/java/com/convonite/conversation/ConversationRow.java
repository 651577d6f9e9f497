package com.convonite.conversation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** A conversation as stored: ids, no names. */
record ConversationRow(long id, long chatId, long contactId, String subject, String summary, long purposeId,
		ConversationStatus status, long ownerId, OffsetDateTime startTime, OffsetDateTime endTime, Long firstMessageId,
		Long lastMessageId, long createdBy, OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime closedAt,
		int version, Float rank, String fieldsJson) {

	static final String COLUMNS = """
			id, chat_id, contact_id, subject, summary, purpose_id, status, owner_id, start_time, end_time,
			first_message_id, last_message_id, created_by, created_at, updated_at, closed_at, version, fields::text as fields""";

	/** Maps a row whose first columns are {@link #COLUMNS}, in order (by position: by name costs a lookup each). */
	static ConversationRow map(ResultSet rs, int row) throws SQLException {
		return new ConversationRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
				rs.getLong(6), ConversationStatus.valueOf(rs.getString(7)), rs.getLong(8),
				rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class), nullableLong(rs, 11),
				nullableLong(rs, 12), rs.getLong(13), rs.getObject(14, OffsetDateTime.class),
				rs.getObject(15, OffsetDateTime.class), rs.getObject(16, OffsetDateTime.class), rs.getInt(17),
				hasRank(rs) ? rs.getFloat(19) : null, rs.getString(18));
	}

	private static Long nullableLong(ResultSet rs, int column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

	private static boolean hasRank(ResultSet rs) throws SQLException {
		var meta = rs.getMetaData();
		return meta.getColumnCount() > 18 && "rank".equals(meta.getColumnLabel(19));
	}

}
