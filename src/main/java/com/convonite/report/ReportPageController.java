package com.convonite.report;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.convonite.conversation.PurposeView;
import com.convonite.conversation.Purposes;
import com.convonite.contact.Contacts;
import com.convonite.report.ReportFigures.BucketSize;
import com.convonite.report.ReportFigures.ConversationsOverTime;
import com.convonite.report.ReportFigures.Grouping;
import com.convonite.report.ReportFigures.Outcomes;
import com.convonite.report.ReportFigures.Recontacts;
import com.convonite.report.ReportFigures.Tasks;
import com.convonite.shared.FormErrors;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.Members;
import com.convonite.workspace.SignedInMember;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The Reports page: the shared filters in the URL, each report as a chart (drawn by {@code js/report.js} from the
 * report's JSON at {@code /reports/data/...}, the same shape as the API's), a text summary and a table whose every
 * count links to the Conversations tab with the filter that lists exactly those conversations; each report also
 * downloads as CSV. The JSON and CSV are here as well as in the API because the API takes Basic or Bearer
 * credentials, not the web session.
 */
@Controller
class ReportPageController {

	/** Colours of groups, told apart by people with the commonest colour blindness (Okabe and Ito). */
	static final List<String> PALETTE = List.of("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
			"#7A6A00", "#5D3A9B", "#999933", "#8C510A");

	/** Statuses in colours of their own, none of a purpose's. */
	static final Map<String, String> STATUS_COLOURS = Map.of("OPEN", "#6C757D", "CLOSED", "#1B7837");

	static final String OTHERS_COLOUR = "#ADB5BD";

	private final ConversationReports reports;

	private final Purposes purposes;

	private final Members members;

	private final Contacts contacts;

	private final ReportText text;

	private final TaskReports taskReports;

	private final ChatReportPageController chatSections;

	ReportPageController(ConversationReports reports, TaskReports taskReports, Purposes purposes, Members members,
			Contacts contacts, ReportText text, ChatReportPageController chatSections) {
		this.chatSections = chatSections;
		this.text = text;
		this.taskReports = taskReports;
		this.reports = reports;
		this.purposes = purposes;
		this.members = members;
		this.contacts = contacts;
	}

	/** The filters as they stand in the URL. */
	record Filters(String period, String from, String to, List<String> purposeId, List<String> ownerId,
			String contactId, String groupBy, String bucket, String outcomesBy) {

		public boolean hasPurpose(String id) {
			return this.purposeId != null && this.purposeId.contains(id);
		}

		public boolean hasOwner(String id) {
			return this.ownerId != null && this.ownerId.contains(id);
		}

		public boolean custom() {
			return "CUSTOM".equals(this.period) || ((this.period == null || this.period.isBlank())
					&& ((this.from != null && !this.from.isBlank()) || (this.to != null && !this.to.isBlank())));
		}

	}

