package com.convonite.conversation;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.convonite.conversation.ConversationQuery.Sort;
import com.convonite.shared.Cursor;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of conversations. Every statement is scoped to one workspace. */
@Repository
class JdbcConversationRepository {

	private final JdbcClient jdbc;

	JdbcConversationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long insert(long workspaceId, ConversationRow row) {
		return this.jdbc.sql("""
				insert into conversation (workspace_id, chat_id, contact_id, subject, summary, purpose_id, status,
				    owner_id, start_time, end_time, first_message_id, last_message_id, created_by, closed_at)
				values (:workspaceId, :chatId, :contactId, :subject, :summary, :purposeId, :status,
				    :ownerId, :startTime, :endTime, :firstMessageId, :lastMessageId, :createdBy, :closedAt)
				returning id
				""")
			.param("workspaceId", workspaceId)
			.param("chatId", row.chatId())
			.param("contactId", row.contactId())
			.param("subject", row.subject())
			.param("summary", row.summary())
			.param("purposeId", row.purposeId())
			.param("status", row.status().name())
			.param("ownerId", row.ownerId())
			.param("startTime", row.startTime())
			.param("endTime", row.endTime())
			.param("firstMessageId", row.firstMessageId())
			.param("lastMessageId", row.lastMessageId())
			.param("createdBy", row.createdBy())
			.param("closedAt", row.closedAt())
			.query(Long.class)
			.single();
	}

	Optional<ConversationRow> find(long workspaceId, long id) {
		return this.jdbc.sql("select " + ConversationRow.COLUMNS
				+ " from conversation where workspace_id = :workspaceId and id = :id")
			.param("workspaceId", workspaceId)
			.param("id", id)
			.query(ConversationRow::map)
			.optional();
	}

	/** Saves the new values if nobody saved since {@code version}; false when someone did. */
	boolean update(long workspaceId, ConversationRow row, int version) {
		return this.jdbc.sql("""
				update conversation set subject = :subject, summary = :summary, purpose_id = :purposeId,
				    status = :status, owner_id = :ownerId, start_time = :startTime, end_time = :endTime,
				    first_message_id = :firstMessageId, last_message_id = :lastMessageId, closed_at = :closedAt,
				    updated_at = now(), version = version + 1
				where workspace_id = :workspaceId and id = :id and version = :version
				""")
			.param("subject", row.subject())
			.param("summary", row.summary())
			.param("purposeId", row.purposeId())
			.param("status", row.status().name())
			.param("ownerId", row.ownerId())
			.param("startTime", row.startTime())
			.param("endTime", row.endTime())
			.param("firstMessageId", row.firstMessageId())
			.param("lastMessageId", row.lastMessageId())
			.param("closedAt", row.closedAt())
			.param("workspaceId", workspaceId)
			.param("id", row.id())
			.param("version", version)
			.update() == 1;
	}

	boolean delete(long workspaceId, long id) {
		return this.jdbc.sql("delete from conversation where workspace_id = :workspaceId and id = :id")
			.param("workspaceId", workspaceId)
			.param("id", id)
			.update() == 1;
	}

	boolean loggedSince(long workspaceId, long chatId, OffsetDateTime since) {
		return this.jdbc.sql("""
				select exists (select 1 from conversation
				               where workspace_id = :workspaceId and chat_id = :chatId and created_at >= :since)
				""")
			.param("workspaceId", workspaceId)
			.param("chatId", chatId)
			.param("since", since)
			.query(Boolean.class)
			.single();
	}

	/**
	 * Turns what the user typed into a prefix query over the same words the search column holds: the text
	 * goes through the same parser and accent folding, and every word must match as a word or a prefix.
	 * Null when the text holds no word at all.
	 */
	String prefixQuery(String text) {
		return this.jdbc.sql("""
				select string_agg(quote_literal(lexeme) || ':*', ' & ')
				from unnest(to_tsvector('simple', immutable_unaccent(left(:text, 500))))
				""").param("text", text).query(String.class).optional().orElse(null);
	}

