package com.convonite.report;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.convonite.report.ReportFigures.Grouping;
import com.convonite.report.ReportFigures.PreviousTasks;
import com.convonite.report.ReportFigures.TaskRow;
import com.convonite.report.ReportFigures.Tasks;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.SignedInMember;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The follow-up task report: per assignee, the tasks created in the period (by the day they were created in the
 * workspace's zone) and how they stand now, from the rollups of migration V151 and, for the tasks due today, the
 * clock. Each count equals the task list's for the same assignee, contact, creation range and outcome. Tasks belong
 * to no purpose of their own (their conversation's may change), so a purpose filter is refused.
 */
@Service
@Transactional(readOnly = true)
public class TaskReports {

	private final JdbcReportRepository repository;

	private final ConversationReports reports;

	TaskReports(JdbcReportRepository repository, ConversationReports reports) {
		this.repository = repository;
		this.reports = reports;
	}

	public Tasks tasks(SignedInMember me, ReportFilter filter) {
		if (!filter.purposeIds().isEmpty()) {
			throw ProblemException.invalid("purposeId",
					"does not apply to the follow-up task report: tasks are counted per assignee and contact");
		}
		Long shownApart = me.isAdmin() ? null : me.memberId();
		ConversationReports.Labels labels = this.reports.labels(me.workspaceId(), Grouping.OWNER);
		Map<String, long[]> rows = counts(me, filter, shownApart);
		long[] all = new long[4];
		rows.values().forEach((row) -> add(all, row));
		List<TaskRow> answered = new ArrayList<>();
		for (String key : labels.order(rows.keySet())) {
			answered.add(row(key, labels.label(key), rows.get(key)));
		}
		String allLabel = this.reports.message("report.outcomes.total", "All");
		TaskRow total = row(null, allLabel, all);
		ReportPeriod before = filter.period().previous();
		PreviousTasks previous = null;
		if (before != null) {
			long[] earlier = new long[4];
			counts(me, filter.inPeriod(before), shownApart).values().forEach((row) -> add(earlier, row));
			TaskRow previousTotal = row(null, allLabel, earlier);
			previous = new PreviousTasks(before, previousTotal,
					ReportPeriod.change(total.created(), previousTotal.created()));
		}
		return new Tasks(answered, total, filter.period(), previous);
	}

	/** Per group: done on time, done late, overdue now, open not yet due. */
	private Map<String, long[]> counts(SignedInMember me, ReportFilter filter, Long shownApart) {
		ZoneId zone = ZoneId.of(filter.period().timeZone());
		OffsetDateTime now = OffsetDateTime.now(zone);
		LocalDate today = now.toLocalDate();
		Map<String, Long> overdueToday = this.repository.overdueToday(me.workspaceId(), filter,
				today.atStartOfDay(zone).toOffsetDateTime(), now, shownApart);
		Map<String, long[]> rows = new LinkedHashMap<>();
		for (JdbcReportRepository.TaskCount count : this.repository.tasks(me.workspaceId(), filter, today, shownApart)) {
			long pastDue = Math.min(count.dueToday(), overdueToday.getOrDefault(count.group(), 0L));
			rows.put(count.group(), new long[] { count.onTime(), count.late(), count.overdue() + pastDue,
					count.pending() + count.dueToday() - pastDue });
		}
		return rows;
	}

	private static void add(long[] into, long[] row) {
		for (int i = 0; i < into.length; i++) {
			into[i] += row[i];
		}
	}

	private static TaskRow row(String key, String label, long[] counts) {
		return new TaskRow(key, label, counts[0] + counts[1] + counts[2] + counts[3], counts[0], counts[1], counts[2],
				counts[3]);
	}

}
