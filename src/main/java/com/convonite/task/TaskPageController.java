package com.convonite.task;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.convonite.contact.Contacts;
import com.convonite.shared.FormErrors;
import com.convonite.shared.Ids;
import com.convonite.shared.LocalPaths;
import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.MemberView;
import com.convonite.workspace.Members;
import com.convonite.workspace.SignedInMember;
import com.convonite.workspace.Times;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The task pages: My tasks (and, for admins, anyone's or all tasks) with filters in the URL, completing
 * and reopening in place, the edit form, and the task panels of the contact and conversation pages.
 */
@Controller
class TaskPageController {

	static final int PAGE_SIZE = 50;

	private final FollowUpTasks tasks;

	private final Members members;

	private final Contacts contacts;

	private final Times times;

	TaskPageController(FollowUpTasks tasks, Members members, Contacts contacts, Times times) {
		this.tasks = tasks;
		this.members = members;
		this.contacts = contacts;
		this.times = times;
	}

	/** The list's filters as they stand in the URL. */
	record Filters(String assignee, String status, String dueFrom, String dueTo, String createdFrom, String createdTo,
			String contactId, String outcome) {

		public String query() {
			UriComponentsBuilder query = UriComponentsBuilder.newInstance()
				.queryParam("assignee", this.assignee)
				.queryParam("status", this.status)
				.queryParam("dueFrom", this.dueFrom)
				.queryParam("dueTo", this.dueTo);
			// the report's filters only when given, so that the plain list's links stay as they were
			if (this.createdFrom != null) {
				query.queryParam("createdFrom", this.createdFrom);
			}
			if (this.createdTo != null) {
				query.queryParam("createdTo", this.createdTo);
			}
			if (this.contactId != null) {
				query.queryParam("contactId", this.contactId);
			}
			if (this.outcome != null) {
				query.queryParam("outcome", this.outcome);
			}
			return query.build().encode().toUriString();
		}

	}

	record TaskForm(String title, String notes, String assigneeId, String dueAt, Integer version) {

		static TaskForm of(FollowUpTaskView task, Times times) {
			return new TaskForm(task.title(), task.notes(), task.assigneeId(), times.input(task.dueAt()), task.version());
		}

	}

	@GetMapping("/tasks")
	String list(SignedInMember me, @RequestParam(required = false) String assignee,
			@RequestParam(required = false) String status, @RequestParam(required = false) String dueFrom,
			@RequestParam(required = false) String dueTo, @RequestParam(required = false) String createdFrom,
			@RequestParam(required = false) String createdTo, @RequestParam(required = false) String contactId,
			@RequestParam(required = false) String outcome, @RequestParam(required = false) String cursor, Model model) {
		String assigneeChoice = (me.isAdmin() && assignee != null && !assignee.isBlank()) ? assignee.strip() : "me";
		String statusChoice = (status != null && List.of("open", "done", "all").contains(status.strip().toLowerCase(Locale.ROOT)))
				? status.strip().toLowerCase(Locale.ROOT) : "open";
		Filters filters = new Filters(assigneeChoice, statusChoice, blankToNull(dueFrom), blankToNull(dueTo),
				blankToNull(createdFrom), blankToNull(createdTo), blankToNull(contactId), blankToNull(outcome));
		ZoneId zone = this.times.zone();
		List<String> problems = new ArrayList<>();
		OffsetDateTime from = day(filters.dueFrom(), zone, false, problems);
		OffsetDateTime to = day(filters.dueTo(), zone, true, problems);
		// created days, both included: from the first one's midnight to the midnight after the last (as the report)
		OffsetDateTime createdSince = day(filters.createdFrom(), zone, false, problems);
		OffsetDateTime createdBefore = day(filters.createdTo(), zone, false, problems);
		if (createdBefore != null) {
			createdBefore = LocalDate.parse(filters.createdTo()).plusDays(1).atStartOfDay(zone).toOffsetDateTime();
		}
		Long contact = null;
		if (filters.contactId() != null) {
			contact = Ids.parse(filters.contactId());
			if (contact == null) {
				problems.add("The contact must be a contact id.");
			}
		}
		TaskFilter.Outcome taskOutcome = null;
		try {
			taskOutcome = TaskApiController.outcome(filters.outcome());
		}
		catch (ProblemException ex) {
			problems.add("The outcome must be on time, late, overdue or pending.");
		}
		Page<FollowUpTaskView> page = new Page<>(List.of(), null);
		if (problems.isEmpty()) {
			try {
				TaskFilter filter = new TaskFilter(assigneeId(me, assigneeChoice), status(statusChoice), from, to, null,
						createdSince, createdBefore, contact, taskOutcome);
				page = this.tasks.list(me, filter, PageRequest.of(PAGE_SIZE, cursor));
				model.addAttribute("count", filter.fromReport() ? this.tasks.count(me, filter) : null);
			}
			catch (ProblemException ex) {
				if (ex.status().value() == 403) {
					throw ex;
				}
				problems.add(ex.errors().isEmpty() ? ex.getMessage() : ex.errors().get(0).message());
			}
		}
		model.addAttribute("filters", filters);
		model.addAttribute("filterProblem", problems.isEmpty() ? null : String.join(" ", problems));
		model.addAttribute("page", page);
		model.addAttribute("contactNames", contactNames(me, page.items()));
		model.addAttribute("assignees", me.isAdmin() ? activeMembers(me) : List.of());
		model.addAttribute("back", "/tasks" + filters.query());
		return "task/list";
	}

	@PostMapping("/tasks/{id}/complete")
	String complete(SignedInMember me, @PathVariable String id, @RequestParam(required = false) String back) {
		this.tasks.complete(me, Ids.pathId(id, "task"), null);
		return "redirect:" + safeBack(back);
	}

	@HxRequest
	@PostMapping("/tasks/{id}/complete")
	String completeInPlace(SignedInMember me, @PathVariable String id, @RequestParam(required = false) String back,
			Model model) {
		return row(me, this.tasks.complete(me, Ids.pathId(id, "task"), null), back, model);
	}

	@PostMapping("/tasks/{id}/reopen")
	String reopen(SignedInMember me, @PathVariable String id, @RequestParam(required = false) String back) {
		this.tasks.reopen(me, Ids.pathId(id, "task"), null);
		return "redirect:" + safeBack(back);
	}

	@HxRequest
	@PostMapping("/tasks/{id}/reopen")
	String reopenInPlace(SignedInMember me, @PathVariable String id, @RequestParam(required = false) String back,
			Model model) {
		return row(me, this.tasks.reopen(me, Ids.pathId(id, "task"), null), back, model);
	}

	@GetMapping("/tasks/{id}/edit")
	String edit(SignedInMember me, @PathVariable String id, @RequestParam(required = false) String back, Model model) {
		FollowUpTaskView task = this.tasks.get(me.workspaceId(), Ids.pathId(id, "task"));
		return form(me, model, task, TaskForm.of(task, this.times), FormErrors.none(), false, back);
	}

	@PostMapping("/tasks/{id}")
	String change(SignedInMember me, @PathVariable String id, @ModelAttribute TaskForm form,
			@RequestParam(required = false) String back, Model model) {
		long taskId = Ids.pathId(id, "task");
		FollowUpTaskView current = this.tasks.get(me.workspaceId(), taskId);
		try {
			if (form.version() == null) {
				throw ProblemException.staleVersion("task");
			}
			OffsetDateTime dueAt = this.times.parseInput(form.dueAt());
			if (dueAt == null && form.dueAt() != null && !form.dueAt().isBlank()) {
				throw ProblemException.invalid("dueAt", "must be a date and time, such as 2026-01-31 09:30");
			}
			Long assigneeId = Ids.parse(form.assigneeId());
			// Only what the user changed: the due time's microseconds and the notes' line breaks (CR LF from a
			// browser) are not written back when the form shows them unchanged.
			this.tasks.change(me, taskId, form.version(), new TaskChanges(
					sameText(form.title(), current.title()) ? null : Optional.ofNullable(form.title()),
					sameText(form.notes(), current.notes()) ? null : Optional.ofNullable(lines(form.notes())),
					(form.assigneeId() != null && form.assigneeId().equals(current.assigneeId())) ? null
							: Optional.ofNullable(assigneeId),
					this.times.sameInput(form.dueAt(), current.dueAt()) ? null : Optional.ofNullable(dueAt)));
		}
		catch (ProblemException ex) {
			boolean stale = "stale-version".equals(ex.type());
			TaskForm kept = stale ? new TaskForm(form.title(), form.notes(), form.assigneeId(), form.dueAt(),
					current.version()) : form;
			return form(me, model, current, kept, FormErrors.of(ex), stale, back);
		}
		return "redirect:" + safeBack(back) + (safeBack(back).contains("?") ? "&" : "?") + "saved";
	}

	/** A contact's tasks; with {@code status=open} only those still to do (the inbox's side panel). */
	@GetMapping("/contacts/{id}/tasks-panel")
	String contactPanel(SignedInMember me, @PathVariable String id, @RequestParam(required = false) String status,
			Model model) {
		long contactId = Ids.pathId(id, "contact");
		this.contacts.get(me.workspaceId(), contactId);
		List<FollowUpTaskView> list = this.tasks.ofContact(me.workspaceId(), contactId);
		if ("open".equals(status)) {
			list = list.stream().filter((task) -> task.status().name().equals("OPEN")).toList();
		}
		return panel(me, list, "/contacts/" + contactId, model);
	}

	private String panel(SignedInMember me, List<FollowUpTaskView> list, String back, Model model) {
		model.addAttribute("tasks", list);
		model.addAttribute("back", back);
		return "task/panel :: panel";
	}

	private String row(SignedInMember me, FollowUpTaskView task, String back, Model model) {
		model.addAttribute("task", task);
		model.addAttribute("contactNames", contactNames(me, List.of(task)));
		model.addAttribute("back", safeBack(back));
		return "task/list :: row";
	}

	private String form(SignedInMember me, Model model, FollowUpTaskView task, TaskForm form, FormErrors errors,
			boolean stale, String back) {
		List<MemberView> assignees = new ArrayList<>(activeMembers(me));
		if (assignees.stream().noneMatch((m) -> m.id().equals(task.assigneeId()))) {
			this.members.find(me.workspaceId(), Long.parseLong(task.assigneeId())).ifPresent((m) -> assignees.add(0, m));
		}
		model.addAttribute("task", task);
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("stale", stale);
		model.addAttribute("assignees", assignees);
		model.addAttribute("back", safeBack(back));
		return "task/form";
	}

	private List<MemberView> activeMembers(SignedInMember me) {
		return this.members.list(me.workspaceId(), PageRequest.first(PageRequest.MAX_LIMIT))
			.items()
			.stream()
			.filter(MemberView::active)
			.toList();
	}

	/** Contact names by contact id (as text, the way views carry ids). */
	private Map<String, String> contactNames(SignedInMember me, List<FollowUpTaskView> list) {
		Map<String, String> names = new java.util.HashMap<>();
		this.contacts.names(me.workspaceId(),
				list.stream().map(FollowUpTaskView::contactId).filter((c) -> c != null).map(Long::valueOf).toList())
			.forEach((id, name) -> names.put(Long.toString(id), name));
		return names;
	}

	private static Long assigneeId(SignedInMember me, String choice) {
		if (choice.equals("me")) {
			return me.memberId();
		}
		if (choice.equals("all")) {
			return null;
		}
		Long id = Ids.parse(choice);
		if (id == null) {
			throw ProblemException.invalid("assignee", "must be me, all or a member id");
		}
		return id;
	}

	private static TaskStatus status(String choice) {
		return switch (choice) {
			case "done" -> TaskStatus.DONE;
			case "all" -> null;
			default -> TaskStatus.OPEN;
		};
	}

	/** A day of the filter, as the start (or end) of that day in the workspace's zone. */
	private static OffsetDateTime day(String value, ZoneId zone, boolean end, List<String> problems) {
		if (value == null) {
			return null;
		}
		try {
			LocalDate date = LocalDate.parse(value);
			return end ? date.plusDays(1).atStartOfDay(zone).minusNanos(1).toOffsetDateTime()
					: date.atStartOfDay(zone).toOffsetDateTime();
		}
		catch (DateTimeParseException ex) {
			problems.add("Dates must be dates such as 2026-01-31.");
			return null;
		}
	}

	/** Only a path of this site to go back to, never another site. */
	static String safeBack(String back) {
		return LocalPaths.orElse(back, "/tasks");
	}

	private static boolean sameText(String typed, String stored) {
		String a = (typed == null) ? "" : lines(typed).strip();
		String b = (stored == null) ? "" : stored.strip();
		return a.equals(b);
	}

	private static String lines(String text) {
		return (text == null) ? null : text.replace("\r\n", "\n");
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
