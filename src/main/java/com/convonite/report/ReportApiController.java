package com.convonite.report;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import com.convonite.report.ReportFigures.ConversationsOverTime;
import com.convonite.report.ReportFigures.Grouping;
import com.convonite.report.ReportFigures.Outcomes;
import com.convonite.report.ReportFigures.Recontacts;
import com.convonite.report.ReportFigures.Tasks;
import com.convonite.workspace.SignedInMember;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The reports over the REST API, each as JSON and as CSV. They take the same filters; counts are of conversations
 * by the day their start time falls on in the workspace's time zone, and equal the conversation list's totals for
 * the same filters (purposeId, ownerId, contactId, status, startFrom = the bucket's startFrom, startTo = its
 * startTo).
 */
@RestController
@RequestMapping(path = "/api/v1/reports", produces = "application/json")
@Tag(name = "Reports")
class ReportApiController {

	private static final String FILTERS = " Filters: a period preset (default LAST_30_DAYS) or from and to (dates in the "
			+ "workspace's time zone, both included); purposeId and ownerId (repeatable; ownerId may be me); contactId. "
			+ "Agents see the team's totals and their own figures: an agent may filter by their own owner id only, and "
			+ "an agent's grouping by owner shows their row and \"others\", the rest of the team.";

	private final ConversationReports reports;

	private final TaskReports taskReports;

	ReportApiController(ConversationReports reports, TaskReports taskReports) {
		this.reports = reports;
		this.taskReports = taskReports;
	}

	@Operation(operationId = "reportConversationsOverTime", summary = "Conversations over time, by purpose, owner or status",
			description = "Conversations per day, week (starting on the workspace's first day of the week) or month, "
					+ "grouped by purpose, owner or status, with the previous period of the same length." + FILTERS)
	@GetMapping("/conversations-over-time")
	ConversationsOverTime overTime(SignedInMember me, @Parameter(description = "A preset period",
			schema = @Schema(implementation = ReportPeriod.Preset.class)) @RequestParam(required = false) String period,
			@Parameter(description = "First day of a custom range", example = "2026-01-01") @RequestParam(required = false) String from,
			@Parameter(description = "Last day of a custom range", example = "2026-01-31") @RequestParam(required = false) String to,
			@Parameter(description = "Default: DAY up to 62 days, WEEK up to 366, else MONTH; at most 1,000 buckets",
					schema = @Schema(implementation = ReportFigures.BucketSize.class)) @RequestParam(required = false) String bucket,
			@Parameter(description = "Default PURPOSE", schema = @Schema(implementation = Grouping.class))
			@RequestParam(required = false) String groupBy,
			@Parameter(description = "Purpose ids; repeatable") @RequestParam(required = false) List<String> purposeId,
			@Parameter(description = "Member ids or me; repeatable") @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId) {
		return overTimeReport(me, period, from, to, bucket, groupBy, purposeId, ownerId, contactId);
	}

	@Operation(operationId = "exportConversationsOverTime", summary = "Conversations over time as CSV",
			description = "The same report, one row per bucket and group (zeros included): bucket_from, bucket_to, "
					+ "group_by, group_key, group_label, conversations. Answers text/csv only." + FILTERS)
	@ApiResponse(responseCode = "200", description = "The report as CSV, a header row first",
			content = @Content(mediaType = "text/csv", schema = @Schema(type = "string", format = "binary")))
	@GetMapping(path = "/conversations-over-time/export", produces = MediaType.ALL_VALUE)
	void exportOverTime(SignedInMember me,
			@Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
			@Parameter(description = "A preset period", schema = @Schema(implementation = ReportPeriod.Preset.class))
			@RequestParam(required = false) String period,
			@Parameter(description = "First day of a custom range", example = "2026-01-01") @RequestParam(required = false) String from,
			@Parameter(description = "Last day of a custom range", example = "2026-01-31") @RequestParam(required = false) String to,
			@Parameter(description = "As in the report", schema = @Schema(implementation = ReportFigures.BucketSize.class))
			@RequestParam(required = false) String bucket,
			@Parameter(description = "Default PURPOSE", schema = @Schema(implementation = Grouping.class))
			@RequestParam(required = false) String groupBy,
			@Parameter(description = "Purpose ids; repeatable") @RequestParam(required = false) List<String> purposeId,
			@Parameter(description = "Member ids or me; repeatable") @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId, HttpServletResponse response) throws IOException {
		ReportCsv.requireCsvAccepted(accept);
		ConversationsOverTime report = overTimeReport(me, period, from, to, bucket, groupBy, purposeId, ownerId,
				contactId);
		ReportCsv.write(response, "conversations-over-time", report.period(), false, ReportCsv.of(report));
	}

