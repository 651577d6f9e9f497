package com.convonite.report;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.convonite.chat.FirstResponseBand;
import com.convonite.report.ChatFigures.Band;
import com.convonite.report.ChatFigures.ChatBucket;
import com.convonite.report.ChatFigures.ChatRow;
import com.convonite.report.ChatFigures.Chats;
import com.convonite.report.ChatFigures.CoverageRow;
import com.convonite.report.ChatFigures.LoggingCoverage;
import com.convonite.report.ChatFigures.PreviousChats;
import com.convonite.report.ChatFigures.PreviousCoverage;
import com.convonite.report.ReportFigures.BucketSize;
import com.convonite.report.ReportFigures.Grouping;
import com.convonite.report.ReportPeriod.Preset;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.SignedInMember;
import com.convonite.workspace.WorkspaceSettings;
import com.convonite.workspace.Workspaces;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The Chats report and logging coverage, from the rollups of the times chats were open (migration V180): per bucket
 * the times chats were opened and closed, per agent the messages, first response and resolution times, and the share
 * of closes with a conversation logged since the chat was opened. Each count equals the chat history list's total for
 * the same days, agent, contact and condition. Chats belong to no purpose, so a purpose filter is refused. Agents see
 * the team's totals and their own row, as in the other reports.
 */
@Service
@Transactional(readOnly = true)
public class ChatReports {

	/** The key of the chats closed while unassigned (agent 0 in the rollups). */
	static final String UNASSIGNED = "0";

	private final JdbcChatReportRepository repository;

	private final ConversationReports reports;

	private final Workspaces workspaces;

	ChatReports(JdbcChatReportRepository repository, ConversationReports reports, Workspaces workspaces) {
		this.repository = repository;
		this.reports = reports;
		this.workspaces = workspaces;
	}

	/**
	 * The shared filters as these reports take them: no purpose, and all time from the first day a chat was opened or
	 * closed.
	 */
	public ReportFilter filter(SignedInMember me, ReportFilter filter, String report) {
		if (!filter.purposeIds().isEmpty()) {
			throw ProblemException.invalid("purposeId", "does not apply to the " + report
					+ " report: chats are counted per agent and contact, not by the purpose of a conversation");
		}
		ReportPeriod period = filter.period();
		if (period.preset() == Preset.ALL_TIME) {
			ZoneId zone = ZoneId.of(period.timeZone());
			return filter.inPeriod(ReportPeriod.named(Preset.ALL_TIME, LocalDate.now(zone),
					this.repository.firstDay(me.workspaceId()), zone));
		}
		return filter;
	}

	public Chats chats(SignedInMember me, ReportFilter filter, BucketSize size) {
		WorkspaceSettings settings = this.workspaces.settings(me.workspaceId());
		ReportPeriod period = filter.period();
		List<LocalDate[]> spans = ConversationReports.spans(period, size, settings.firstDayOfWeek());
		if (spans.size() > ConversationReports.MAX_BUCKETS) {
			throw ProblemException.invalid("bucket", "gives more than " + ConversationReports.MAX_BUCKETS
					+ " buckets for this period: choose " + ((size == BucketSize.DAY) ? "WEEK or MONTH" : "MONTH"));
		}
		int firstDay = settings.firstDayOfWeek().getValue();
		Map<LocalDate, long[]> byBucket = new LinkedHashMap<>();
		for (JdbcChatReportRepository.ChatCount count : this.repository.counts(me.workspaceId(), filter, size, firstDay,
				false, null)) {
			byBucket.put(count.bucket(), count.values());
		}
		List<ChatBucket> buckets = new ArrayList<>();
		for (LocalDate[] span : spans) {
			long[] values = byBucket.get(span[2]);
			buckets.add(new ChatBucket(span[0], span[1], (values != null) ? values[JdbcChatReportRepository.OPENED] : 0,
					(values != null) ? values[JdbcChatReportRepository.CLOSED] : 0));
		}
		Long shownApart = me.isAdmin() ? null : me.memberId();
		ConversationReports.Labels labels = agents(me.workspaceId());
		Map<String, RowBuilder> rows = rows(me.workspaceId(), filter, shownApart);
		RowBuilder all = new RowBuilder();
		rows.values().forEach(all::add);
		List<ChatRow> answered = new ArrayList<>();
		for (String key : labels.order(rows.keySet())) {
			answered.add(rows.get(key).row(key, labels.label(key)));
		}
		String allLabel = this.reports.message("report.outcomes.total", "All");
		ChatRow total = all.row(null, allLabel);
		ReportPeriod before = period.previous();
		PreviousChats previous = null;
		if (before != null) {
			RowBuilder earlier = new RowBuilder();
			rows(me.workspaceId(), filter.inPeriod(before), shownApart).values().forEach(earlier::add);
			ChatRow previousTotal = earlier.row(null, allLabel);
			previous = new PreviousChats(before, previousTotal,
					ReportPeriod.change(total.opened(), previousTotal.opened()),
					ReportPeriod.change(total.closed(), previousTotal.closed()));
		}
		return new Chats(size, buckets, answered, total, period, previous);
	}

