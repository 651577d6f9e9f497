package com.convonite.report;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import com.convonite.report.ChatFigures.Chats;
import com.convonite.report.ChatFigures.LoggingCoverage;
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
 * The Chats and logging coverage reports over the REST API, as JSON and as CSV, with the shared filters of the other
 * reports (purposeId refused). Counts equal the chat history list's ({@code GET /api/v1/chat-episodes}) total for the
 * same days, agent, contact and condition.
 */
@RestController
@RequestMapping(path = "/api/v1/reports", produces = "application/json")
@Tag(name = "Reports")
class ChatReportApiController {

	private static final String FILTERS = " Filters: a period preset (default LAST_30_DAYS) or from and to (dates in the "
			+ "workspace's time zone, both included); ownerId, the agents (repeatable; may be me); contactId. purposeId is "
			+ "refused: chats belong to no purpose. Agents see the team's totals and their own row (\"others\" is the "
			+ "rest of the team); an agent may filter by their own id only.";

	private static final String COUNTING = " A chat counts each time it is opened (created, reopened by a member or by "
			+ "the customer's message) on that day, and each time it is closed on that day. Its agent is the assignee "
			+ "when it was closed (while open, the assignee now); 0 is a chat closed unassigned.";

	private final ConversationReports reports;

	private final ChatReports chatReports;

	ChatReportApiController(ConversationReports reports, ChatReports chatReports) {
		this.reports = reports;
		this.chatReports = chatReports;
	}

	@Operation(operationId = "reportChats", summary = "Chats opened and closed, response and resolution times per agent",
			description = "Per day, week or month: the times chats were opened and closed. Per agent and for all: opened, "
					+ "closed, messages in and out of the chats opened in the period, their first response time (customer's "
					+ "first message after opening to the first reply by a member: median, p90, and exact counts in the "
					+ "respond.io bands) and the resolution time of the chats closed (opened to closed: median, p90). "
					+ "Medians and p90 come from log-scale histograms within 9.1% of the exact value. Each count equals the "
					+ "total of GET /api/v1/chat-episodes with openedFrom/openedTo (or closedFrom/closedTo), agentId, "
					+ "contactId and firstResponse." + COUNTING + FILTERS)
	@GetMapping("/chats")
	Chats chats(SignedInMember me, @Parameter(description = "A preset period",
			schema = @Schema(implementation = ReportPeriod.Preset.class)) @RequestParam(required = false) String period,
			@Parameter(description = "First day of a custom range", example = "2026-01-01") @RequestParam(required = false) String from,
			@Parameter(description = "Last day of a custom range", example = "2026-01-31") @RequestParam(required = false) String to,
			@Parameter(description = "Default: DAY up to 62 days, WEEK up to 366, else MONTH; at most 1,000 buckets",
					schema = @Schema(implementation = ReportFigures.BucketSize.class)) @RequestParam(required = false) String bucket,
			@Parameter(description = "Refused: chats belong to no purpose") @RequestParam(required = false) List<String> purposeId,
			@Parameter(description = "Agents: member ids or me; repeatable") @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId) {
		ReportFilter filter = filter(me, period, from, to, purposeId, ownerId, contactId, "Chats");
		return this.chatReports.chats(me, filter, this.reports.bucketSize(bucket, filter.period()));
	}

