package com.convonite.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import com.convonite.report.ReportFigures.Bucket;
import com.convonite.report.ReportFigures.ConversationsOverTime;
import com.convonite.report.ReportFigures.Group;
import com.convonite.report.ReportFigures.OutcomeRow;
import com.convonite.report.ReportFigures.Outcomes;
import com.convonite.report.ReportFigures.RecontactRow;
import com.convonite.report.ReportFigures.Recontacts;
import com.convonite.report.ReportFigures.TaskRow;
import com.convonite.report.ReportFigures.Tasks;
import com.convonite.report.ReportFigures.Times;
import com.convonite.shared.CsvCells;
import com.convonite.shared.ProblemException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * The numbers behind a report's chart as RFC 4180 CSV: one row per bucket and group (including zeros), or one per
 * outcome (or recontact) row and a last one for all. Labels that a spreadsheet would run as a formula get an apostrophe.
 */
final class ReportCsv {

	private static final MediaType CSV = MediaType.parseMediaType("text/csv");

	static final List<String> OVER_TIME_HEADER = List.of("bucket_from", "bucket_to", "group_by", "group_key",
			"group_label", "conversations");

	static final List<String> OUTCOMES_HEADER = List.of("group_by", "group_key", "group_label", "logged", "closed",
			"open", "duration_count", "duration_median_seconds", "duration_p90_seconds", "time_to_close_count",
			"time_to_close_median_seconds", "time_to_close_p90_seconds");

	static final List<String> RECONTACTS_HEADER = List.of("group_by", "group_key", "group_label", "closed",
			"recontacted", "recontact_rate_percent", "recontact_days");

	static final List<String> TASKS_HEADER = List.of("group_by", "group_key", "group_label", "created",
			"completed_on_time", "completed_late", "overdue", "pending");

	private ReportCsv() {
	}

	/**
	 * An export answers text/csv only: none, or an Accept that admits it, gets the CSV; anything else a clear 406.
	 */
	static void requireCsvAccepted(String accept) {
		if (accept == null || accept.isBlank()) {
			return;
		}
		try {
			if (MediaType.parseMediaTypes(accept).stream().anyMatch((type) -> type.includes(CSV))) {
				return;
			}
		}
		catch (InvalidMediaTypeException ex) {
			// answered below
		}
		throw new ProblemException(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable",
				"A report's export answers text/csv only; send Accept: text/csv (this request accepts " + accept + ").");
	}

	static void write(HttpServletResponse response, String name, ReportPeriod period, boolean byteOrderMark,
			CsvBody body) throws IOException {
		response.setContentType("text/csv; charset=UTF-8");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				"attachment; filename=\"" + name + "-" + period.from() + "-" + period.to() + ".csv\"");
		Writer out = response.getWriter();
		if (byteOrderMark) {
			out.write('\uFEFF');
		}
		try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
			body.print(printer);
		}
	}

	interface CsvBody {

		void print(CSVPrinter printer) throws IOException;

	}

	static CsvBody of(ConversationsOverTime report) {
		return (printer) -> {
			printer.printRecord(OVER_TIME_HEADER);
			for (Bucket bucket : report.buckets()) {
				for (Group group : report.groups()) {
					printer.printRecord(bucket.from(), bucket.to(), report.groupBy(), group.key(),
							CsvCells.safe(group.label()), bucket.counts().getOrDefault(group.key(), 0L));
				}
			}
		};
	}

	static CsvBody of(Outcomes report) {
		return (printer) -> {
			printer.printRecord(OUTCOMES_HEADER);
			for (OutcomeRow row : report.rows()) {
				print(printer, report, row);
			}
			print(printer, report, report.total());
		};
	}

	static CsvBody of(Recontacts report) {
		return (printer) -> {
			printer.printRecord(RECONTACTS_HEADER);
			List<RecontactRow> rows = new java.util.ArrayList<>(report.rows());
			rows.add(report.total());
			for (RecontactRow row : rows) {
				printer.printRecord(report.groupBy(), (row.key() != null) ? row.key() : "", CsvCells.safe(row.label()),
						row.closed(), row.recontacted(), (row.ratePercent() != null) ? row.ratePercent() : "",
						report.recontactDays());
			}
		};
	}

	static CsvBody of(Tasks report) {
		return (printer) -> {
			printer.printRecord(TASKS_HEADER);
			List<TaskRow> rows = new java.util.ArrayList<>(report.rows());
			rows.add(report.total());
			for (TaskRow row : rows) {
				printer.printRecord("ASSIGNEE", (row.key() != null) ? row.key() : "", CsvCells.safe(row.label()),
						row.created(), row.completedOnTime(), row.completedLate(), row.overdue(), row.pending());
			}
		};
	}

	private static void print(CSVPrinter printer, Outcomes report, OutcomeRow row) throws IOException {
		Times duration = row.duration();
		Times close = row.timeToClose();
		printer.printRecord(report.groupBy(), (row.key() != null) ? row.key() : "", CsvCells.safe(row.label()),
				row.logged(), row.closed(), row.open(), duration.count(), duration.medianSeconds(), duration.p90Seconds(),
				close.count(), close.medianSeconds(), close.p90Seconds());
	}

}
