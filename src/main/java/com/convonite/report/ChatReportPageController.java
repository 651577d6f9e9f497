package com.convonite.report;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import com.convonite.chat.FirstResponseBand;
import com.convonite.report.ChatFigures.Chats;
import com.convonite.report.ChatFigures.LoggingCoverage;
import com.convonite.workspace.SignedInMember;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The Chats and logging coverage sections of the Reports page ({@code report/chats.html}, charts drawn by
 * {@code js/report-chats.js} from {@code /reports/data/...}), their JSON and CSV for the web session, and the links
 * from each count to the chat history list with the filter that lists exactly what it counts.
 */
@Controller
class ChatReportPageController {

	private final ConversationReports reports;

	private final ChatReports chatReports;

	ChatReportPageController(ConversationReports reports, ChatReports chatReports) {
		this.reports = reports;
		this.chatReports = chatReports;
	}

	/** Adds the two sections to the Reports page's model; none when purposes are chosen (chats have none). */
	void sections(SignedInMember me, ReportFilter filter, String bucket, String query, Model model) {
		if (!filter.purposeIds().isEmpty()) {
			return;
		}
		ReportFilter chatFilter = this.chatReports.filter(me, filter, "Chats");
		Chats chats = this.chatReports.chats(me, chatFilter, this.reports.bucketSize(bucket, chatFilter.period()));
		List<ChatFigures.ChatRow> chatRows = new ArrayList<>(chats.rows());
		chatRows.add(chats.total());
		LoggingCoverage coverage = this.chatReports.coverage(me, chatFilter);
		List<ChatFigures.CoverageRow> coverageRows = new ArrayList<>(coverage.rows());
		coverageRows.add(coverage.total());
		model.addAttribute("chats", chats);
		model.addAttribute("chatRows", chatRows);
		model.addAttribute("coverage", coverage);
		model.addAttribute("coverageRows", coverageRows);
		model.addAttribute("chatLinks", new ChatLinks(chatFilter, me.isAdmin()));
		model.addAttribute("chatsData", "/reports/data/chats" + query);
		model.addAttribute("chatsCsv", "/reports/export/chats" + query);
		model.addAttribute("coverageData", "/reports/data/logging-coverage" + query);
		model.addAttribute("coverageCsv", "/reports/export/logging-coverage" + query);
	}

	@GetMapping(path = "/reports/data/chats", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	Chats chatsData(SignedInMember me, @RequestParam(required = false) String period,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) List<String> purposeId, @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId, @RequestParam(required = false) String bucket) {
		ReportFilter filter = filter(me, period, from, to, purposeId, ownerId, contactId, "Chats");
		return this.chatReports.chats(me, filter, this.reports.bucketSize(bucket, filter.period()));
	}

	@GetMapping(path = "/reports/data/logging-coverage", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	LoggingCoverage coverageData(SignedInMember me, @RequestParam(required = false) String period,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) List<String> purposeId, @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId) {
		return this.chatReports.coverage(me, filter(me, period, from, to, purposeId, ownerId, contactId,
				"logging coverage"));
	}

	@GetMapping("/reports/export/chats")
	void chatsCsv(SignedInMember me, @RequestParam(required = false) String period,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) List<String> purposeId, @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId, @RequestParam(required = false) String bucket,
			HttpServletResponse response) throws IOException {
		Chats report = chatsData(me, period, from, to, purposeId, ownerId, contactId, bucket);
		ReportCsv.write(response, "chats", report.period(), true, ChatReportCsv.of(report));
	}

	@GetMapping("/reports/export/logging-coverage")
	void coverageCsv(SignedInMember me, @RequestParam(required = false) String period,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) List<String> purposeId, @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId, HttpServletResponse response) throws IOException {
		LoggingCoverage report = coverageData(me, period, from, to, purposeId, ownerId, contactId);
		ReportCsv.write(response, "logging-coverage", report.period(), true, ChatReportCsv.of(report));
	}

	/** The page's filters, read as the Reports page reads them (a preset, or CUSTOM with from and to). */
	private ReportFilter filter(SignedInMember me, String period, String from, String to, List<String> purposeId,
			List<String> ownerId, String contactId, String report) {
		ReportPageController.Filters filters = new ReportPageController.Filters(period, from, to,
				ReportPageController.clean(purposeId), ReportPageController.clean(ownerId), contactId, null, null, null);
		return this.chatReports.filter(me, ReportPageController.filter(this.reports, me, filters), report);
	}

	/**
	 * Links from a chat figure to the chat history list: the days it counts by (opened or closed), the agent (a row's,
	 * or the report's one agent for the row of all; none for the rest of the team, or a report of several agents), the
	 * contact, and the condition (a first response band, a conversation logged).
	 */
	record ChatLinks(ReportFilter filter, boolean admin) {

		public String opened(String key, LocalDate from, LocalDate to, String band) {
			UriComponentsBuilder link = base(key);
			if (link == null) {
				return null;
			}
			link.queryParam("openedFrom", from).queryParam("openedTo", to);
			if (band != null) {
				link.queryParam("firstResponse", FirstResponseBand.valueOf(band).name());
			}
			return link.build().toUriString();
		}

		public String closed(String key, LocalDate from, LocalDate to, Boolean logged) {
			UriComponentsBuilder link = base(key);
			if (link == null) {
				return null;
			}
			link.queryParam("closedFrom", from).queryParam("closedTo", to);
			if (logged != null) {
				link.queryParam("conversationLogged", logged);
			}
			return link.build().toUriString();
		}

		public String openedInPeriod(String key, String band) {
			return opened(key, this.filter.period().from(), this.filter.period().to(), band);
		}

		public String closedInPeriod(String key, Boolean logged) {
			return closed(key, this.filter.period().from(), this.filter.period().to(), logged);
		}

		private UriComponentsBuilder base(String key) {
			String agent;
			if (ConversationReports.OTHERS.equals(key)) {
				return null;
			}
			if (key != null) {
				agent = "0".equals(key) ? "none" : key;
			}
			else if (this.filter.ownerIds().size() == 1) {
				agent = this.filter.ownerIds().get(0).toString();
			}
			else if (this.filter.ownerIds().isEmpty()) {
				agent = null;
			}
			else {
				return null;
			}
			UriComponentsBuilder link = UriComponentsBuilder.fromPath("/chats/history");
			if (agent != null) {
				link.queryParam("agentId", agent);
			}
			if (this.filter.contactId() != null) {
				link.queryParam("contactId", this.filter.contactId());
			}
			return link;
		}

	}

}
