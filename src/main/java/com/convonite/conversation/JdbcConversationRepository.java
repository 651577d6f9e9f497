package com.convonite.conversation;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import javax.sql.DataSource;

import com.convonite.conversation.ConversationQuery.Sort;
import com.convonite.shared.Cursor;
import com.convonite.shared.ListQueries;
import com.convonite.shared.SearchText;
import org.postgresql.PGStatement;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of conversations. Every statement is scoped to one workspace. */
@Repository
class JdbcConversationRepository {

	/** Rows an export reads from the database at a time, and whose contacts' names it looks up together. */
	static final int STREAM_FETCH_SIZE = 1_000;

	private final JdbcClient jdbc;

	private final ListQueries lists;

	private final NamedParameterJdbcTemplate streaming;

	JdbcConversationRepository(JdbcClient jdbc, ListQueries lists, DataSource dataSource) {
		this.jdbc = jdbc;
		this.lists = lists;
		JdbcTemplate template = new JdbcTemplate(dataSource) {

			/**
			 * Rows in PostgreSQL's binary format: a time or an id is then 8 bytes to copy, not text to parse
			 * (a third of the JVM's work in an export). The driver uses it only for a statement prepared on the
			 * server, which a negative threshold asks for from the first run.
			 */
			@Override
			protected void applyStatementSettings(Statement statement) throws SQLException {
				super.applyStatementSettings(statement);
				statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
			}

		};
		this.streaming = new NamedParameterJdbcTemplate(template);
	}

	/**
	 * Inserts the conversation and its first history entry in one statement (one round trip), and returns it as
	 * stored: its id, times and version.
	 */
	ConversationRow insert(long workspaceId, ConversationRow row, String action, String changesJson) {
		return this.jdbc.sql("with logged as (insert into conversation (workspace_id, chat_id, contact_id, subject, "
				+ "summary, purpose_id, status, owner_id, start_time, end_time, first_message_id, last_message_id, "
				+ "created_by, closed_at, fields) values (:workspaceId, :chatId, :contactId, :subject, :summary, :purposeId, "
				+ ":status, :ownerId, :startTime, :endTime, :firstMessageId, :lastMessageId, :createdBy, :closedAt, "
				+ "cast(:fields as jsonb)) "
				+ "returning " + ConversationRow.COLUMNS + "), "
				+ "history as (insert into conversation_history (workspace_id, conversation_id, member_id, action, "
				+ "changes) select :workspaceId, id, :createdBy, :action, cast(:changes as jsonb) from logged) "
				+ "select " + ConversationRow.COLUMNS + " from logged")
			.param("action", action)
			.param("changes", changesJson)
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
			.param("fields", row.fieldsJson())
			.query(ConversationRow::map)
			.single();
	}

	/** Messages of one conversation that its learning sample reads, and characters of their text at most. */
	static final int SAMPLE_MESSAGES = 50;

	static final int SAMPLE_CHARACTERS = 4_000;

