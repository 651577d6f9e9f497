package com.convonite.report;

import java.util.ArrayList;
import java.util.List;

import com.convonite.chat.FirstResponseBand;
import com.convonite.report.ChatFigures.Band;
import com.convonite.report.ChatFigures.ChatBucket;
import com.convonite.report.ChatFigures.ChatRow;
import com.convonite.report.ChatFigures.Chats;
import com.convonite.report.ChatFigures.CoverageRow;
import com.convonite.report.ChatFigures.LoggingCoverage;
import com.convonite.shared.CsvCells;

/**
 * The Chats and logging coverage reports as CSV, written by {@link ReportCsv#write}: for Chats one row per bucket
 * (section BUCKET: opened and closed) and one per agent and a last one for all (section AGENT: every figure); for
 * coverage one row per agent and a last one for all.
 */
final class ChatReportCsv {

	static final List<String> CHATS_HEADER;

	static {
		List<String> header = new ArrayList<>(List.of("section", "bucket_from", "bucket_to", "group_key", "group_label",
				"opened", "closed", "messages_in", "messages_out", "first_response_count",
				"first_response_median_seconds", "first_response_p90_seconds", "resolution_count",
				"resolution_median_seconds", "resolution_p90_seconds"));
		for (FirstResponseBand band : FirstResponseBand.values()) {
			header.add("first_response_" + band.name().toLowerCase(java.util.Locale.ROOT));
		}
		CHATS_HEADER = List.copyOf(header);
	}

	static final List<String> COVERAGE_HEADER = List.of("group_by", "group_key", "group_label", "closed", "logged",
			"logged_share_percent");

	private ChatReportCsv() {
	}

	static ReportCsv.CsvBody of(Chats report) {
		return (printer) -> {
			printer.printRecord(CHATS_HEADER);
			for (ChatBucket bucket : report.buckets()) {
				List<Object> cells = new ArrayList<>(List.of("BUCKET", bucket.from(), bucket.to(), "", "",
						bucket.opened(), bucket.closed()));
				while (cells.size() < CHATS_HEADER.size()) {
					cells.add("");
				}
				printer.printRecord(cells);
			}
			List<ChatRow> rows = new ArrayList<>(report.rows());
			rows.add(report.total());
			for (ChatRow row : rows) {
				List<Object> cells = new ArrayList<>(List.of("AGENT", report.period().from(), report.period().to(),
						(row.key() != null) ? row.key() : "", CsvCells.safe(row.label()), row.opened(), row.closed(),
						row.messagesIn(), row.messagesOut(), row.firstResponse().count()));
				cells.add(blank(row.firstResponse().medianSeconds()));
				cells.add(blank(row.firstResponse().p90Seconds()));
				cells.add(row.resolution().count());
				cells.add(blank(row.resolution().medianSeconds()));
				cells.add(blank(row.resolution().p90Seconds()));
				for (Band band : row.firstResponseBands()) {
					cells.add(band.chats());
				}
				printer.printRecord(cells);
			}
		};
	}

	static ReportCsv.CsvBody of(LoggingCoverage report) {
		return (printer) -> {
			printer.printRecord(COVERAGE_HEADER);
			List<CoverageRow> rows = new ArrayList<>(report.rows());
			rows.add(report.total());
			for (CoverageRow row : rows) {
				printer.printRecord("AGENT", (row.key() != null) ? row.key() : "", CsvCells.safe(row.label()),
						row.closed(), row.logged(), blank(row.sharePercent()));
			}
		};
	}

	private static Object blank(Object value) {
		return (value != null) ? value : "";
	}

}
