package com.convonite.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SQL that reads chats and messages as views. The contact's name and phone and the member names are
 * joined in (always within the same workspace) so that a list page is one query.
 */
final class ChatRows {

	/**
	 * A chat's columns as {@link #chat} reads them, from {@code chat c} and its contact {@code ct}, the assignee's
	 * name by key: the same for a select and for the {@code returning} clause of an update.
	 */
	private static final String CHAT_COLUMNS = """
			c.id, c.contact_id, ct.name as contact_name, ct.phone as contact_phone, c.channel, c.status, c.assignee_id,
			(select m.name from member m where m.workspace_id = c.workspace_id and m.id = c.assignee_id) as assignee_name,
			c.unread_count, c.last_message_at, c.last_inbound_at, c.opened_at, c.closed_at, c.created_at
			""";

	static final String CHAT_SELECT = "select " + CHAT_COLUMNS + """
			from chat c
			join contact ct on ct.workspace_id = c.workspace_id and ct.id = c.contact_id
			""";

	/**
	 * The chat's columns as the {@code returning} clause of an update of {@code chat c} that joins the chat's
	 * contact as {@code ct}: the changed chat comes back without a second statement.
	 */
	static final String CHAT_RETURNING = "returning " + CHAT_COLUMNS;

	static final String MESSAGE_SELECT = """
			select g.id, g.chat_id, g.direction, g.type, g.body, g.media::text as media, g.sent_at, g.author_id,
			       a.name as author_name, g.delivery_status, g.external_id,
			       g.failure_reason
			from message g
			left join member a on a.workspace_id = g.workspace_id and a.id = g.author_id
			""";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ChatRows() {
	}

	static ChatView chat(ResultSet rs, int row) throws SQLException {
		long assignee = rs.getLong("assignee_id");
		String assigneeId = rs.wasNull() ? null : Long.toString(assignee);
		return new ChatView(Long.toString(rs.getLong("id")), Long.toString(rs.getLong("contact_id")),
				rs.getString("contact_name"), rs.getString("contact_phone"), rs.getString("channel"),
				ChatStatus.valueOf(rs.getString("status")), assigneeId,
				rs.getString("assignee_name"), rs.getInt("unread_count"),
				rs.getObject("last_message_at", OffsetDateTime.class),
				rs.getObject("last_inbound_at", OffsetDateTime.class), rs.getObject("opened_at", OffsetDateTime.class),
				rs.getObject("closed_at", OffsetDateTime.class), rs.getObject("created_at", OffsetDateTime.class));
	}

	static MessageView message(ResultSet rs, int row) throws SQLException {
		long author = rs.getLong("author_id");
		String authorId = rs.wasNull() ? null : Long.toString(author);
		String status = rs.getString("delivery_status");
		return new MessageView(Long.toString(rs.getLong("id")), Long.toString(rs.getLong("chat_id")),
				MessageDirection.valueOf(rs.getString("direction")), MessageType.valueOf(rs.getString("type")),
				rs.getString("body"), media(rs.getString("media")), rs.getObject("sent_at", OffsetDateTime.class),
				authorId, rs.getString("author_name"), (status != null) ? DeliveryStatus.valueOf(status) : null,
				rs.getString("external_id"), rs.getString("failure_reason"));
	}

	static Map<String, Object> media(String json) {
		return (json != null) ? JSON.readValue(json, new TypeReference<Map<String, Object>>() {
		}) : null;
	}

	static String mediaJson(Map<String, Object> media) {
		return (media != null) ? JSON.writeValueAsString(media) : null;
	}

}