	/**
	 * One statement: the newest conversations by when they were logged (conversation_created_idx), each with the
	 * bodies of its chat's messages from its first to its last message (message_chat_idx), at most
	 * {@value #SAMPLE_MESSAGES} of them. A conversation with only one of the two covers just that message.
	 */
	List<LearningSample> learningSamples(long workspaceId, int limit) {
		return this.jdbc.sql("""
				select c.purpose_id, c.subject, c.summary, covered.bodies
				from (select id, chat_id, purpose_id, subject, summary,
				             coalesce(first_message_id, last_message_id) as first_id,
				             coalesce(last_message_id, first_message_id) as last_id
				      from conversation
				      where workspace_id = :workspaceId
				      order by created_at desc, id desc
				      limit :limit) c
				left join message f on f.workspace_id = :workspaceId and f.id = c.first_id
				left join message l on l.workspace_id = :workspaceId and l.id = c.last_id
				left join lateral (
				    select string_agg(picked.body, chr(10) order by picked.sent_at, picked.id) as bodies
				    from (select g.body, g.sent_at, g.id from message g
				          where g.workspace_id = :workspaceId and g.chat_id = c.chat_id
				            and (g.sent_at, g.id) >= (f.sent_at, f.id) and (g.sent_at, g.id) <= (l.sent_at, l.id)
				            and g.body is not null
				          order by g.sent_at, g.id
				          limit :messages) picked
				) covered on f.id is not null and l.id is not null
				""")
			.param("workspaceId", workspaceId)
			.param("limit", limit)
			.param("messages", SAMPLE_MESSAGES)
			.query((rs, n) -> {
				String words = (rs.getString(4) != null) ? rs.getString(4) : rs.getString(3);
				String text = (words != null) ? rs.getString(2) + "\n" + words : rs.getString(2);
				return new LearningSample(rs.getLong(1),
						(text.length() > SAMPLE_CHARACTERS) ? text.substring(0, SAMPLE_CHARACTERS) : text);
			})
			.list()
			.stream()
			.filter((sample) -> !sample.text().isBlank())
			.toList();
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
				    fields = cast(:fields as jsonb), updated_at = now(), version = version + 1
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
			.param("fields", row.fieldsJson())
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

	/** The latest time a conversation of the chat covers (its end, else its start); null when it has none. */
	OffsetDateTime coveredUntil(long workspaceId, long chatId) {
		return this.jdbc.sql("""
				select max(greatest(start_time, end_time)) from conversation
				where workspace_id = :workspaceId and chat_id = :chatId
				""")
			.param("workspaceId", workspaceId)
			.param("chatId", chatId)
			.query((rs, n) -> rs.getObject(1, OffsetDateTime.class))
			.list()
			.get(0);
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
	 * Counting stops here: an exact count reads every match (hundreds of milliseconds at 5 million rows; even
	 * 10,000 matches of a common word take tens of milliseconds), while the first page itself reads 51 rows.
	 * Beyond it the list says "more than".
	 */
	static final int COUNT_LIMIT = 1_000;

	/** A search as two tsqueries: every word anywhere, and every word in the subject. */
	record SearchQuery(String any, String inSubject) {
	}

	/**
	 * Turns what the user typed into a prefix query over the same words the search column holds: the text
	 * goes through the same parser and accent folding, and every word must match as a word or a prefix.
	 * Null when the text holds no word at all.
	 */
	SearchQuery prefixQuery(String text) {
		return this.jdbc.sql("""
				select string_agg(quote_literal(lexeme) || ':*', ' & '), string_agg(quote_literal(lexeme) || ':*A', ' & ')
				from unnest(to_tsvector('simple', immutable_unaccent(left(:text, 500))))
				""")
			.param("text", SearchText.of(text))
			.query((rs, n) -> (rs.getString(1) != null) ? new SearchQuery(rs.getString(1), rs.getString(2)) : null)
			.optional()
			.orElse(null);
	}

	/**
	 * One page of the list, in keyset order after the cursor's row. {@code fewMatches} says that a search has at
	 * most {@link #COUNT_LIMIT} matches (its count said so): they are then read from the search index first and
	 * sorted, in one statement. Left to itself, PostgreSQL cannot tell a rare word's prefix from a common one's
	 * (it guesses 0.1% of rows for both) and would walk the whole time index looking for a rare word's matches:
	 * 230 ms instead of 4 at 5 million conversations.
	 */
	List<ConversationRow> page(long workspaceId, ConversationQuery query, SearchQuery search, Cursor cursor, int limit,
			boolean fewMatches) {
		Sort sort = query.effectiveSort();
		if (sort == Sort.RELEVANCE) {
			return fewMatches ? fewBestMatchesFirst(workspaceId, query, search, cursor, limit)
					: bestMatchesFirst(workspaceId, query, search, cursor, limit);
		}
		Map<String, Object> params = new HashMap<>();
		StringBuilder where = where(workspaceId, query, search, params);
		String direction = sort.ascending ? "asc" : "desc";
		StringBuilder after = new StringBuilder();
		if (cursor != null) {
			cursor.valuesFor(sort.parameter(), 2);
			params.put("afterTime", OffsetDateTime.ofInstant(cursor.instantValue(0), ZoneOffset.UTC));
			params.put("afterId", cursor.longValue(1));
			after.append(" and (").append(sort.column).append(", id) ").append(sort.ascending ? ">" : "<")
				.append(" (:afterTime, :afterId)");
		}
		params.put("limit", limit);
		String order = " order by " + sort.column + " " + direction + ", id " + direction + " limit :limit";
		String sql = fewMatches
				? "with matches as materialized (select " + ConversationRow.COLUMNS + from(search) + where
						+ ") select * from matches where true" + after + order
				: "select " + ConversationRow.COLUMNS + from(search) + where + after + order;
		return this.lists.sql(sql).params(params).query(ConversationRow::map).list();
	}

	/** Best match first when the matches are few: all of them from the search index, each with its part, sorted. */
	private List<ConversationRow> fewBestMatchesFirst(long workspaceId, ConversationQuery query, SearchQuery search,
			Cursor cursor, int limit) {
		Map<String, Object> params = new HashMap<>();
		StringBuilder where = where(workspaceId, query, search, params);
		params.put("inSubject", search.inSubject());
		String after = "";
		if (cursor != null) {
			RelevanceCursor position = RelevanceCursor.of(cursor);
			params.put("afterPart", position.part());
			params.put("afterTime", position.time());
			params.put("afterId", position.id());
			after = " where part > :afterPart or (part = :afterPart and (start_time, id) < (:afterTime, :afterId))";
		}
		params.put("limit", limit);
		String sql = "with matches as materialized (select " + ConversationRow.COLUMNS
				+ ", case when search @@ to_tsquery('simple', :inSubject) then 1 else 2 end as part" + from(search)
				+ where + ") select " + ConversationRow.COLUMNS + ", part::real as rank from matches" + after
				+ " order by part, start_time desc, id desc limit :limit";
		return this.lists.sql(sql).params(params).query(ConversationRow::map).list();
	}

	/** Where a relevance-sorted page ends: the part (1, every word in the subject; 2, the others), time and id. */
	private record RelevanceCursor(long part, OffsetDateTime time, long id) {

		static RelevanceCursor of(Cursor cursor) {
			cursor.valuesFor(Sort.RELEVANCE.parameter(), 3);
			long part = cursor.longValue(0);
			if (part != 1 && part != 2) {
				throw Cursor.invalid();
			}
			return new RelevanceCursor(part, OffsetDateTime.ofInstant(cursor.instantValue(1), ZoneOffset.UTC),
					cursor.longValue(2));
		}

	}

	/**
	 * Best match first, without ranking every match (ts_rank over a word that half the rows hold takes
	 * seconds): first the matches with every word in the subject, then the others, each newest first. Each
	 * part is the filters plus the start-time keyset order, so PostgreSQL walks the start-time index and stops
	 * after a page for a common word, or reads a rare word's few rows from the GIN index. The rank column
	 * holds the part (1 or 2), and the cursor carries it.
	 */
	private List<ConversationRow> bestMatchesFirst(long workspaceId, ConversationQuery query, SearchQuery search,
			Cursor cursor, int limit) {
		long afterPart = 1;
		OffsetDateTime afterTime = null;
		Long afterId = null;
		if (cursor != null) {
			RelevanceCursor position = RelevanceCursor.of(cursor);
			afterPart = position.part();
			afterTime = position.time();
			afterId = position.id();
		}
		List<ConversationRow> rows = new ArrayList<>();
		if (afterPart == 1) {
			rows.addAll(part(workspaceId, query, search, 1, afterTime, afterId, limit));
		}
		if (rows.size() < limit) {
			rows.addAll(part(workspaceId, query, search, 2, (afterPart == 2) ? afterTime : null,
					(afterPart == 2) ? afterId : null, limit - rows.size()));
		}
		return rows;
	}

	private List<ConversationRow> part(long workspaceId, ConversationQuery query, SearchQuery search, int part,
			OffsetDateTime afterTime, Long afterId, int limit) {
		Map<String, Object> params = new HashMap<>();
		StringBuilder where = where(workspaceId, query, search, params);
		where.append((part == 1) ? " and search @@ to_tsquery('simple', :inSubject)"
				: " and not (search @@ to_tsquery('simple', :inSubject))");
		params.put("inSubject", search.inSubject());
		if (afterTime != null) {
			where.append(" and (start_time, id) < (:afterTime, :afterId)");
			params.put("afterTime", afterTime);
			params.put("afterId", afterId);
		}
		params.put("limit", limit);
		String sql = "select " + ConversationRow.COLUMNS + ", " + part + "::real as rank" + from(search) + where
				+ " order by start_time desc, id desc limit :limit";
		return this.lists.sql(sql).params(params).query(ConversationRow::map).list();
	}

	/**
	 * Every match in list order, in batches of {@link #STREAM_FETCH_SIZE} fetched from one declared cursor (the
	 * caller must hold a transaction, which keeps it open), so that an export of millions of rows neither holds
	 * them in memory nor runs a query per page.
	 */
	void stream(long workspaceId, ConversationQuery query, SearchQuery search, Consumer<List<ConversationRow>> batches) {
		Sort sort = query.effectiveSort();
		Map<String, Object> params = new HashMap<>();
		StringBuilder where = where(workspaceId, query, search, params);
		String order;
		if (sort == Sort.RELEVANCE) {
			order = "(search @@ to_tsquery('simple', :inSubject)) desc, start_time desc, id desc";
			params.put("inSubject", search.inSubject());
		}
		else {
			String direction = sort.ascending ? "asc" : "desc";
			order = sort.column + " " + direction + ", id " + direction;
		}
		// A cursor declared in SQL rather than the driver's fetch size: PostgreSQL plans a declared cursor for its
		// first rows (a plain statement is planned for all of them, which may mean sorting them all first), so a
		// large export follows an index and its first rows leave at once.
		this.lists.sql("declare conversation_export no scroll cursor for select " + ConversationRow.COLUMNS
				+ from(search) + where + " order by " + order).params(params).update();
		List<ConversationRow> batch;
		do {
			batch = this.streaming.getJdbcOperations()
				.query("fetch " + STREAM_FETCH_SIZE + " from conversation_export", ConversationRow::map);
			if (!batch.isEmpty()) {
				batches.accept(batch);
			}
		}
		while (batch.size() == STREAM_FETCH_SIZE);
		this.jdbc.sql("close conversation_export").update();
	}

	/** The number of matches, counted up to one more than {@link #COUNT_LIMIT}. */
	long count(long workspaceId, ConversationQuery query, SearchQuery search) {
		Map<String, Object> params = new HashMap<>();
		StringBuilder where = where(workspaceId, query, search, params);
		return this.lists.sql("select count(*) from (select 1" + from(search) + where + " limit " + (COUNT_LIMIT + 1)
				+ ") matches").params(params).query(Long.class).single();
	}

	private static String from(SearchQuery search) {
		return (search != null) ? " from conversation, to_tsquery('simple', :tsQuery) query " : " from conversation ";
	}

	private static StringBuilder where(long workspaceId, ConversationQuery query, SearchQuery search,
			Map<String, Object> params) {
		StringBuilder where = new StringBuilder(" where workspace_id = :workspaceId");
		params.put("workspaceId", workspaceId);
		if (search != null) {
			where.append(" and search @@ query");
			params.put("tsQuery", search.any());
		}
		if (!query.statuses().isEmpty()) {
			where.append(" and status in (:statuses)");
			params.put("statuses", query.statuses().stream().map(Enum::name).toList());
		}
		if (!query.purposeIds().isEmpty()) {
			where.append(" and purpose_id in (:purposeIds)");
			params.put("purposeIds", query.purposeIds());
		}
		if (!query.ownerIds().isEmpty()) {
			where.append(" and owner_id in (:ownerIds)");
			params.put("ownerIds", query.ownerIds());
		}
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
		fieldFilters(where, params, query.fieldFilters());
		if (query.recontacted() != null) {
			where.append(" and status = 'CLOSED' and ").append(query.recontacted() ? "" : "not ").append("""
					exists (select 1 from conversation o, workspace_settings s
					        where s.workspace_id = conversation.workspace_id and o.workspace_id = conversation.workspace_id
					          and o.contact_id = conversation.contact_id and o.purpose_id = conversation.purpose_id
					          and o.start_time > conversation.end_time
					          and o.start_time <= conversation.end_time + interval '24 hours' * s.recontact_days)""");
		}
		return where;
	}

	/**
	 * A custom field filter matches any of its values; several fields must all match. Each value is a jsonb
	 * containment ({"channel": "Phone"}, {"tags": ["VIP"]}, {"vip": true}) that the GIN index on fields answers;
	 * "not ticked" is the one negation, as a checkbox that was never set holds no value at all.
	 */
	private static void fieldFilters(StringBuilder where, Map<String, Object> params,
			List<ConversationQuery.FieldFilter> filters) {
		int n = 0;
		for (ConversationQuery.FieldFilter filter : filters) {
			List<String> any = new ArrayList<>();
			for (String json : filter.containments()) {
				String name = "field" + (n++);
				params.put(name, json);
				any.add("fields @> cast(:" + name + " as jsonb)");
			}
			if (filter.unticked()) {
				String name = "field" + (n++);
				params.put(name, "{\"" + filter.key() + "\": true}");
				any.add("not (fields @> cast(:" + name + " as jsonb))");
			}
			where.append(" and (").append(String.join(" or ", any)).append(")");
		}
	}

	private static void equal(StringBuilder where, Map<String, Object> params, String column, String name, Long value) {
		if (value != null) {
			where.append(" and ").append(column).append(" = :").append(name);
			params.put(name, value);
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
