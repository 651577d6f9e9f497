package com.convonite.report;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import com.convonite.report.ReportFigures.BucketSize;
import com.convonite.report.ReportFigures.Grouping;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of the reports, over the rollups of migrations V110 and V195 (by day, week, month and year; the narrowest
 * that answers exactly: per purpose alone, per owner alone, or per purpose-owner pair). A report filtered by a
 * contact reads that contact's conversations instead (through the contact index: a contact has few), grouped into
 * the same columns, so both ways share every other line.
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
		Width width = Width.of(groupBy, filter);
		DayOfWeek firstDay = DayOfWeek.of(firstDayOfWeek);
		String bucket = "null::date";
		String source = days(workspaceId, filter, Unit.MONTH, width, firstDay, params);
		if (size == BucketSize.DAY) {
			bucket = "day";
			source = days(workspaceId, filter, Unit.DAY, width, firstDay, params);
		}
		else if (size == BucketSize.WEEK) {
			bucket = "day - ((extract(isodow from day)::int - :firstDay + 7) % 7)";
			params.put("firstDay", firstDayOfWeek);
			source = days(workspaceId, filter, Unit.WEEK, width, firstDay, params);
		}
		else if (size == BucketSize.MONTH) {
			bucket = "date_trunc('month', day)::date";
		}
		String sql = "select " + bucket + " as bucket, " + group(groupBy, me, params)
				+ " as grp, sum(conversations) from " + source + where(workspaceId, filter, params)
				+ " group by 1, 2 having sum(conversations) <> 0 order by 1, 2";
		return this.jdbc.sql(sql)
			.params(params)
			.query((rs, n) -> new Count(rs.getObject(1, LocalDate.class), rs.getString(2), null, rs.getLong(3)))
			.list();
	}

	/** Conversations per group and status over the whole period. */
	List<Count> countsByStatus(long workspaceId, ReportFilter filter, Grouping groupBy, Long me) {
		Map<String, Object> params = new HashMap<>();
		String sql = "select " + group(groupBy, me, params) + " as grp, status, sum(conversations) from "
				+ days(workspaceId, filter, Unit.MONTH, Width.of(groupBy, filter), null, params)
				+ where(workspaceId, filter, params) + " group by 1, 2 having sum(conversations) <> 0 order by 1, 2";
		return this.jdbc.sql(sql)
			.params(params)
			.query((rs, n) -> new Count(null, rs.getString(1), rs.getString(2), rs.getLong(3)))
			.list();
	}

	/** The histograms of both times per group over the whole period. */
	List<TimeCount> times(long workspaceId, ReportFilter filter, Grouping groupBy, Long me) {
		Map<String, Object> params = new HashMap<>();
		String sql = "select " + group(groupBy, me, params) + " as grp, measure, bucket, sum(conversations) from "
				+ dayTimes(workspaceId, filter, groupBy, params) + where(workspaceId, filter, params)
				+ " group by 1, 2, 3 having sum(conversations) <> 0 order by 1, 2, 3";
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
	 * The narrowest rollups that answer exactly: by purpose (or by status) with no owner filter, the per-purpose ones;
	 * by owner with no purpose filter, the per-owner ones; by both, the ones of every purpose-owner pair.
	 */
	private enum Width {

		PURPOSE("_purpose", "purpose_id"), OWNER("_owner", "owner_id"), BOTH("", "purpose_id, owner_id");

		final String suffix;

		final String keys;

		Width(String suffix, String keys) {
			this.suffix = suffix;
			this.keys = keys;
		}

		static Width of(Grouping groupBy, ReportFilter filter) {
			boolean purposes = groupBy == Grouping.PURPOSE || !filter.purposeIds().isEmpty();
			boolean owners = groupBy == Grouping.OWNER || !filter.ownerIds().isEmpty();
			return (purposes && owners) ? BOTH : owners ? OWNER : PURPOSE;
		}

	}

	/**
	 * The counts, as daily rows of the period (the contact's conversations with a contact filter): with
	 * {@code unit} MONTH or WEEK, whole months or weeks come from the narrowest monthly or weekly rollup and days
	 * only from the daily one at the ends; with DAY, the daily rollup alone.
	 */
	private String days(long workspaceId, ReportFilter filter, Unit unit, Width width, DayOfWeek firstDay,
			Map<String, Object> params) {
		if (filter.contactId() == null) {
			if (unit == Unit.DAY) {
				return "conversation_day";
			}
			String wide = (unit == Unit.WEEK) ? "week" : "month";
			return periods(filter, params, List.of(new Level("conversation_day", "day", Unit.DAY),
					new Level("conversation_" + wide + width.suffix, wide, unit)), firstDay, extent(workspaceId),
					width.keys + ", status", "conversations");
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
	 * The histograms: whole years from the narrowest yearly rollup (per purpose or per owner alone), whole months
	 * from the monthly one, days at the ends from the daily one; by purpose and owner both, months and days.
	 */
	private String dayTimes(long workspaceId, ReportFilter filter, Grouping groupBy, Map<String, Object> params) {
		if (filter.contactId() == null) {
			Width width = Width.of(groupBy, filter);
			List<Level> levels = new ArrayList<>(List.of(new Level("conversation_day_time", "day", Unit.DAY),
					new Level("conversation_month" + width.suffix + "_time", "month", Unit.MONTH)));
			if (width != Width.BOTH) {
				levels.add(new Level("conversation_year" + width.suffix + "_time", "year", Unit.YEAR));
			}
			return periods(filter, params, levels, null, extent(workspaceId), width.keys + ", measure, bucket",
					"conversations");
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

	/** The first and last day that have a conversation; null when none has. */
	private Extent extent(long workspaceId) {
		return this.jdbc.sql("select min(day), max(day) from conversation_day where workspace_id = :workspaceId")
			.param("workspaceId", workspaceId)
			.query((rs, n) -> new Extent(rs.getObject(1, LocalDate.class), rs.getObject(2, LocalDate.class)))
			.list()
			.stream()
			.filter((extent) -> extent.first() != null)
			.findFirst()
			.orElse(null);
	}

	/**
	 * A daily rollup's rows of the period, with its whole months read from the monthly rollup instead: the days
	 * before the first whole month, the months, and the days after the last, each a range of the primary key.
	 */
	static String byMonths(ReportFilter filter, Map<String, Object> params, String dayTable,
			String monthTable, String columns) {
		return periods(filter, params, List.of(new Level(dayTable, "day", Unit.DAY),
				new Level(monthTable, "month", Unit.MONTH)), null, null, columns, null);
	}

	/** The units rollups are kept by. */
	enum Unit {

		DAY, WEEK, MONTH, YEAR;

		LocalDate start(LocalDate day, DayOfWeek firstDay) {
			return switch (this) {
				case DAY -> day;
				case WEEK -> day.with(TemporalAdjusters.previousOrSame(firstDay));
				case MONTH -> day.withDayOfMonth(1);
				case YEAR -> day.withDayOfYear(1);
			};
		}

		LocalDate next(LocalDate start) {
			return switch (this) {
				case DAY -> start.plusDays(1);
				case WEEK -> start.plusWeeks(1);
				case MONTH -> start.plusMonths(1);
				case YEAR -> start.plusYears(1);
			};
		}

	}

	/** A rollup: its table, the column its rows are dated by (a unit's first day) and its unit. */
	record Level(String table, String column, Unit unit) {
	}

	/** The first and last day that have a conversation. */
	record Extent(LocalDate first, LocalDate last) {

		/** The days from {@code from} to {@code to} (both included) that may have rows. */
		long days(LocalDate from, LocalDate to) {
			LocalDate start = from.isAfter(this.first) ? from : this.first;
			LocalDate end = to.isBefore(this.last) ? to : this.last;
			return end.isBefore(start) ? 0 : ChronoUnit.DAYS.between(start, end) + 1;
		}

	}

	/** Rows of one rollup from {@code start} to {@code end} (of its date column), added ({@code sign} 1) or taken off (-1). */
	record Span(Level level, int sign, LocalDate start, LocalDate end) {
	}

	/**
	 * A rollup's rows of the period from its {@code levels} (the daily one first, then coarser ones): each whole unit
	 * from the coarsest level that has it, a unit cut by the period's ends from the next finer level, down to days.
	 * With an {@code extent}, a cut unit whose part outside the period holds fewer days with conversations than its
	 * part inside (at all-time's ends, none) is read whole and the outside part taken off from the finer levels (its
	 * {@code counts} negated), so that a period ending today reads this month or year whole rather than its days.
	 * Every row is dated inside the period and stays in the bucket of its unit. Each part is a range of a primary
	 * key; the daily rollup alone when the period holds no whole unit.
	 */
	private static String periods(ReportFilter filter, Map<String, Object> params, List<Level> levels,
			DayOfWeek firstDay, Extent extent, String keys, String counts) {
		List<Span> spans = new ArrayList<>();
		cover(filter.period().from(), filter.period().to(), 1, levels, levels.size() - 1, firstDay, extent, spans);
		String dayTable = levels.get(0).table();
		if (spans.stream().allMatch((span) -> span.level() == levels.get(0) && span.sign() > 0)) {
			return dayTable;
		}
		StringJoiner union = new StringJoiner(" union all ", "(", ") " + dayTable);
		for (int i = 0; i < spans.size(); i++) {
			Span span = spans.get(i);
			String name = dayTable + i;
			params.put(name + "Start", span.start());
			params.put(name + "End", span.end());
			String columns = (span.sign() > 0 || counts == null) ? keys + ((counts == null) ? "" : ", " + counts)
					: keys + ", " + counts.replaceAll("(\\w+)", "-$1 as $1");
			union.add("select workspace_id, greatest(least(" + span.level().column() + ", :to), :from) as day, "
					+ columns + " from " + span.level().table() + " where workspace_id = :workspaceId and "
					+ span.level().column() + " between :" + name + "Start and :" + name + "End");
		}
		return union.toString();
	}

	/** The spans that add up to the days {@code lo} to {@code hi} (times {@code sign}) from the first {@code level + 1} levels. */
	static void cover(LocalDate lo, LocalDate hi, int sign, List<Level> levels, int level, DayOfWeek firstDay,
			Extent extent, List<Span> spans) {
		if (lo.isAfter(hi)) {
			return;
		}
		Level rollup = levels.get(level);
		if (level == 0) {
			spans.add(new Span(rollup, sign, lo, hi));
			return;
		}
		Unit unit = rollup.unit();
		LocalDate first = unit.start(lo, firstDay);
		LocalDate last = unit.start(hi, firstDay);
		LocalDate wholeFrom = first;
		LocalDate wholeTo = last;
		if (first.isBefore(lo) && !whole(lo, hi, sign, levels, level, first, firstDay, extent, spans)) {
			wholeFrom = unit.next(first);
		}
		boolean lastCut = !unit.next(last).minusDays(1).equals(hi);
		if (lastCut && !(first.equals(last) && first.isBefore(lo))
				&& !whole(lo, hi, sign, levels, level, last, firstDay, extent, spans)) {
			wholeTo = last.minusDays(1);
		}
		if (!wholeFrom.isAfter(wholeTo)) {
			spans.add(new Span(rollup, sign, wholeFrom, unit.start(wholeTo, firstDay)));
		}
	}

	/**
	 * A unit cut by the days {@code lo} to {@code hi}: true when it is read whole and its days outside taken off
	 * (fewer of them have conversations), false when its days inside are read from the finer levels.
	 */
	private static boolean whole(LocalDate lo, LocalDate hi, int sign, List<Level> levels, int level, LocalDate start,
			DayOfWeek firstDay, Extent extent, List<Span> spans) {
		LocalDate end = levels.get(level).unit().next(start).minusDays(1);
		LocalDate inFrom = lo.isAfter(start) ? lo : start;
		LocalDate inTo = hi.isBefore(end) ? hi : end;
		if (extent != null && extent.days(start, inFrom.minusDays(1)) + extent.days(inTo.plusDays(1), end) < extent
			.days(inFrom, inTo)) {
			cover(start, inFrom.minusDays(1), -sign, levels, level - 1, firstDay, extent, spans);
			cover(inTo.plusDays(1), end, -sign, levels, level - 1, firstDay, extent, spans);
			return true;
		}
		cover(inFrom, inTo, sign, levels, level - 1, firstDay, extent, spans);
		return false;
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
