package com.convonite.report;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answers of the reports, as the API and the Reports page receive them. */
public final class ReportFigures {

	private ReportFigures() {
	}

	/** What a report's rows are grouped by. */
	public enum Grouping {

		PURPOSE, OWNER, STATUS

	}

	/** How long a bucket of a report over time is. Weeks start on the workspace's first day of the week. */
	public enum BucketSize {

		DAY, WEEK, MONTH

	}

	@Schema(description = "A group of a report: a purpose (key = its id), an owner (key = the member's id; an "
			+ "agent sees their own and \"others\", the rest of the team together) or a status (OPEN, CLOSED).")
	public record Group(String key, String label, long count,
			@Schema(description = "Its count in the previous period; null for all time", nullable = true) Long previousCount,
			@Schema(description = "Change from the previous period in %; null when there is none or it was 0",
					nullable = true) Double changePercent) {
	}

	@Schema(description = "A day, week or month of the period (cut to the period at its ends)")
	public record Bucket(LocalDate from, LocalDate to, OffsetDateTime startFrom, OffsetDateTime startTo, long total,
			@Schema(description = "Conversations per group key; groups without any are left out") Map<String, Long> counts) {
	}

	/** The period before, of the same length. */
	public record Previous(ReportPeriod period, long total,
			@Schema(description = "Change of the total in %; null when the previous total was 0", nullable = true)
			Double changePercent) {
	}

	@Schema(description = "Conversations counted by the day their start time falls on in the workspace's time zone, "
			+ "per bucket and group; every count equals the conversation list's total for the same filters.")
	public record ConversationsOverTime(Grouping groupBy, BucketSize bucket, List<Group> groups, List<Bucket> buckets,
			long total, ReportPeriod period,
			@Schema(nullable = true, description = "The period before, of the same length; null for all time") Previous previous) {
	}

	@Schema(description = "Median and 90th percentile of a time in seconds, from log-scale histograms: within 9.1% of "
			+ "the exact value (0 means under a second); null when no conversation has one.")
	public record Times(long count, @Schema(nullable = true) Long medianSeconds, @Schema(nullable = true) Long p90Seconds) {
	}

	@Schema(description = "Outcomes of one group (or of all of them): conversations that started in the period, how "
			+ "many are closed and still open, their duration (start to end, those with an end) and time to close "
			+ "(logged to closed, the closed ones).")
	public record OutcomeRow(@Schema(description = "The group's key; null for the row of all", nullable = true) String key,
			String label, long logged, long closed, long open, Times duration,
			Times timeToClose) {
	}

	/** The previous period's totals. */
	public record PreviousOutcomes(ReportPeriod period, OutcomeRow total,
			@Schema(description = "Change of the logged conversations in %; null when the previous count was 0",
					nullable = true) Double loggedChangePercent) {
	}

	@Schema(description = "Recontacts of one group (or of all of them): the conversations that started in the period and "
			+ "are closed, those of them whose contact got another conversation with the same purpose within the "
			+ "workspace's recontactDays of their end, and that share.")
	public record RecontactRow(@Schema(description = "The group's key; null for the row of all", nullable = true) String key,
			String label, long closed, long recontacted,
			@Schema(description = "recontacted / closed in %, one decimal; null when none is closed", nullable = true)
			Double ratePercent) {
	}

	/** The previous period's totals. */
	public record PreviousRecontacts(ReportPeriod period, RecontactRow total,
			@Schema(description = "Change of the rate in percentage points; null when either period has none closed",
					nullable = true) Double rateChangePoints) {
	}

	@Schema(description = "The recontact rate per purpose or per owner, and for everyone together")
	public record Recontacts(Grouping groupBy,
			@Schema(description = "The workspace's setting: days after a conversation's end within which another "
					+ "conversation of the same contact and purpose makes it recontacted") int recontactDays,
			List<RecontactRow> rows, RecontactRow total, ReportPeriod period,
			@Schema(nullable = true, description = "The previous period's totals; null for all time") PreviousRecontacts previous) {
	}

	@Schema(description = "Follow-up tasks of one assignee (or of all): created in the period, and of those, done by "
			+ "their due time (or without one), done after it, open past it now, and open not yet due (or without a "
			+ "due time).")
	public record TaskRow(@Schema(description = "The assignee's member id, \"others\" for the rest of the team in an "
			+ "agent's report; null for the row of all", nullable = true) String key, String label, long created,
			long completedOnTime, long completedLate, long overdue, long pending) {
	}

	/** The previous period's totals. */
	public record PreviousTasks(ReportPeriod period, TaskRow total,
			@Schema(description = "Change of the tasks created in %; null when the previous count was 0",
					nullable = true) Double createdChangePercent) {
	}

	@Schema(description = "Follow-up tasks per assignee, and for everyone together, counted by the day they were "
			+ "created in the workspace's time zone")
	public record Tasks(List<TaskRow> rows, TaskRow total, ReportPeriod period,
			@Schema(nullable = true, description = "The previous period's totals; null for all time") PreviousTasks previous) {
	}

	@Schema(description = "Outcomes per purpose or per owner, and for everyone together")
	public record Outcomes(Grouping groupBy, List<OutcomeRow> rows, OutcomeRow total, ReportPeriod period,
			@Schema(nullable = true, description = "The previous period's totals; null for all time") PreviousOutcomes previous) {
	}

}