	@Operation(operationId = "exportChats", summary = "Chats report as CSV",
			description = "The same report: one row per bucket (section BUCKET: bucket_from, bucket_to, opened, closed) and "
					+ "one per agent and a last one for all (section AGENT, group_key empty for all: every figure). "
					+ "Answers text/csv only." + FILTERS)
	@ApiResponse(responseCode = "200", description = "The report as CSV, a header row first",
			content = @Content(mediaType = "text/csv", schema = @Schema(type = "string", format = "binary")))
	@GetMapping(path = "/chats/export", produces = MediaType.ALL_VALUE)
	void exportChats(SignedInMember me,
			@Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
			@Parameter(description = "A preset period", schema = @Schema(implementation = ReportPeriod.Preset.class))
			@RequestParam(required = false) String period,
			@Parameter(description = "First day of a custom range", example = "2026-01-01") @RequestParam(required = false) String from,
			@Parameter(description = "Last day of a custom range", example = "2026-01-31") @RequestParam(required = false) String to,
			@Parameter(description = "As in the report", schema = @Schema(implementation = ReportFigures.BucketSize.class))
			@RequestParam(required = false) String bucket,
			@Parameter(description = "Refused: chats belong to no purpose") @RequestParam(required = false) List<String> purposeId,
			@Parameter(description = "Agents: member ids or me; repeatable") @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId, HttpServletResponse response) throws IOException {
		ReportCsv.requireCsvAccepted(accept);
		Chats report = chats(me, period, from, to, bucket, purposeId, ownerId, contactId);
		ReportCsv.write(response, "chats", report.period(), false, ChatReportCsv.of(report));
	}

	@Operation(operationId = "reportLoggingCoverage", summary = "Logging coverage per agent",
			description = "Per agent and for all: the times chats were closed in the period, those with at least one "
					+ "conversation logged on the chat since it was opened, and that share in %. Each count equals the total "
					+ "of GET /api/v1/chat-episodes with closedFrom, closedTo, agentId, contactId (and conversationLogged=true)."
					+ COUNTING + FILTERS)
	@GetMapping("/logging-coverage")
	LoggingCoverage coverage(SignedInMember me, @Parameter(description = "A preset period",
			schema = @Schema(implementation = ReportPeriod.Preset.class)) @RequestParam(required = false) String period,
			@Parameter(description = "First day of a custom range", example = "2026-01-01") @RequestParam(required = false) String from,
			@Parameter(description = "Last day of a custom range", example = "2026-01-31") @RequestParam(required = false) String to,
			@Parameter(description = "Refused: chats belong to no purpose") @RequestParam(required = false) List<String> purposeId,
			@Parameter(description = "Agents: member ids or me; repeatable") @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId) {
		return this.chatReports.coverage(me,
				filter(me, period, from, to, purposeId, ownerId, contactId, "logging coverage"));
	}

	@Operation(operationId = "exportLoggingCoverage", summary = "Logging coverage as CSV",
			description = "The same report, one row per agent and a last one for all (group_key empty): group_by, "
					+ "group_key, group_label, closed, logged, logged_share_percent. Answers text/csv only." + FILTERS)
	@ApiResponse(responseCode = "200", description = "The report as CSV, a header row first",
			content = @Content(mediaType = "text/csv", schema = @Schema(type = "string", format = "binary")))
	@GetMapping(path = "/logging-coverage/export", produces = MediaType.ALL_VALUE)
	void exportCoverage(SignedInMember me,
			@Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
			@Parameter(description = "A preset period", schema = @Schema(implementation = ReportPeriod.Preset.class))
			@RequestParam(required = false) String period,
			@Parameter(description = "First day of a custom range", example = "2026-01-01") @RequestParam(required = false) String from,
			@Parameter(description = "Last day of a custom range", example = "2026-01-31") @RequestParam(required = false) String to,
			@Parameter(description = "Refused: chats belong to no purpose") @RequestParam(required = false) List<String> purposeId,
			@Parameter(description = "Agents: member ids or me; repeatable") @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId, HttpServletResponse response) throws IOException {
		ReportCsv.requireCsvAccepted(accept);
		LoggingCoverage report = coverage(me, period, from, to, purposeId, ownerId, contactId);
		ReportCsv.write(response, "logging-coverage", report.period(), false, ChatReportCsv.of(report));
	}

	private ReportFilter filter(SignedInMember me, String period, String from, String to, List<String> purposeId,
			List<String> ownerId, String contactId, String report) {
		return this.chatReports.filter(me, this.reports.filter(me, period, from, to, purposeId, ownerId, contactId),
				report);
	}

}