	/** One page of the list, in keyset order after the cursor's row. */
	List<ConversationRow> page(long workspaceId, ConversationQuery query, String tsQuery, Cursor cursor, int limit) {
		Sort sort = query.effectiveSort();
		Map<String, Object> params = new HashMap<>();
		StringBuilder where = where(workspaceId, query, tsQuery, params);
		String sql;
		if (sort == Sort.RELEVANCE) {
			String after = "";
			if (cursor != null) {
				List<String> values = cursor.valuesFor(sort.parameter(), 2);
				params.put("afterRank", parseFloat(values.get(0)));
				params.put("afterId", cursor.longValue(1));
				after = " where rank < :afterRank or (rank = :afterRank and id < :afterId)";
			}
			sql = "select * from (select " + ConversationRow.COLUMNS + ", ts_rank(search, query) as rank"
					+ " from conversation, to_tsquery('simple', :tsQuery) query " + where + ") ranked" + after
					+ " order by rank desc, id desc limit :limit";
		}
		else {
			String direction = sort.ascending ? "asc" : "desc";
			if (cursor != null) {
				cursor.valuesFor(sort.parameter(), 2);
				params.put("afterTime", OffsetDateTime.ofInstant(cursor.instantValue(0), java.time.ZoneOffset.UTC));
				params.put("afterId", cursor.longValue(1));
				where.append(" and (").append(sort.column).append(", id) ").append(sort.ascending ? ">" : "<")
					.append(" (:afterTime, :afterId)");
			}
			String from = (tsQuery != null) ? " from conversation, to_tsquery('simple', :tsQuery) query "
					: " from conversation ";
			sql = "select " + ConversationRow.COLUMNS + from + where + " order by " + sort.column + " " + direction
					+ ", id " + direction + " limit :limit";
		}
		params.put("limit", limit);
		return this.jdbc.sql(sql).params(params).query(ConversationRow::map).list();
	}

	long count(long workspaceId, ConversationQuery query, String tsQuery) {
		Map<String, Object> params = new HashMap<>();
		StringBuilder where = where(workspaceId, query, tsQuery, params);
		String from = (tsQuery != null) ? " from conversation, to_tsquery('simple', :tsQuery) query "
				: " from conversation ";
		return this.jdbc.sql("select count(*)" + from + where).params(params).query(Long.class).single();
	}

	private static StringBuilder where(long workspaceId, ConversationQuery query, String tsQuery,
			Map<String, Object> params) {
		StringBuilder where = new StringBuilder(" where workspace_id = :workspaceId");
		params.put("workspaceId", workspaceId);
		if (tsQuery != null) {
			where.append(" and search @@ query");
			params.put("tsQuery", tsQuery);
		}
		if (!query.statuses().isEmpty()) {
			where.append(" and status in (:statuses)");
			params.put("statuses", query.statuses().stream().map(Enum::name).toList());
		}
		if (!query.purposeIds().isEmpty()) {
			where.append(" and purpose_id in (:purposeIds)");
			params.put("purposeIds", query.purposeIds());
		}
		equal(where, params, "owner_id", "ownerId", query.ownerId());
		equal(where, params, "contact_id", "contactId", query.contactId());
		equal(where, params, "chat_id", "chatId", query.chatId());
		equal(where, params, "created_by", "createdBy", query.createdBy());
		if (query.startFrom() != null) {
			where.append(" and start_time >= :startFrom");
			params.put("startFrom", query.startFrom());
		}
		if (query.startTo() != null) {
			where.append(" and start_time < :startTo");
			params.put("startTo", query.startTo());
		}
		return where;
	}

	private static void equal(StringBuilder where, Map<String, Object> params, String column, String name, Long value) {
		if (value != null) {
			where.append(" and ").append(column).append(" = :").append(name);
			params.put(name, value);
		}
	}

	private static Float parseFloat(String value) {
		try {
			return Float.valueOf(value);
		}
		catch (NumberFormatException ex) {
			throw Cursor.invalid();
		}
	}

	void recordHistory(long workspaceId, long conversationId, long memberId, String action, String changesJson) {
		this.jdbc.sql("""
				insert into conversation_history (workspace_id, conversation_id, member_id, action, changes)
				values (:workspaceId, :conversationId, :memberId, :action, cast(:changes as jsonb))
				""")
			.param("workspaceId", workspaceId)
			.param("conversationId", conversationId)
			.param("memberId", memberId)
			.param("action", action)
			.param("changes", changesJson)
			.update();
	}

	record HistoryRow(long id, long memberId, String action, String changesJson, OffsetDateTime changedAt) {
	}

	List<HistoryRow> history(long workspaceId, long conversationId) {
		return new ArrayList<>(this.jdbc.sql("""
				select id, member_id, action, changes::text, changed_at from conversation_history
				where workspace_id = :workspaceId and conversation_id = :conversationId
				order by changed_at, id
				""")
			.param("workspaceId", workspaceId)
			.param("conversationId", conversationId)
			.query((rs, n) -> new HistoryRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
					rs.getObject(5, OffsetDateTime.class)))
			.list());
	}

}