	@GetMapping("/reports")
	String page(SignedInMember me, @RequestParam(required = false) String period,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) List<String> purposeId, @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId, @RequestParam(required = false) String groupBy,
			@RequestParam(required = false) String bucket, @RequestParam(required = false) String outcomesBy,
			HttpServletRequest request, Model model) {
		Filters filters = new Filters(period, from, to, clean(purposeId), clean(ownerId), contactId, groupBy, bucket,
				outcomesBy);
		model.addAttribute("filters", filters);
		model.addAttribute("presets", ReportPeriod.Preset.values());
		List<PurposeView> purposeChoices = this.purposes.list(me.workspaceId(), true);
		model.addAttribute("purposeChoices", purposeChoices);
		model.addAttribute("memberChoices", me.isAdmin() ? this.members.allNames(me.workspaceId()).entrySet().stream()
			.sorted(Map.Entry.comparingByValue(String.CASE_INSENSITIVE_ORDER))
			.map((e) -> new Choice(Long.toString(e.getKey()), e.getValue()))
			.toList() : List.of());
		model.addAttribute("contactChoices", this.contacts.choices(me.workspaceId(), contactId));
		FormErrors errors = FormErrors.none();
		try {
			ReportFilter filter = filter(me, filters);
			ConversationsOverTime overTime = this.reports.overTime(me, filter,
					this.reports.bucketSize(bucket, filter.period()),
					this.reports.grouping(groupBy, EnumSet.allOf(Grouping.class)));
			Outcomes byPurpose = this.reports.outcomes(me, filter, Grouping.PURPOSE);
			Outcomes byOwner = this.reports.outcomes(me, filter, Grouping.OWNER);
			ReportLinks links = new ReportLinks(filter);
			model.addAttribute("filter", filter);
			model.addAttribute("overTime", overTime);
			model.addAttribute("byPurpose", byPurpose);
			model.addAttribute("outcomeTables", List.of(OutcomeTable.of(byPurpose), OutcomeTable.of(byOwner)));
			Recontacts recontactsByPurpose = this.reports.recontacts(me, filter, Grouping.PURPOSE);
			model.addAttribute("recontacts", recontactsByPurpose);
			model.addAttribute("recontactTables", List.of(RecontactTable.of(recontactsByPurpose),
					RecontactTable.of(this.reports.recontacts(me, filter, Grouping.OWNER))));
			if (filter.purposeIds().isEmpty()) {
				Tasks tasks = this.taskReports.tasks(me, filter);
				List<ReportFigures.TaskRow> taskRows = new ArrayList<>(tasks.rows());
				taskRows.add(tasks.total());
				model.addAttribute("tasks", tasks);
				model.addAttribute("taskRows", taskRows);
				model.addAttribute("taskLinks", new TaskLinks(filter, me.isAdmin()));
			}
			model.addAttribute("topGroup", overTime.groups().stream().filter((g) -> g.count() > 0)
				.max(java.util.Comparator.comparingLong(ReportFigures.Group::count)).orElse(null));
			model.addAttribute("statusColoursJson", this.text.json(STATUS_COLOURS));
			model.addAttribute("filterJson", this.text.json(links.base()));
			model.addAttribute("links", links);
			Map<String, String> colours = colours(purposeChoices, overTime);
			model.addAttribute("colours", colours);
			model.addAttribute("coloursJson", this.text.json(colours));
			model.addAttribute("purposeColours", purposeColours(purposeChoices));
			model.addAttribute("purposeColoursJson", this.text.json(purposeColours(purposeChoices)));
			String query = request.getQueryString() != null ? "?" + request.getQueryString() : "";
			model.addAttribute("overTimeData", "/reports/data/conversations-over-time" + query);
			model.addAttribute("outcomesData", "/reports/data/outcomes" + query);
			model.addAttribute("overTimeCsv", "/reports/export/conversations-over-time" + query);
			model.addAttribute("outcomesCsv", "/reports/export/outcomes" + query);
			model.addAttribute("recontactsData", "/reports/data/recontacts" + query);
			model.addAttribute("recontactsCsv", "/reports/export/recontacts" + query);
			model.addAttribute("tasksData", "/reports/data/tasks" + query);
			model.addAttribute("tasksCsv", "/reports/export/tasks" + query);
			this.chatSections.sections(me, filter, bucket, query, model);
		}
		catch (ProblemException ex) {
			errors = FormErrors.of(ex);
		}
		model.addAttribute("errors", errors);
		return "report/reports";
	}

	record Choice(String id, String name) {
	}

	/** An outcomes table: its grouping and its rows, the row of all last. */
	record OutcomeTable(String by, List<ReportFigures.OutcomeRow> rows) {

		static OutcomeTable of(Outcomes outcomes) {
			List<ReportFigures.OutcomeRow> rows = new ArrayList<>(outcomes.rows());
			rows.add(outcomes.total());
			return new OutcomeTable(outcomes.groupBy().name(), rows);
		}

	}

	/** A recontact table: its grouping and its rows, the row of all last. */
	record RecontactTable(String by, List<ReportFigures.RecontactRow> rows) {

		static RecontactTable of(Recontacts recontacts) {
			List<ReportFigures.RecontactRow> rows = new ArrayList<>(recontacts.rows());
			rows.add(recontacts.total());
			return new RecontactTable(recontacts.groupBy().name(), rows);
		}

	}

	@GetMapping(path = "/reports/data/conversations-over-time", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	ConversationsOverTime overTimeData(SignedInMember me, @RequestParam(required = false) String period,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) List<String> purposeId, @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId, @RequestParam(required = false) String groupBy,
			@RequestParam(required = false) String bucket) {
		ReportFilter filter = filter(me, new Filters(period, from, to, clean(purposeId), clean(ownerId), contactId,
				groupBy, bucket, null));
		return this.reports.overTime(me, filter, this.reports.bucketSize(bucket, filter.period()),
				this.reports.grouping(groupBy, EnumSet.allOf(Grouping.class)));
	}

	@GetMapping(path = "/reports/data/outcomes", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	Outcomes outcomesData(SignedInMember me, @RequestParam(required = false) String period,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) List<String> purposeId, @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId, @RequestParam(required = false) String outcomesBy) {
		ReportFilter filter = filter(me, new Filters(period, from, to, clean(purposeId), clean(ownerId), contactId,
				null, null, outcomesBy));
		return this.reports.outcomes(me, filter,
				this.reports.grouping(outcomesBy, EnumSet.of(Grouping.PURPOSE, Grouping.OWNER)));
	}

	@GetMapping(path = "/reports/data/recontacts", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	Recontacts recontactsData(SignedInMember me, @RequestParam(required = false) String period,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) List<String> purposeId, @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId, @RequestParam(required = false) String recontactsBy) {
		ReportFilter filter = filter(me, new Filters(period, from, to, clean(purposeId), clean(ownerId), contactId,
				null, null, null));
		return this.reports.recontacts(me, filter,
				this.reports.grouping(recontactsBy, EnumSet.of(Grouping.PURPOSE, Grouping.OWNER)));
	}

	@GetMapping(path = "/reports/data/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	Tasks tasksData(SignedInMember me, @RequestParam(required = false) String period,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) List<String> purposeId, @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId) {
		return this.taskReports.tasks(me, filter(me, new Filters(period, from, to, clean(purposeId), clean(ownerId),
				contactId, null, null, null)));
	}

	@GetMapping("/reports/export/tasks")
	void tasksCsv(SignedInMember me, @RequestParam(required = false) String period,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) List<String> purposeId, @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId, HttpServletResponse response) throws IOException {
		Tasks report = tasksData(me, period, from, to, purposeId, ownerId, contactId);
		ReportCsv.write(response, "tasks", report.period(), true, ReportCsv.of(report));
	}

	@GetMapping("/reports/export/recontacts")
	void recontactsCsv(SignedInMember me, @RequestParam(required = false) String period,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) List<String> purposeId, @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId, @RequestParam(required = false) String recontactsBy,
			HttpServletResponse response) throws IOException {
		Recontacts report = recontactsData(me, period, from, to, purposeId, ownerId, contactId, recontactsBy);
		ReportCsv.write(response, "recontacts", report.period(), true, ReportCsv.of(report));
	}

	@GetMapping("/reports/export/conversations-over-time")
	void overTimeCsv(SignedInMember me, @RequestParam(required = false) String period,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) List<String> purposeId, @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId, @RequestParam(required = false) String groupBy,
			@RequestParam(required = false) String bucket, HttpServletResponse response) throws IOException {
		ConversationsOverTime report = overTimeData(me, period, from, to, purposeId, ownerId, contactId, groupBy,
				bucket);
		ReportCsv.write(response, "conversations-over-time", report.period(), true, ReportCsv.of(report));
	}

	@GetMapping("/reports/export/outcomes")
	void outcomesCsv(SignedInMember me, @RequestParam(required = false) String period,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) List<String> purposeId, @RequestParam(required = false) List<String> ownerId,
			@RequestParam(required = false) String contactId, @RequestParam(required = false) String outcomesBy,
			HttpServletResponse response) throws IOException {
		Outcomes report = outcomesData(me, period, from, to, purposeId, ownerId, contactId, outcomesBy);
		ReportCsv.write(response, "outcomes", report.period(), true, ReportCsv.of(report));
	}

	/** The form's period: a preset, or CUSTOM with from and to. */
	private ReportFilter filter(SignedInMember me, Filters filters) {
		return filter(this.reports, me, filters);
	}

	static ReportFilter filter(ConversationReports reports, SignedInMember me, Filters filters) {
		boolean custom = filters.custom();
		return reports.filter(me, custom ? null : filters.period(), custom ? filters.from() : null,
				custom ? filters.to() : null, filters.purposeId(), filters.ownerId(), filters.contactId());
	}

	/** Empty choices (a select's "any") are no filter. */
	static List<String> clean(List<String> values) {
		return (values == null) ? List.of() : values.stream().filter((v) -> v != null && !v.isBlank()).toList();
	}

	/** A colour per group key: purposes by their place in the workspace's list, so every chart agrees. */
	private Map<String, String> colours(List<PurposeView> purposeChoices, ConversationsOverTime report) {
		Map<String, String> colours = new LinkedHashMap<>();
		switch (report.groupBy()) {
			case PURPOSE -> colours.putAll(purposeColours(purposeChoices));
			case STATUS -> colours.putAll(STATUS_COLOURS);
			case OWNER -> {
				int i = 0;
				for (var group : report.groups()) {
					colours.put(group.key(), ConversationReports.OTHERS.equals(group.key()) ? OTHERS_COLOUR
							: PALETTE.get(i++ % PALETTE.size()));
				}
			}
		}
		return colours;
	}

	private static Map<String, String> purposeColours(List<PurposeView> purposeChoices) {
		Map<String, String> colours = new LinkedHashMap<>();
		for (int i = 0; i < purposeChoices.size(); i++) {
			colours.put(purposeChoices.get(i).id(), PALETTE.get(i % PALETTE.size()));
		}
		return colours;
	}

	/**
	 * Links from a figure to the Conversations tab: the report's purposes, owners and contact, the group's purpose,
	 * owner or status, and the start-time range of the bucket or period as {@code datetime-local} values of the
	 * workspace's zone (the tab reads them there), from the first day's midnight to the midnight after the last.
	 */
	static final class ReportLinks {

		private final ReportFilter filter;

		ReportLinks(ReportFilter filter) {
			this.filter = filter;
		}

		public String of(String groupBy, String key, LocalDate from, LocalDate to, String status) {
			UriComponentsBuilder link = UriComponentsBuilder.fromPath("/conversations");
			List<Long> purposes = this.filter.purposeIds();
			List<Long> owners = this.filter.ownerIds();
			if ("PURPOSE".equals(groupBy) && key != null) {
				purposes = List.of(Long.parseLong(key));
			}
			if ("OWNER".equals(groupBy) && key != null) {
				if (ConversationReports.OTHERS.equals(key)) {
					return null;
				}
				owners = List.of(Long.parseLong(key));
			}
			purposes.forEach((id) -> link.queryParam("purposeId", id));
			owners.forEach((id) -> link.queryParam("ownerId", id));
			if (this.filter.contactId() != null) {
				link.queryParam("contactId", this.filter.contactId());
			}
			if ("STATUS".equals(groupBy) && key != null) {
				link.queryParam("status", key);
			}
			if (status != null) {
				link.queryParam("status", status);
			}
			link.queryParam("startFrom", from + "T00:00");
			link.queryParam("startTo", to.plusDays(1) + "T00:00");
			return link.build().toUriString();
		}

		public String period(String groupBy, String key, String status) {
			return of(groupBy, key, this.filter.period().from(), this.filter.period().to(), status);
		}

		/** The closed conversations of the period that were recontacted (the list's own rule). */
		public String recontacted(String groupBy, String key) {
			String link = period(groupBy, key, "CLOSED");
			return (link != null) ? link + "&recontacted=true" : null;
		}

		public String previous(String groupBy, String key, ReportPeriod previous) {
			return of(groupBy, key, previous.from(), previous.to(), null);
		}

		/** The report's own filters as list parameters, for report.js to add a bucket's range and a group to. */
		public Map<String, List<String>> base() {
			Map<String, List<String>> base = new LinkedHashMap<>();
			base.put("purposeId", this.filter.purposeIds().stream().map(String::valueOf).toList());
			base.put("ownerId", this.filter.ownerIds().stream().map(String::valueOf).toList());
			base.put("contactId", (this.filter.contactId() != null) ? List.of(this.filter.contactId().toString())
					: List.of());
			return base;
		}

	}

	/**
	 * Links from a task figure to the task list: the assignee (an agent's own as me; the rest of the team, or
	 * everyone for an agent, has none), all statuses, the period's days as the creation range, the contact and the
	 * outcome.
	 */
	record TaskLinks(ReportFilter filter, boolean admin) {

		public String of(String key, String outcome) {
			String assignee;
			if (ConversationReports.OTHERS.equals(key)) {
				return null;
			}
			if (key != null) {
				assignee = this.admin ? key : "me";
			}
			else if (this.filter.ownerIds().size() == 1) {
				assignee = this.admin ? this.filter.ownerIds().get(0).toString() : "me";
			}
			else if (this.admin && this.filter.ownerIds().isEmpty()) {
				assignee = "all";
			}
			else {
				return null;
			}
			UriComponentsBuilder link = UriComponentsBuilder.fromPath("/tasks")
				.queryParam("assignee", assignee)
				.queryParam("status", "all")
				.queryParam("createdFrom", this.filter.period().from())
				.queryParam("createdTo", this.filter.period().to());
			if (this.filter.contactId() != null) {
				link.queryParam("contactId", this.filter.contactId());
			}
			if (outcome != null) {
				link.queryParam("outcome", outcome);
			}
			return link.build().toUriString();
		}

	}

}
