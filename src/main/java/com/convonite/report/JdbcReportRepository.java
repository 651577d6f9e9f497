package com.convonite.report;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.convonite.report.ReportFigures.BucketSize;
import com.convonite.report.ReportFigures.Grouping;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of the reports, over the rollups {@code conversation_day} and {@code conversation_day_time}. A report
 * filtered by a contact reads that contact's conversations instead (through the contact index: a contact has few),
 * grouped into the same columns, so both ways share every other line.
 */
@Repository
class JdbcReportRepository {

	/** A count of one bucket (null for a total) and group. */
	record Count(LocalDate bucket, String group, String status, long conversations) {
	}

	/** A count of one histogram bucket of one group and measure ('D' duration, 'C' time to close). */
	record TimeCount(String group, char measure, int bucket, long conversations) {
	}

	/** Closed conversations of one group and the recontacted among them. */
	record RecontactCount(String group, long closed, long recontacted) {
	}

	/** Tasks of one assignee group: by state, the open ones split at today by their due day. */
	record TaskCount(String group, long onTime, long late, long overdue, long dueToday, long pending) {
	}

	private final JdbcClient jdbc;

	JdbcReportRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The first day that has a conversation, or null. */
	LocalDate firstDay(long workspaceId) {
		return this.jdbc.sql("select min(day) from conversation_day where workspace_id = :workspaceId")
			.param("workspaceId", workspaceId)
			.query((rs, n) -> rs.getObject(1, LocalDate.class))
			.single();
	}

	/**
	 * Conversations per bucket (null {@code size}: the whole period as one) and group. {@code me} names the one
	 * owner shown apart when owners are grouped for an agent (the others become "others"); null for an admin.
	 */
	List<Count> counts(long workspaceId, ReportFilter filter, BucketSize size, int firstDayOfWeek, Grouping groupBy,
			Long me) {
		Map<String, Object> params = new HashMap<>();
		String bucket = "null::date";
		String source = days(filter, true, params);
		if (size == BucketSize.DAY) {
			bucket = "day";
			source = days(filter, false, params);
		}
		else if (size == BucketSize.WEEK) {
			bucket = "day - ((extract(isodow from day)::int - :firstDay + 7) % 7)";
			params.put("firstDay", firstDayOfWeek);
			source = weeks(filter, firstDayOfWeek, params);
		}
		else if (size == BucketSize.MONTH) {
			bucket = "date_trunc('month', day)::date";
		}
		String sql = "select " + bucket + " as bucket, " + group(groupBy, me, params)
				+ " as grp, sum(conversations) from " + source + where(workspaceId, filter, params)
				+ " group by 1, 2 order by 1, 2";
		return this.jdbc.sql(sql)
			.params(params)
			.query((rs, n) -> new Count(rs.getObject(1, LocalDate.class), rs.getString(2), null, rs.getLong(3)))
			.list();
	}

	/** Conversations per group and status over the whole period. */
	List<Count> countsByStatus(long workspaceId, ReportFilter filter, Grouping groupBy, Long me) {
		Map<String, Object> params = new HashMap<>();
		String sql = "select " + group(groupBy, me, params) + " as grp, status, sum(conversations) from "
				+ days(filter, true, params) + where(workspaceId, filter, params) + " group by 1, 2 order by 1, 2";
		return this.jdbc.sql(sql)
			.params(params)
			.query((rs, n) -> new Count(null, rs.getString(1), rs.getString(2), rs.getLong(3)))
			.list();
	}

	/** The histograms of both times per group over the whole period. */
	List<TimeCount> times(long workspaceId, ReportFilter filter, Grouping groupBy, Long me) {
		Map<String, Object> params = new HashMap<>();
		String sql = "select " + group(groupBy, me, params) + " as grp, measure, bucket, sum(conversations) from "
				+ dayTimes(filter, groupBy, params) + where(workspaceId, filter, params) + " group by 1, 2, 3 order by 1, 2, 3";
		return this.jdbc.sql(sql)
			.params(params)
			.query((rs, n) -> new TimeCount(rs.getString(1), rs.getString(2).charAt(0), rs.getInt(3), rs.getLong(4)))
			.list();
	}