	private ConversationsOverTime overTimeReport(SignedInMember me, String period, String from, String to,
			String bucket, String groupBy, List<String> purposeId, List<String> ownerId, String contactId) {
		ReportFilter filter = this.reports.filter(me, period, from, to, purposeId, ownerId, contactId);
		return this.reports.overTime(me, filter, this.reports.bucketSize(bucket, filter.period()),
				this.reports.grouping(groupBy, EnumSet.allOf(Grouping.class)));
	}

	@Operation(operationId = "reportOutcomes", summary = "Outcomes per purpose or owner",
			description = "Per purpose or owner, and for all: conversations logged (started in the period), closed and "
					+ "still open; median and 90th percentile of the duration (start to end) and of the time to close "
					+ "(logged to closed), from log-scale histograms within 9.1% of the exact value." + FILTERS)
	@GetMapping("/outcomes")
	Outcomes outcomes(SignedInMember me, @Parameter(description = "A preset period",
			schema = @Schema(implementation = ReportPeriod.Preset.class)) @RequestParam(required = false) String period,
			@Parameter(description = "First day of a custom range", example = "2026-01-01") @RequestParam(required = false) String from,
			@Parameter(description = "Last day of a custom range", example = "2026-01-31") @RequestParam(required = false) String to,
			@Parameter(description = "PURPOSE (default) or OWNER", schema = @Schema(allowableValues = { "PURPOSE", "OWNER" }))
			@RequestParam(required = false) String groupBy,
			@Parameter(description = "Purpose ids; repeatable") @RequestParam(required = false) List<String> purposeId,
			@Parameter(description = "Member ids or me; repeatable") @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId) {
		return outcomesReport(me, period, from, to, groupBy, purposeId, ownerId, contactId);
	}

	@Operation(operationId = "exportOutcomes", summary = "Outcomes as CSV",
			description = "The same report, one row per group and a last one for all (group_key empty). Answers "
					+ "text/csv only." + FILTERS)
	@ApiResponse(responseCode = "200", description = "The report as CSV, a header row first",
			content = @Content(mediaType = "text/csv", schema = @Schema(type = "string", format = "binary")))
	@GetMapping(path = "/outcomes/export", produces = MediaType.ALL_VALUE)
	void exportOutcomes(SignedInMember me,
			@Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
			@Parameter(description = "A preset period", schema = @Schema(implementation = ReportPeriod.Preset.class))
			@RequestParam(required = false) String period,
			@Parameter(description = "First day of a custom range", example = "2026-01-01") @RequestParam(required = false) String from,
			@Parameter(description = "Last day of a custom range", example = "2026-01-31") @RequestParam(required = false) String to,
			@Parameter(description = "PURPOSE (default) or OWNER", schema = @Schema(allowableValues = { "PURPOSE", "OWNER" }))
			@RequestParam(required = false) String groupBy,
			@Parameter(description = "Purpose ids; repeatable") @RequestParam(required = false) List<String> purposeId,
			@Parameter(description = "Member ids or me; repeatable") @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId, HttpServletResponse response) throws IOException {
		ReportCsv.requireCsvAccepted(accept);
		Outcomes report = outcomesReport(me, period, from, to, groupBy, purposeId, ownerId, contactId);
		ReportCsv.write(response, "outcomes", report.period(), false, ReportCsv.of(report));
	}

	@Operation(operationId = "reportRecontacts", summary = "Recontact rate per purpose or owner",
			description = "Per purpose or owner, and for all: the conversations that started in the period and are closed, "
					+ "those whose contact got another conversation with the same purpose within the workspace's "
					+ "recontactDays (a setting, default 7) of their end, and the rate in %. The recontacted ones are the "
					+ "conversation list's recontacted=true for the same filters." + FILTERS)
	@GetMapping("/recontacts")
	Recontacts recontacts(SignedInMember me, @Parameter(description = "A preset period",
			schema = @Schema(implementation = ReportPeriod.Preset.class)) @RequestParam(required = false) String period,
			@Parameter(description = "First day of a custom range", example = "2026-01-01") @RequestParam(required = false) String from,
			@Parameter(description = "Last day of a custom range", example = "2026-01-31") @RequestParam(required = false) String to,
			@Parameter(description = "PURPOSE (default) or OWNER", schema = @Schema(allowableValues = { "PURPOSE", "OWNER" }))
			@RequestParam(required = false) String groupBy,
			@Parameter(description = "Purpose ids; repeatable") @RequestParam(required = false) List<String> purposeId,
			@Parameter(description = "Member ids or me; repeatable") @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId) {
		return recontactsReport(me, period, from, to, groupBy, purposeId, ownerId, contactId);
	}

