package com.convonite.report;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.convonite.chat.FirstResponseBand;
import com.convonite.report.ReportFigures.BucketSize;
import com.convonite.report.ReportFigures.Grouping;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of the Chats and logging coverage reports, over the rollups of migration V180 ({@code chat_day},
 * {@code chat_month} and their histograms), with the shared filters and period splitting of
 * {@link JdbcReportRepository}. A report filtered by a contact reads that contact's chat episodes instead (a contact
 * has few), counted into the same columns.
 */
@Repository
class JdbcChatReportRepository {

	/** The counted columns, in the order of {@link ChatCount#values}. */
	static final List<String> COUNTS = List.of("opened", "closed", "closed_logged", "messages_in", "messages_out",
			"first_30s", "first_2m", "first_5m", "first_10m", "first_30m", "first_1h", "first_over_1h");

	static final int OPENED = 0;

	static final int CLOSED = 1;

	static final int LOGGED = 2;

	static final int MESSAGES_IN = 3;

	static final int MESSAGES_OUT = 4;

	static final int FIRST_BANDS = 5;

	/** The counts of one bucket (null for the whole period) and agent group. */
	record ChatCount(LocalDate bucket, String group, long[] values) {
	}

	/** A histogram bucket of one group and measure ('F' first response, 'R' resolution). */
	record TimeCount(String group, char measure, int bucket, long chats) {
	}

	private static final String COLUMNS = "agent_id as owner_id, " + String.join(", ", COUNTS);

	private final JdbcClient jdbc;

	JdbcChatReportRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The first day a chat was opened or closed, or null. */
	LocalDate firstDay(long workspaceId) {
		return this.jdbc.sql("select min(day) from chat_day where workspace_id = :workspaceId")
			.param("workspaceId", workspaceId)
			.query((rs, n) -> rs.getObject(1, LocalDate.class))
			.single();
	}

	/**
	 * The counts per bucket ({@code size}; null: the whole period as one) and, with {@code groupBy}, per agent group
	 * ({@code me}: the one agent shown apart from the rest of the team, for an agent; null for an admin).
	 */
	List<ChatCount> counts(long workspaceId, ReportFilter filter, BucketSize size, int firstDayOfWeek, boolean byAgent,
			Long me) {
		Map<String, Object> params = new HashMap<>();
		String bucket = "null::date";
		String source;
		if (size == BucketSize.DAY || size == BucketSize.WEEK) {
			source = days(filter, false, params);
			if (size == BucketSize.DAY) {
				bucket = "day";
			}
			else {
				bucket = "day - ((extract(isodow from day)::int - :firstDay + 7) % 7)";
				params.put("firstDay", firstDayOfWeek);
			}
		}
		else {
			source = days(filter, true, params);
			if (size == BucketSize.MONTH) {
				bucket = "date_trunc('month', day)::date";
			}
		}
		String group = byAgent ? JdbcReportRepository.group(Grouping.OWNER, me, params) : "null::text";
		StringBuilder sql = new StringBuilder("select ").append(bucket).append(" as bucket, ").append(group)
			.append(" as grp");
		for (String column : COUNTS) {
			sql.append(", coalesce(sum(").append(column).append("), 0)");
		}
		sql.append(" from ").append(source).append(JdbcReportRepository.where(workspaceId, filter, params))
			.append(" group by 1, 2 order by 1, 2");
		return this.jdbc.sql(sql.toString()).params(params).query((rs, n) -> {
			long[] values = new long[COUNTS.size()];
			for (int i = 0; i < values.length; i++) {
				values[i] = rs.getLong(3 + i);
			}
			return new ChatCount(rs.getObject(1, LocalDate.class), rs.getString(2), values);
		}).list();
	}

	/** The histograms of first response and resolution per agent group over the whole period. */
	List<TimeCount> times(long workspaceId, ReportFilter filter, Long me) {
		Map<String, Object> params = new HashMap<>();
		String source;
		if (filter.contactId() == null) {
			String columns = "agent_id as owner_id, measure, bucket, chats";
			source = JdbcReportRepository.byMonths(filter, params, "chat_day_time", "chat_month_time", columns);
			if (source.equals("chat_day_time")) {
				source = "(select workspace_id, day, " + columns + " from chat_day_time) chat_day_time";
			}
		}
		else {
			params.put("contactId", filter.contactId());
			params.put("zone", filter.period().timeZone());
			source = """
					(select e.workspace_id, v.day, coalesce(e.agent_id, 0) as owner_id, v.measure, v.bucket, 1 as chats
					 from (select e.*, %s as fr from chat_episode e
					       where e.workspace_id = :workspaceId and e.contact_id = :contactId) e
					 cross join lateral (values
					   ((e.opened_at at time zone :zone)::date, 'F', report_time_bucket(e.fr)),
					   ((e.closed_at at time zone :zone)::date, 'R', report_time_bucket(
					     greatest(0, extract(epoch from e.closed_at - e.opened_at))::double precision))) v (day, measure, bucket)
					 where v.day is not null and v.bucket is not null) chat_day_time
					""".formatted(FirstResponseBand.SECONDS_SQL);
		}
		String sql = "select " + JdbcReportRepository.group(Grouping.OWNER, me, params)
				+ " as grp, measure, bucket, sum(chats) from " + source
				+ JdbcReportRepository.where(workspaceId, filter, params) + " group by 1, 2, 3 order by 1, 2, 3";
		return this.jdbc.sql(sql)
			.params(params)
			.query((rs, n) -> new TimeCount(rs.getString(1), rs.getString(2).charAt(0), rs.getInt(3), rs.getLong(4)))
			.list();
	}

	/**
	 * The daily counts with the agent named as the shared filters expect ({@code owner_id}): the rollup (with its
	 * whole months from the monthly one, when {@code months}), or one contact's episodes counted the same way: on
	 * the day each was opened and on the day it was closed.
	 */
	private static String days(ReportFilter filter, boolean months, Map<String, Object> params) {
		if (filter.contactId() == null) {
			String source = months ? JdbcReportRepository.byMonths(filter, params, "chat_day", "chat_month", COLUMNS)
					: "chat_day";
			return source.equals("chat_day") ? "(select workspace_id, day, " + COLUMNS + " from chat_day) chat_day"
					: source;
		}
		params.put("contactId", filter.contactId());
		params.put("zone", filter.period().timeZone());
		StringBuilder bands = new StringBuilder();
		for (FirstResponseBand band : FirstResponseBand.values()) {
			bands.append(", coalesce((e.fr >= ").append(band.fromSeconds());
			if (band.toSeconds() != null) {
				bands.append(" and e.fr < ").append(band.toSeconds());
			}
			bands.append(")::int, 0)");
		}
		return """
				(select e.workspace_id, v.day, coalesce(e.agent_id, 0) as owner_id, %s
				 from (select e.*, %s as fr from chat_episode e
				       where e.workspace_id = :workspaceId and e.contact_id = :contactId) e
				 cross join lateral (values
				   ((e.opened_at at time zone :zone)::date, 1, 0, 0, e.messages_in, e.messages_out%s),
				   ((e.closed_at at time zone :zone)::date, 0, 1, e.conversation_logged::int, 0, 0, 0, 0, 0, 0, 0, 0, 0)
				 ) v (day, %s)
				 where v.day is not null) chat_day
				""".formatted(String.join(", ", COUNTS.stream().map((c) -> "v." + c).toList()),
				FirstResponseBand.SECONDS_SQL, bands, String.join(", ", COUNTS));
	}

}