	/**
	 * Closed and recontacted conversations per group over the whole period, from the rollups of migration V150 (whole
	 * months from the monthly one), or from one contact's flags.
	 */
	List<RecontactCount> recontacts(long workspaceId, ReportFilter filter, Grouping groupBy, Long me) {
		Map<String, Object> params = new HashMap<>();
		String source;
		if (filter.contactId() == null) {
			source = byMonths(filter, params, "recontact_day", "recontact_month",
					"purpose_id, owner_id, closed, recontacted");
		}
		else {
			params.put("contactId", filter.contactId());
			source = """
					(select workspace_id, day, purpose_id, owner_id, 1 as closed, recontacted::int as recontacted
					 from conversation_recontact where workspace_id = :workspaceId and contact_id = :contactId) recontact_day
					""";
		}
		String sql = "select " + group(groupBy, me, params) + " as grp, sum(closed), sum(recontacted) from " + source
				+ where(workspaceId, filter, params) + " group by 1 having sum(closed) > 0 order by 1";
		return this.jdbc.sql(sql)
			.params(params)
			.query((rs, n) -> new RecontactCount(rs.getString(1), rs.getLong(2), rs.getLong(3)))
			.list();
	}

	/**
	 * Tasks per assignee over the whole period, from the rollups of migration V151 (whole months from the monthly
	 * one), or from one contact's tasks: done on time, late, and the open ones by their due day against
	 * {@code today} (those due today are counted by the caller against the clock).
	 */
	List<TaskCount> tasks(long workspaceId, ReportFilter filter, LocalDate today, Long me) {
		Map<String, Object> params = new HashMap<>();
		String source;
		if (filter.contactId() == null) {
			source = byMonths(filter, params, "task_day", "task_month", "assignee_id as owner_id, state, due_day, tasks");
			if (source.equals("task_day")) {
				// no whole month in the period: the days alone, with the assignee named as the shared filters expect
				source = "(select workspace_id, day, assignee_id as owner_id, state, due_day, tasks from task_day) task_day";
			}
		}
		else {
			params.put("contactId", filter.contactId());
			params.put("zone", filter.period().timeZone());
			source = """
					(select workspace_id, (created_at at time zone :zone)::date as day, assignee_id as owner_id,
					        task_report_state(status, due_at, completed_at) as state,
					        case when status = 'DONE' or due_at is null then 'infinity'::date
					             else (due_at at time zone :zone)::date end as due_day, 1 as tasks
					 from task where workspace_id = :workspaceId and contact_id = :contactId) task_day
					""";
		}
		params.put("today", today);
		String sql = "select " + group(Grouping.OWNER, me, params) + " as grp,"
				+ " coalesce(sum(tasks) filter (where state = 'ON_TIME'), 0),"
				+ " coalesce(sum(tasks) filter (where state = 'LATE'), 0),"
				+ " coalesce(sum(tasks) filter (where state = 'OPEN' and due_day < :today), 0),"
				+ " coalesce(sum(tasks) filter (where state = 'OPEN' and due_day = :today), 0),"
				+ " coalesce(sum(tasks) filter (where state = 'OPEN' and due_day > :today), 0)"
				+ " from " + source + where(workspaceId, filter, params) + " group by 1 order by 1";
		return this.jdbc.sql(sql)
			.params(params)
			.query((rs, n) -> new TaskCount(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
					rs.getLong(6)))
			.list();
	}

