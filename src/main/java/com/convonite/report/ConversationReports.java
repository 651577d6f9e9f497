package com.convonite.report;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import com.convonite.conversation.PurposeView;
import com.convonite.conversation.Purposes;
import com.convonite.report.ReportFigures.Bucket;
import com.convonite.report.ReportFigures.BucketSize;
import com.convonite.report.ReportFigures.ConversationsOverTime;
import com.convonite.report.ReportFigures.Group;
import com.convonite.report.ReportFigures.Grouping;
import com.convonite.report.ReportFigures.OutcomeRow;
import com.convonite.report.ReportFigures.Outcomes;
import com.convonite.report.ReportFigures.Previous;
import com.convonite.report.ReportFigures.PreviousOutcomes;
import com.convonite.report.ReportFigures.PreviousRecontacts;
import com.convonite.report.ReportFigures.RecontactRow;
import com.convonite.report.ReportFigures.Recontacts;
import com.convonite.report.ReportPeriod.Preset;
import com.convonite.shared.DayParameter;
import com.convonite.shared.FieldProblem;
import com.convonite.shared.Ids;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.Members;
import com.convonite.workspace.SignedInMember;
import com.convonite.workspace.WorkspaceSettings;
import com.convonite.workspace.Workspaces;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The conversation reports: by purpose, owner or status over time, outcomes, and the recontact rate. Counts come from the daily
 * rollups, which hold every conversation by the day its start time falls on in the workspace's zone, so each count
 * equals the conversation list's total for the same purposes, owners, contact, status and start-time range.
 * Agents see the team's totals and their own figures; a grouping by owner shows them their own row and the rest of
 * the team as one.
 */
@Service
@Transactional(readOnly = true)
public class ConversationReports {

	/** The key of the group that holds the rest of the team, in an agent's grouping by owner. */
	public static final String OTHERS = "others";

	/** A report over time has at most this many buckets; more must be asked for by week or month. */
	static final int MAX_BUCKETS = 1_000;

	private final JdbcReportRepository repository;

	private final Workspaces workspaces;

	private final Purposes purposes;

	private final Members members;

	private final MessageSource messages;

	ConversationReports(JdbcReportRepository repository, Workspaces workspaces, Purposes purposes, Members members,
			MessageSource messages) {
		this.repository = repository;
		this.workspaces = workspaces;
		this.purposes = purposes;
		this.members = members;
		this.messages = messages;
	}