	public LoggingCoverage coverage(SignedInMember me, ReportFilter filter) {
		Long shownApart = me.isAdmin() ? null : me.memberId();
		ConversationReports.Labels labels = agents(me.workspaceId());
		Map<String, long[]> rows = new LinkedHashMap<>();
		long[] all = new long[2];
		for (JdbcChatReportRepository.ChatCount count : this.repository.counts(me.workspaceId(), filter, null, 1, true,
				shownApart)) {
			long closed = count.values()[JdbcChatReportRepository.CLOSED];
			long logged = count.values()[JdbcChatReportRepository.LOGGED];
			if (closed > 0) {
				rows.put(count.group(), new long[] { closed, logged });
			}
			all[0] += closed;
			all[1] += logged;
		}
		List<CoverageRow> answered = new ArrayList<>();
		for (String key : labels.order(rows.keySet())) {
			answered.add(coverageRow(key, labels.label(key), rows.get(key)));
		}
		String allLabel = this.reports.message("report.outcomes.total", "All");
		CoverageRow total = coverageRow(null, allLabel, all);
		ReportPeriod before = filter.period().previous();
		PreviousCoverage previous = null;
		if (before != null) {
			long[] earlier = new long[2];
			for (JdbcChatReportRepository.ChatCount count : this.repository.counts(me.workspaceId(),
					filter.inPeriod(before), null, 1, false, null)) {
				earlier[0] += count.values()[JdbcChatReportRepository.CLOSED];
				earlier[1] += count.values()[JdbcChatReportRepository.LOGGED];
			}
			CoverageRow previousTotal = coverageRow(null, allLabel, earlier);
			previous = new PreviousCoverage(before, previousTotal,
					(total.sharePercent() != null && previousTotal.sharePercent() != null)
							? Math.round((total.sharePercent() - previousTotal.sharePercent()) * 10) / 10.0 : null);
		}
		return new LoggingCoverage(answered, total, filter.period(), previous);
	}

	private static CoverageRow coverageRow(String key, String label, long[] counts) {
		return new CoverageRow(key, label, counts[0], counts[1],
				(counts[0] == 0) ? null : Math.round(counts[1] * 1000.0 / counts[0]) / 10.0);
	}

	/**
	 * The agents' names and order, as the owners' of the conversation reports, and "0", the chats closed while
	 * unassigned, last.
	 */
	private ConversationReports.Labels agents(long workspaceId) {
		ConversationReports.Labels owners = this.reports.labels(workspaceId, Grouping.OWNER);
		String unassigned = this.reports.message("report.chats.unassigned", "Unassigned");
		return new ConversationReports.Labels((key) -> UNASSIGNED.equals(key) ? unassigned : owners.label(key),
				Comparator.comparing((String key) -> UNASSIGNED.equals(key)).thenComparing((String a, String b) ->
						(UNASSIGNED.equals(a) || UNASSIGNED.equals(b)) ? 0 : owners.order().compare(a, b)));
	}

	private Map<String, RowBuilder> rows(long workspaceId, ReportFilter filter, Long shownApart) {
		Map<String, RowBuilder> rows = new LinkedHashMap<>();
		for (JdbcChatReportRepository.ChatCount count : this.repository.counts(workspaceId, filter, null, 1, true,
				shownApart)) {
			rows.computeIfAbsent(count.group(), (k) -> new RowBuilder()).add(count.values());
		}
		for (JdbcChatReportRepository.TimeCount count : this.repository.times(workspaceId, filter, shownApart)) {
			RowBuilder row = rows.computeIfAbsent(count.group(), (k) -> new RowBuilder());
			((count.measure() == 'F') ? row.firstResponse : row.resolution).add(count.bucket(), count.chats());
		}
		rows.values().removeIf(RowBuilder::empty);
		return rows;
	}

	private final class RowBuilder {

		final long[] values = new long[JdbcChatReportRepository.COUNTS.size()];

		final TimeHistogram firstResponse = new TimeHistogram();

		final TimeHistogram resolution = new TimeHistogram();

		void add(long[] counts) {
			for (int i = 0; i < this.values.length; i++) {
				this.values[i] += counts[i];
			}
		}

		void add(RowBuilder other) {
			add(other.values);
			this.firstResponse.addAll(other.firstResponse);
			this.resolution.addAll(other.resolution);
		}

		boolean empty() {
			return java.util.Arrays.stream(this.values).allMatch((v) -> v == 0) && this.firstResponse.count() == 0
					&& this.resolution.count() == 0;
		}

		ChatRow row(String key, String label) {
			List<Band> bands = new ArrayList<>();
			FirstResponseBand[] all = FirstResponseBand.values();
			for (int i = 0; i < all.length; i++) {
				bands.add(new Band(all[i], ChatReports.this.reports.message("chat.band." + all[i].name(), all[i].name()),
						all[i].fromSeconds(), all[i].toSeconds(), this.values[JdbcChatReportRepository.FIRST_BANDS + i]));
			}
			return new ChatRow(key, label, this.values[JdbcChatReportRepository.OPENED],
					this.values[JdbcChatReportRepository.CLOSED], this.values[JdbcChatReportRepository.MESSAGES_IN],
					this.values[JdbcChatReportRepository.MESSAGES_OUT], this.firstResponse.figures(),
					this.resolution.figures(), bands);
		}

	}

}