	/** Of the open tasks created in the period and due today, those past their due time now, per assignee group. */
	Map<String, Long> overdueToday(long workspaceId, ReportFilter filter, java.time.OffsetDateTime todayStart,
			java.time.OffsetDateTime now, Long me) {
		Map<String, Object> params = new HashMap<>();
		params.put("workspaceId", workspaceId);
		params.put("todayStart", todayStart);
		params.put("now", now);
		params.put("createdFrom", filter.period().startFrom());
		params.put("createdTo", filter.period().startTo());
		StringBuilder sql = new StringBuilder("select " + group(Grouping.OWNER, me, params).replace("owner_id",
				"assignee_id") + " as grp, count(*) from task where workspace_id = :workspaceId and status = 'OPEN'"
				+ " and due_at >= :todayStart and due_at < :now and created_at >= :createdFrom and created_at < :createdTo");
		if (!filter.ownerIds().isEmpty()) {
			sql.append(" and assignee_id in (:ownerIds)");
			params.put("ownerIds", filter.ownerIds());
		}
		if (filter.contactId() != null) {
			sql.append(" and contact_id = :contactId");
			params.put("contactId", filter.contactId());
		}
		Map<String, Long> counts = new HashMap<>();
		this.jdbc.sql(sql + " group by 1")
			.params(params)
			.query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2)))
			.list();
		return counts;
	}

	static String group(Grouping groupBy, Long me, Map<String, Object> params) {
		return switch (groupBy) {
			case PURPOSE -> "purpose_id::text";
			case STATUS -> "status";
			case OWNER -> {
				if (me == null) {
					yield "owner_id::text";
				}
				params.put("me", me);
				yield "case when owner_id = :me then owner_id::text else '" + ConversationReports.OTHERS + "' end";
			}
		};
	}

	/**
	 * The daily counts: the rollup, or one contact's conversations counted the same way. With {@code months}, the
	 * whole months inside the period come from the monthly rollup (as rows dated on their first day) and only the
	 * days at its ends from the daily one: a report over years reads a few thousand rows.
	 */
	private static String days(ReportFilter filter, boolean months, Map<String, Object> params) {
		if (filter.contactId() == null) {
			return months ? byMonths(filter, params, "conversation_day", "conversation_month",
					"purpose_id, owner_id, status, conversations") : "conversation_day";
		}
		params.put("contactId", filter.contactId());
		params.put("zone", filter.period().timeZone());
		return """
				(select workspace_id, (start_time at time zone :zone)::date as day, purpose_id, owner_id, status,
				        1 as conversations
				 from conversation where workspace_id = :workspaceId and contact_id = :contactId) conversation_day
				""";
	}

	/**
	 * The histograms: by purpose with no owner filter (or by owner with no purpose filter), whole months come from the
	 * per-purpose (per-owner) monthly rollup, a fraction of the rows of every purpose-owner pair.
	 */
	private static String dayTimes(ReportFilter filter, Grouping groupBy, Map<String, Object> params) {
		if (filter.contactId() == null) {
			if (groupBy == Grouping.PURPOSE && filter.ownerIds().isEmpty()) {
				return byMonths(filter, params, "conversation_day_time", "conversation_month_purpose_time",
						"purpose_id, measure, bucket, conversations");
			}
			if (groupBy == Grouping.OWNER && filter.purposeIds().isEmpty()) {
				return byMonths(filter, params, "conversation_day_time", "conversation_month_owner_time",
						"owner_id, measure, bucket, conversations");
			}
			return byMonths(filter, params, "conversation_day_time", "conversation_month_time",
					"purpose_id, owner_id, measure, bucket, conversations");
		}
		params.put("contactId", filter.contactId());
		params.put("zone", filter.period().timeZone());
		return """
				(select c.workspace_id, (c.start_time at time zone :zone)::date as day, c.purpose_id, c.owner_id,
				        m.measure, m.bucket, 1 as conversations
				 from conversation c
				 cross join lateral (values
				   ('D', report_time_bucket(extract(epoch from c.end_time - c.start_time)::double precision)),
				   ('C', case when c.status = 'CLOSED' and c.closed_at is not null then report_time_bucket(
				           greatest(0, extract(epoch from c.closed_at - c.created_at))::double precision) end)) m (measure, bucket)
				 where c.workspace_id = :workspaceId and c.contact_id = :contactId and m.bucket is not null) conversation_day_time
				""";
	}

	/**
	 * A daily rollup's rows of the period, with its whole months read from the monthly rollup instead: the days
	 * before the first whole month, the months, and the days after the last, each a range of the primary key.
	 */
	static String byMonths(ReportFilter filter, Map<String, Object> params, String dayTable,
			String monthTable, String columns) {
		LocalDate from = filter.period().from();
		LocalDate to = filter.period().to();
		LocalDate first = (from.getDayOfMonth() == 1) ? from : from.withDayOfMonth(1).plusMonths(1);
		LocalDate after = (to.getDayOfMonth() == to.lengthOfMonth()) ? to.plusDays(1) : to.withDayOfMonth(1);
		return wholePeriods(params, dayTable, monthTable, "month", first, after, after.minusMonths(1), columns);
	}

	/** The daily counts with the whole weeks of the period read from the weekly rollup (as {@link #byMonths}). */
	private static String weeks(ReportFilter filter, int firstDayOfWeek, Map<String, Object> params) {
		if (filter.contactId() != null) {
			return days(filter, false, params);
		}
		DayOfWeek firstDay = DayOfWeek.of(firstDayOfWeek);
		LocalDate from = filter.period().from();
		LocalDate to = filter.period().to();
		LocalDate first = (from.getDayOfWeek() == firstDay) ? from : from.with(TemporalAdjusters.next(firstDay));
		LocalDate after = (to.plusDays(1).getDayOfWeek() == firstDay) ? to.plusDays(1)
				: to.with(TemporalAdjusters.previous(firstDay));
		return wholePeriods(params, "conversation_day", "conversation_week", "week", first, after, after.minusWeeks(1),
				"purpose_id, owner_id, status, conversations");
	}

	/**
	 * The days from the period's start to the first whole week or month ({@code first}), those weeks or months
	 * (dated on their first day, up to {@code last}), and the days from {@code after} to the period's end: each a
	 * range of a primary key. Only the days when the period holds no whole one.
	 */
	private static String wholePeriods(Map<String, Object> params, String dayTable, String wideTable, String wideColumn,
			LocalDate first, LocalDate after, LocalDate last, String columns) {
		if (!first.isBefore(after)) {
			return dayTable;
		}
		params.put("firstWide", first);
		params.put("lastWide", last);
		params.put("headEnd", first.minusDays(1));
		params.put("tailStart", after);
		return "(select workspace_id, day, " + columns + " from " + dayTable
				+ " where workspace_id = :workspaceId and day between :from and :headEnd"
				+ " union all select workspace_id, " + wideColumn + ", " + columns + " from " + wideTable
				+ " where workspace_id = :workspaceId and " + wideColumn + " between :firstWide and :lastWide"
				+ " union all select workspace_id, day, " + columns + " from " + dayTable
				+ " where workspace_id = :workspaceId and day between :tailStart and :to) " + dayTable;
	}

	static String where(long workspaceId, ReportFilter filter, Map<String, Object> params) {
		StringBuilder where = new StringBuilder(" where workspace_id = :workspaceId and day between :from and :to");
		params.put("workspaceId", workspaceId);
		params.put("from", filter.period().from());
		params.put("to", filter.period().to());
		if (!filter.purposeIds().isEmpty()) {
			where.append(" and purpose_id in (:purposeIds)");
			params.put("purposeIds", filter.purposeIds());
		}
		if (!filter.ownerIds().isEmpty()) {
			where.append(" and owner_id in (:ownerIds)");
			params.put("ownerIds", filter.ownerIds());
		}
		return where.toString();
	}

}