	/**
	 * Reads the shared filters, each refused with its own field message: a preset {@code period} (default the
	 * last 30 days) or a custom range {@code from}–{@code to} (dates, both included), purpose and owner ids
	 * (repeated or comma-separated; owner {@code me}), a contact id.
	 */
	public ReportFilter filter(SignedInMember me, String period, String from, String to, List<String> purposeId,
			List<String> ownerId, String contactId) {
		List<FieldProblem> problems = new ArrayList<>();
		ZoneId zone = this.workspaces.timeZone(me.workspaceId());
		LocalDate today = LocalDate.now(zone);
		LocalDate fromDay = day(from, "from", problems);
		LocalDate toDay = day(to, "to", problems);
		Preset preset = null;
		if (period != null && !period.isBlank()) {
			try {
				preset = Preset.valueOf(period.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
			}
			catch (IllegalArgumentException ex) {
				problems.add(new FieldProblem("period", "must be one of TODAY, LAST_7_DAYS, LAST_30_DAYS, LAST_90_DAYS, "
						+ "THIS_MONTH, THIS_QUARTER, THIS_YEAR, ALL_TIME (or give from and to)"));
			}
		}
		boolean custom = fromDay != null || toDay != null || has(from) || has(to);
		if (custom && preset != null) {
			problems.add(new FieldProblem("period", "give either a period or from and to, not both"));
		}
		if (custom && fromDay != null && toDay != null && toDay.isBefore(fromDay)) {
			problems.add(new FieldProblem("to", "must not be before from"));
		}
		if (custom && !has(from)) {
			problems.add(new FieldProblem("from", "is required with to"));
		}
		if (custom && !has(to)) {
			problems.add(new FieldProblem("to", "is required with from"));
		}
		List<Long> purposeIds = ids(purposeId, "purposeId", "must be purpose ids", null, problems);
		List<Long> ownerIds = ids(ownerId, "ownerId", "must be member ids or me", me.memberId(), problems);
		Long contact = null;
		if (has(contactId)) {
			contact = Ids.parse(contactId.strip());
			if (contact == null) {
				problems.add(new FieldProblem("contactId", "must be a contact id"));
			}
		}
		if (!problems.isEmpty()) {
			throw ProblemException.invalid(problems);
		}
		if (!me.isAdmin() && ownerIds.stream().anyMatch((id) -> id != me.memberId())) {
			throw ProblemException.forbidden(
					"Agents see the team's totals and their own figures: filter by owner me, or by no owner.");
		}
		ReportPeriod chosen = custom ? ReportPeriod.of(null, fromDay, toDay, zone)
				: ReportPeriod.named((preset != null) ? preset : Preset.LAST_30_DAYS, today,
						(preset == Preset.ALL_TIME) ? this.repository.firstDay(me.workspaceId()) : null, zone);
		return new ReportFilter(chosen, purposeIds, ownerIds, contact);
	}

	private static boolean has(String value) {
		return value != null && !value.isBlank();
	}

	private static LocalDate day(String value, String field, List<FieldProblem> problems) {
		return DayParameter.parse(value, field, problems);
	}

	private static List<Long> ids(List<String> values, String field, String message, Long me,
			List<FieldProblem> problems) {
		Set<Long> ids = new LinkedHashSet<>();
		for (String value : (values != null) ? values : List.<String>of()) {
			for (String part : value.split(",")) {
				if (part.isBlank()) {
					continue;
				}
				Long id = (me != null && part.strip().equalsIgnoreCase("me")) ? me : Ids.parse(part.strip());
				if (id == null) {
					problems.add(new FieldProblem(field, message));
					return List.of();
				}
				ids.add(id);
			}
		}
		return List.copyOf(ids);
	}

	/** Reads a bucket size, or chooses one that suits the period: days up to two months, weeks up to a year. */
	public BucketSize bucketSize(String value, ReportPeriod period) {
		if (!has(value)) {
			return (period.days() <= 62) ? BucketSize.DAY : (period.days() <= 366) ? BucketSize.WEEK : BucketSize.MONTH;
		}
		try {
			return BucketSize.valueOf(value.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw ProblemException.invalid("bucket", "must be DAY, WEEK or MONTH");
		}
	}

	/** Reads a grouping, PURPOSE when none is given; {@code allowed} are the ones the report offers. */
	public Grouping grouping(String value, Set<Grouping> allowed) {
		if (!has(value)) {
			return Grouping.PURPOSE;
		}
		try {
			Grouping grouping = Grouping.valueOf(value.strip().toUpperCase(Locale.ROOT));
			if (allowed.contains(grouping)) {
				return grouping;
			}
		}
		catch (IllegalArgumentException ex) {
			// answered below
		}
		throw ProblemException.invalid("groupBy",
				"must be one of " + String.join(", ", allowed.stream().map(Enum::name).sorted().toList()));
	}

	/** Conversations per bucket and group, with the previous period's totals beside them. */
	public ConversationsOverTime overTime(SignedInMember me, ReportFilter filter, BucketSize size, Grouping groupBy) {
		WorkspaceSettings settings = this.workspaces.settings(me.workspaceId());
		ReportPeriod period = filter.period();
		List<LocalDate[]> spans = spans(period, size, settings.firstDayOfWeek());
		if (spans.size() > MAX_BUCKETS) {
			throw ProblemException.invalid("bucket", "gives more than " + MAX_BUCKETS + " buckets for this period: "
					+ switch (size) {
						case DAY -> "choose WEEK or MONTH";
						case WEEK -> "choose MONTH";
						case MONTH -> "choose a shorter period";
					});
		}
		Long shownApart = shownApart(me, groupBy);
		int firstDay = settings.firstDayOfWeek().getValue();
		Map<LocalDate, Map<String, Long>> byBucket = new TreeMap<>();
		Map<String, Long> totals = new HashMap<>();
		for (JdbcReportRepository.Count count : this.repository.counts(me.workspaceId(), filter, size, firstDay, groupBy,
				shownApart)) {
			byBucket.computeIfAbsent(count.bucket(), (k) -> new LinkedHashMap<>()).merge(count.group(),
					count.conversations(), Long::sum);
			totals.merge(count.group(), count.conversations(), Long::sum);
		}
		ReportPeriod before = period.previous();
		Map<String, Long> previousTotals = new HashMap<>();
		if (before != null) {
			for (JdbcReportRepository.Count count : this.repository.counts(me.workspaceId(), filter.inPeriod(before),
					null, firstDay, groupBy, shownApart)) {
				previousTotals.merge(count.group(), count.conversations(), Long::sum);
			}
		}
		ZoneId zone = ZoneId.of(period.timeZone());
		List<Bucket> buckets = new ArrayList<>();
		for (LocalDate[] span : spans) {
			Map<String, Long> counts = byBucket.getOrDefault(span[2], Map.of());
			buckets.add(new Bucket(span[0], span[1], span[0].atStartOfDay(zone).toOffsetDateTime(),
					span[1].plusDays(1).atStartOfDay(zone).toOffsetDateTime(),
					counts.values().stream().mapToLong(Long::longValue).sum(), counts));
		}
		Set<String> keys = new LinkedHashSet<>(totals.keySet());
		keys.addAll(previousTotals.keySet());
		List<Group> groups = new ArrayList<>();
		Labels labels = labels(me.workspaceId(), groupBy);
		for (String key : labels.order(keys)) {
			long now = totals.getOrDefault(key, 0L);
			Long previous = (before != null) ? previousTotals.getOrDefault(key, 0L) : null;
			groups.add(new Group(key, labels.label(key), now, previous,
					(previous != null) ? ReportPeriod.change(now, previous) : null));
		}
		long total = totals.values().stream().mapToLong(Long::longValue).sum();
		long previousTotal = previousTotals.values().stream().mapToLong(Long::longValue).sum();
		return new ConversationsOverTime(groupBy, size, groups, buckets, total, period,
				(before != null) ? new Previous(before, previousTotal, ReportPeriod.change(total, previousTotal)) : null);
	}

	/** Outcomes per purpose or owner, and in all, with the previous period's totals. */
	public Outcomes outcomes(SignedInMember me, ReportFilter filter, Grouping groupBy) {
		Long shownApart = shownApart(me, groupBy);
		Labels labels = labels(me.workspaceId(), groupBy);
		Map<String, OutcomeBuilder> rows = outcomeRows(me.workspaceId(), filter, groupBy, shownApart);
		OutcomeBuilder total = new OutcomeBuilder();
		rows.values().forEach(total::add);
		List<OutcomeRow> answered = new ArrayList<>();
		for (String key : labels.order(rows.keySet())) {
			answered.add(rows.get(key).row(key, labels.label(key)));
		}
		String allLabel = message("report.outcomes.total", "All");
		OutcomeRow all = total.row(null, allLabel);
		ReportPeriod before = filter.period().previous();
		PreviousOutcomes previous = null;
		if (before != null) {
			OutcomeBuilder previousTotal = new OutcomeBuilder();
			outcomeRows(me.workspaceId(), filter.inPeriod(before), groupBy, shownApart).values()
				.forEach(previousTotal::add);
			OutcomeRow previousRow = previousTotal.row(null, allLabel);
			previous = new PreviousOutcomes(before, previousRow, ReportPeriod.change(all.logged(), previousRow.logged()));
		}
		return new Outcomes(groupBy, answered, all, filter.period(), previous);
	}

	/** The recontact rate per purpose or owner, and in all, with the previous period's. */
	public Recontacts recontacts(SignedInMember me, ReportFilter filter, Grouping groupBy) {
		Long shownApart = shownApart(me, groupBy);
		Labels labels = labels(me.workspaceId(), groupBy);
		Map<String, long[]> rows = new LinkedHashMap<>();
		long[] all = new long[2];
		for (JdbcReportRepository.RecontactCount count : this.repository.recontacts(me.workspaceId(), filter, groupBy,
				shownApart)) {
			rows.put(count.group(), new long[] { count.closed(), count.recontacted() });
			all[0] += count.closed();
			all[1] += count.recontacted();
		}
		List<RecontactRow> answered = new ArrayList<>();
		for (String key : labels.order(rows.keySet())) {
			answered.add(recontactRow(key, labels.label(key), rows.get(key)));
		}
		String allLabel = message("report.outcomes.total", "All");
		RecontactRow total = recontactRow(null, allLabel, all);
		ReportPeriod before = filter.period().previous();
		PreviousRecontacts previous = null;
		if (before != null) {
			long[] earlier = new long[2];
			for (JdbcReportRepository.RecontactCount count : this.repository.recontacts(me.workspaceId(),
					filter.inPeriod(before), groupBy, shownApart)) {
				earlier[0] += count.closed();
				earlier[1] += count.recontacted();
			}
			RecontactRow previousTotal = recontactRow(null, allLabel, earlier);
			previous = new PreviousRecontacts(before, previousTotal,
					(total.ratePercent() != null && previousTotal.ratePercent() != null)
							? Math.round((total.ratePercent() - previousTotal.ratePercent()) * 10) / 10.0 : null);
		}
		return new Recontacts(groupBy, this.workspaces.settings(me.workspaceId()).recontactDays(), answered, total,
				filter.period(), previous);
	}

	private static RecontactRow recontactRow(String key, String label, long[] counts) {
		return new RecontactRow(key, label, counts[0], counts[1],
				(counts[0] == 0) ? null : Math.round(counts[1] * 1000.0 / counts[0]) / 10.0);
	}

	private Map<String, OutcomeBuilder> outcomeRows(long workspaceId, ReportFilter filter, Grouping groupBy,
			Long shownApart) {
		Map<String, OutcomeBuilder> rows = new LinkedHashMap<>();
		for (JdbcReportRepository.Count count : this.repository.countsByStatus(workspaceId, filter, groupBy, shownApart)) {
			OutcomeBuilder row = rows.computeIfAbsent(count.group(), (k) -> new OutcomeBuilder());
			row.logged += count.conversations();
			if ("CLOSED".equals(count.status())) {
				row.closed += count.conversations();
			}
			else {
				row.open += count.conversations();
			}
		}
		for (JdbcReportRepository.TimeCount count : this.repository.times(workspaceId, filter, groupBy, shownApart)) {
			OutcomeBuilder row = rows.computeIfAbsent(count.group(), (k) -> new OutcomeBuilder());
			((count.measure() == 'D') ? row.duration : row.timeToClose).add(count.bucket(), count.conversations());
		}
		return rows;
	}

	private static final class OutcomeBuilder {

		long logged;

		long closed;

		long open;

		final TimeHistogram duration = new TimeHistogram();

		final TimeHistogram timeToClose = new TimeHistogram();

		void add(OutcomeBuilder other) {
			this.logged += other.logged;
			this.closed += other.closed;
			this.open += other.open;
			this.duration.addAll(other.duration);
			this.timeToClose.addAll(other.timeToClose);
		}

		OutcomeRow row(String key, String label) {
			return new OutcomeRow(key, label, this.logged, this.closed, this.open, this.duration.figures(),
					this.timeToClose.figures());
		}

	}

	/** The owner an agent's grouping by owner shows apart from the rest of the team; null otherwise. */
	private static Long shownApart(SignedInMember me, Grouping groupBy) {
		return (groupBy == Grouping.OWNER && !me.isAdmin()) ? me.memberId() : null;
	}

	/**
	 * The buckets of the period: {first day, last day, the bucket's own first day (as the database groups by it)},
	 * the first and last cut to the period.
	 */
	static List<LocalDate[]> spans(ReportPeriod period, BucketSize size, DayOfWeek firstDayOfWeek) {
		List<LocalDate[]> spans = new ArrayList<>();
		LocalDate start = bucketStart(period.from(), size, firstDayOfWeek);
		while (!start.isAfter(period.to()) && spans.size() <= MAX_BUCKETS) {
			LocalDate next = switch (size) {
				case DAY -> start.plusDays(1);
				case WEEK -> start.plusWeeks(1);
				case MONTH -> start.plusMonths(1);
			};
			LocalDate first = start.isBefore(period.from()) ? period.from() : start;
			LocalDate last = next.minusDays(1).isAfter(period.to()) ? period.to() : next.minusDays(1);
			spans.add(new LocalDate[] { first, last, start });
			start = next;
		}
		return spans;
	}

	static LocalDate bucketStart(LocalDate day, BucketSize size, DayOfWeek firstDayOfWeek) {
		return switch (size) {
			case DAY -> day;
			case WEEK -> day.minusDays((day.getDayOfWeek().getValue() - firstDayOfWeek.getValue() + 7) % 7);
			case MONTH -> day.withDayOfMonth(1);
		};
	}

	/** Names and order of the groups of a grouping. */
	record Labels(Function<String, String> names, Comparator<String> order) {

		String label(String key) {
			return this.names.apply(key);
		}

		List<String> order(Set<String> keys) {
			return keys.stream().sorted(this.order).toList();
		}

	}

	Labels labels(long workspaceId, Grouping groupBy) {
		return switch (groupBy) {
			case PURPOSE -> {
				List<PurposeView> all = this.purposes.list(workspaceId, true);
				Map<String, String> names = new HashMap<>();
				Map<String, Integer> positions = new HashMap<>();
				for (int i = 0; i < all.size(); i++) {
					names.put(all.get(i).id(), all.get(i).name());
					positions.put(all.get(i).id(), i);
				}
				yield new Labels((key) -> names.getOrDefault(key, key),
						Comparator.comparing((String key) -> positions.getOrDefault(key, Integer.MAX_VALUE))
							.thenComparing(Comparator.naturalOrder()));
			}
			case OWNER -> {
				Map<Long, String> names = this.members.allNames(workspaceId);
				String others = message("report.group.others", "Rest of the team");
				Function<String, String> name = (key) -> OTHERS.equals(key) ? others
						: names.getOrDefault(Ids.parse(key), key);
				yield new Labels(name, Comparator.comparing((String key) -> OTHERS.equals(key))
					.thenComparing(name, String.CASE_INSENSITIVE_ORDER)
					.thenComparing(Comparator.naturalOrder()));
			}
			case STATUS -> new Labels((key) -> message("conversation.status." + key, key),
					Comparator.comparing((String key) -> "OPEN".equals(key) ? 0 : 1));
		};
	}

	String message(String code, String fallback) {
		return this.messages.getMessage(code, null, fallback, LocaleContextHolder.getLocale());
	}

}
