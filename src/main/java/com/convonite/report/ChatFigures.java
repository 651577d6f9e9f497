package com.convonite.report;

import java.time.LocalDate;
import java.util.List;

import com.convonite.chat.FirstResponseBand;
import com.convonite.report.ReportFigures.BucketSize;
import com.convonite.report.ReportFigures.Times;
import io.swagger.v3.oas.annotations.media.Schema;

/** The answers of the Chats and logging coverage reports, as the API and the Reports page receive them. */
public final class ChatFigures {

	private ChatFigures() {
	}

	@Schema(description = "A day, week or month of the period (cut to the period at its ends): the times chats were "
			+ "opened and closed in it")
	public record ChatBucket(LocalDate from, LocalDate to, long opened, long closed) {
	}

	@Schema(description = "The first responses of one respond.io band: from seconds (included) to toSeconds "
			+ "(excluded; null for the last band)")
	public record Band(FirstResponseBand band, String label, long fromSeconds,
			@Schema(nullable = true) Long toSeconds, long chats) {
	}

	@Schema(description = "The chats of one agent (or of all): the times they were opened in the period, with the "
			+ "messages in and out and the first response of those; the times they were closed in the period, with "
			+ "the resolution time (opened to closed) of those. Times are from log-scale histograms, within 9.1% of the "
			+ "exact value; the bands are exact.")
	public record ChatRow(@Schema(description = "The agent's member id, 0 for chats closed unassigned, \"others\" for "
			+ "the rest of the team in an agent's report; null for the row of all", nullable = true) String key,
			String label, long opened, long closed, long messagesIn, long messagesOut,
			@Schema(description = "From the customer's first message after the chat was opened to the first reply by "
					+ "a member; of the chats opened in the period that got one") Times firstResponse,
			@Schema(description = "From opened to closed; of the chats closed in the period") Times resolution,
			List<Band> firstResponseBands) {
	}

	/** The previous period's totals. */
	public record PreviousChats(ReportPeriod period, ChatRow total,
			@Schema(description = "Change of the chats opened in %; null when the previous count was 0", nullable = true)
			Double openedChangePercent,
			@Schema(description = "Change of the chats closed in %; null when the previous count was 0", nullable = true)
			Double closedChangePercent) {
	}

	@Schema(description = "Chats opened and closed per bucket, and per agent and for all: opened, closed, messages, "
			+ "first response and resolution times. A chat counts once each time it is opened (created or reopened) "
			+ "and each time it is closed, on that day in the workspace's time zone.")
	public record Chats(BucketSize bucket, List<ChatBucket> buckets, List<ChatRow> rows, ChatRow total,
			ReportPeriod period,
			@Schema(nullable = true, description = "The previous period's totals; null for all time") PreviousChats previous) {
	}

	@Schema(description = "Logging coverage of one agent (or of all): the times chats were closed in the period, those "
			+ "with at least one conversation logged on the chat since it was opened, and that share.")
	public record CoverageRow(@Schema(description = "As in the Chats report; null for the row of all", nullable = true)
	String key, String label, long closed, long logged,
			@Schema(description = "logged / closed in %, one decimal; null when none was closed", nullable = true)
			Double sharePercent) {
	}

	/** The previous period's totals. */
	public record PreviousCoverage(ReportPeriod period, CoverageRow total,
			@Schema(description = "Change of the share in percentage points; null when either period has none closed",
					nullable = true) Double shareChangePoints) {
	}

	@Schema(description = "Logging coverage per agent, and for everyone together")
	public record LoggingCoverage(List<CoverageRow> rows, CoverageRow total, ReportPeriod period,
			@Schema(nullable = true, description = "The previous period's totals; null for all time") PreviousCoverage previous) {
	}

}