	@Operation(operationId = "exportRecontacts", summary = "Recontact rate as CSV",
			description = "The same report, one row per group and a last one for all (group_key empty): group_by, "
					+ "group_key, group_label, closed, recontacted, recontact_rate_percent, recontact_days. Answers "
					+ "text/csv only." + FILTERS)
	@ApiResponse(responseCode = "200", description = "The report as CSV, a header row first",
			content = @Content(mediaType = "text/csv", schema = @Schema(type = "string", format = "binary")))
	@GetMapping(path = "/recontacts/export", produces = MediaType.ALL_VALUE)
	void exportRecontacts(SignedInMember me,
			@Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
			@Parameter(description = "A preset period", schema = @Schema(implementation = ReportPeriod.Preset.class))
			@RequestParam(required = false) String period,
			@Parameter(description = "First day of a custom range", example = "2026-01-01") @RequestParam(required = false) String from,
			@Parameter(description = "Last day of a custom range", example = "2026-01-31") @RequestParam(required = false) String to,
			@Parameter(description = "PURPOSE (default) or OWNER", schema = @Schema(allowableValues = { "PURPOSE", "OWNER" }))
			@RequestParam(required = false) String groupBy,
			@Parameter(description = "Purpose ids; repeatable") @RequestParam(required = false) List<String> purposeId,
			@Parameter(description = "Member ids or me; repeatable") @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId, HttpServletResponse response) throws IOException {
		ReportCsv.requireCsvAccepted(accept);
		Recontacts report = recontactsReport(me, period, from, to, groupBy, purposeId, ownerId, contactId);
		ReportCsv.write(response, "recontacts", report.period(), false, ReportCsv.of(report));
	}

	@Operation(operationId = "reportTasks", summary = "Follow-up tasks per assignee",
			description = "Per assignee, and for all: the follow-up tasks created in the period (by the day they were "
					+ "created in the workspace's time zone), and of those: completed by their due time (or without one), "
					+ "completed late, overdue now and pending (open, not yet due). Each equals the task list's count for "
					+ "the same assignee, contactId, createdFrom, createdTo and outcome. Tasks are not counted by purpose: "
					+ "purposeId is refused." + FILTERS)
	@GetMapping("/tasks")
	Tasks tasks(SignedInMember me, @Parameter(description = "A preset period",
			schema = @Schema(implementation = ReportPeriod.Preset.class)) @RequestParam(required = false) String period,
			@Parameter(description = "First day of a custom range", example = "2026-01-01") @RequestParam(required = false) String from,
			@Parameter(description = "Last day of a custom range", example = "2026-01-31") @RequestParam(required = false) String to,
			@Parameter(description = "Refused: tasks have no purpose of their own") @RequestParam(required = false) List<String> purposeId,
			@Parameter(description = "Assignees: member ids or me; repeatable") @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId) {
		return this.taskReports.tasks(me, this.reports.filter(me, period, from, to, purposeId, ownerId, contactId));
	}

	@Operation(operationId = "exportTasks", summary = "Follow-up tasks as CSV",
			description = "The same report, one row per assignee and a last one for all (group_key empty): group_by, "
					+ "group_key, group_label, created, completed_on_time, completed_late, overdue, pending. Answers "
					+ "text/csv only." + FILTERS)
	@ApiResponse(responseCode = "200", description = "The report as CSV, a header row first",
			content = @Content(mediaType = "text/csv", schema = @Schema(type = "string", format = "binary")))
	@GetMapping(path = "/tasks/export", produces = MediaType.ALL_VALUE)
	void exportTasks(SignedInMember me,
			@Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
			@Parameter(description = "A preset period", schema = @Schema(implementation = ReportPeriod.Preset.class))
			@RequestParam(required = false) String period,
			@Parameter(description = "First day of a custom range", example = "2026-01-01") @RequestParam(required = false) String from,
			@Parameter(description = "Last day of a custom range", example = "2026-01-31") @RequestParam(required = false) String to,
			@Parameter(description = "Refused: tasks have no purpose of their own") @RequestParam(required = false) List<String> purposeId,
			@Parameter(description = "Assignees: member ids or me; repeatable") @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId, HttpServletResponse response) throws IOException {
		ReportCsv.requireCsvAccepted(accept);
		Tasks report = tasks(me, period, from, to, purposeId, ownerId, contactId);
		ReportCsv.write(response, "tasks", report.period(), false, ReportCsv.of(report));
	}

	private Recontacts recontactsReport(SignedInMember me, String period, String from, String to, String groupBy,
			List<String> purposeId, List<String> ownerId, String contactId) {
		ReportFilter filter = this.reports.filter(me, period, from, to, purposeId, ownerId, contactId);
		return this.reports.recontacts(me, filter,
				this.reports.grouping(groupBy, EnumSet.of(Grouping.PURPOSE, Grouping.OWNER)));
	}

	private Outcomes outcomesReport(SignedInMember me, String period, String from, String to, String groupBy,
			List<String> purposeId, List<String> ownerId, String contactId) {
		ReportFilter filter = this.reports.filter(me, period, from, to, purposeId, ownerId, contactId);
		return this.reports.outcomes(me, filter,
				this.reports.grouping(groupBy, EnumSet.of(Grouping.PURPOSE, Grouping.OWNER)));
	}

}
