package com.convonite.task;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Set;

import com.convonite.shared.Ids;
import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.shared.PatchBody;
import com.convonite.shared.ProblemException;
import com.convonite.shared.Versions;
import com.convonite.workspace.SignedInMember;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The follow-up task list, and reading, editing, completing and reopening a task, over the REST API. */
@Tag(name = "Tasks")
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
class TaskApiController {

	private final FollowUpTasks tasks;

	TaskApiController(FollowUpTasks tasks) {
		this.tasks = tasks;
	}

	@Schema(description = "Send only the fields to change, with the version you last read (or If-Match). "
			+ "notes and dueAt can be cleared with null; title and assigneeId cannot.")
	record TaskPatch(Integer version, String title, @Schema(nullable = true) String notes, String assigneeId,
			@Schema(nullable = true, example = "2026-01-31T09:30:00Z") OffsetDateTime dueAt) {
	}

	@Operation(operationId = "listTasks", summary = "List follow-up tasks",
			description = "Soonest due first (tasks without a due time last), then oldest first; overdue is true for "
					+ "open tasks past their due time. Agents list their own tasks; admins may list anyone's "
					+ "(assignee={id}) or everyone's (assignee=all).")
	@GetMapping("/tasks")
	Page<FollowUpTaskView> list(SignedInMember me,
			@Parameter(description = "me (default), all (admins), or a member id (others' ids: admins); not an enum, since it also takes ids")
			@RequestParam(required = false) String assignee,
			@Parameter(description = "OPEN (default), DONE or ALL", schema = @Schema(allowableValues = { "OPEN", "DONE", "ALL" }))
			@RequestParam(required = false) String status,
			@Parameter(description = "due at or after, ISO-8601 with offset") @RequestParam(required = false) String dueFrom,
			@Parameter(description = "due at or before, ISO-8601 with offset") @RequestParam(required = false) String dueTo,
			@Parameter(description = "Keep only the tasks made with this conversation")
			@RequestParam(required = false) String conversationId,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
			@Parameter(description = "created at or after, ISO-8601 with offset") @RequestParam(required = false) String createdFrom,
			@Parameter(description = "created before, ISO-8601 with offset") @RequestParam(required = false) String createdTo,
			@Parameter(description = "Keep only this contact's tasks") @RequestParam(required = false) String contactId,
			@Parameter(description = "As the follow-up task report counts them: ON_TIME (done by the due time or "
					+ "without one), LATE (done after it), OVERDUE (open past it), PENDING (open, not yet due or without "
					+ "a due time)", schema = @Schema(implementation = TaskFilter.Outcome.class))
			@RequestParam(required = false) String outcome) {
		var filter = new TaskFilter(assignee(me, assignee), status(status), dateTime("dueFrom", dueFrom),
				dateTime("dueTo", dueTo), (conversationId != null) ? Ids.fieldId(conversationId, "conversationId") : null,
				dateTime("createdFrom", createdFrom), dateTime("createdTo", createdTo),
				(contactId != null) ? Ids.fieldId(contactId, "contactId") : null, outcome(outcome));
		return this.tasks.list(me, filter, PageRequest.of(limit, cursor));
	}

	@Operation(operationId = "getTask", summary = "Read one task", description = "Any member of the workspace may read any of its tasks.")
	@GetMapping("/tasks/{id}")
	ResponseEntity<FollowUpTaskView> get(SignedInMember me, @PathVariable String id) {
		return withETag(this.tasks.get(me.workspaceId(), Ids.pathId(id, "task")));
	}

	@Operation(operationId = "updateTask", summary = "Edit a task: title, notes, assignee, due time",
			description = "The assignee, the creator and admins may edit. A new assignee must be an active member.")
	@PatchMapping(path = "/tasks/{id}", consumes = "application/json")
	ResponseEntity<FollowUpTaskView> change(SignedInMember me, @PathVariable String id,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
					schema = @Schema(implementation = TaskPatch.class))) @RequestBody JsonNode body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		long taskId = Ids.pathId(id, "task");
		PatchBody patch = PatchBody.of(body, Set.of("title", "notes", "assigneeId", "dueAt"));
		var changes = new TaskChanges(patch.text("title"), patch.text("notes"), patch.id("assigneeId"),
				patch.dateTime("dueAt"));
		int version = Versions.required(patch.check().version(), ifMatch);
		return withETag(this.tasks.change(me, taskId, version, changes));
	}

	@Operation(operationId = "completeTask", summary = "Complete a task",
			description = "The assignee, the creator and admins may. Completing a done task changes nothing (200). "
					+ "With If-Match, a task changed meanwhile is refused with 409.")
	@PostMapping("/tasks/{id}/complete")
	ResponseEntity<FollowUpTaskView> complete(SignedInMember me, @PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		long taskId = Ids.pathId(id, "task");
		return withETag(this.tasks.complete(me, taskId, optionalVersion(ifMatch)));
	}

	@Operation(operationId = "reopenTask", summary = "Reopen a task",
			description = "The assignee, the creator and admins may. Reopening an open task changes nothing (200). "
					+ "With If-Match, a task changed meanwhile is refused with 409.")
	@PostMapping("/tasks/{id}/reopen")
	ResponseEntity<FollowUpTaskView> reopen(SignedInMember me, @PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		long taskId = Ids.pathId(id, "task");
		return withETag(this.tasks.reopen(me, taskId, optionalVersion(ifMatch)));
	}

	private static ResponseEntity<FollowUpTaskView> withETag(FollowUpTaskView task) {
		return ResponseEntity.ok().eTag(Versions.etag(task.version())).body(task);
	}

	private static Integer optionalVersion(String ifMatch) {
		return (ifMatch == null || ifMatch.isBlank()) ? null : Versions.required(null, ifMatch);
	}

	/** me → the signed-in member; all → everyone (null); otherwise a member id. */
	private static Long assignee(SignedInMember me, String raw) {
		if (raw == null || raw.isBlank() || raw.strip().equalsIgnoreCase("me")) {
			return me.memberId();
		}
		if (raw.strip().equalsIgnoreCase("all")) {
			return null;
		}
		Long id = Ids.parse(raw.strip());
		if (id == null) {
			throw ProblemException.invalid("assignee", "must be me, all or a member id");
		}
		return id;
	}

	private static TaskStatus status(String raw) {
		if (raw == null || raw.isBlank()) {
			return TaskStatus.OPEN;
		}
		return switch (raw.strip().toLowerCase(Locale.ROOT)) {
			case "open" -> TaskStatus.OPEN;
			case "done" -> TaskStatus.DONE;
			case "all" -> null;
			default -> throw ProblemException.invalid("status", "must be open, done or all");
		};
	}

	static TaskFilter.Outcome outcome(String raw) {
		if (raw == null || raw.isBlank()) {
			return null;
		}
		try {
			return TaskFilter.Outcome.valueOf(raw.strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
		}
		catch (IllegalArgumentException ex) {
			throw ProblemException.invalid("outcome", "must be ON_TIME, LATE, OVERDUE or PENDING");
		}
	}

	private static OffsetDateTime dateTime(String field, String raw) {
		if (raw == null || raw.isBlank()) {
			return null;
		}
		try {
			// An unencoded "+" of the offset arrives as a space; take it as meant.
			return OffsetDateTime.parse(raw.strip().replace(' ', '+'));
		}
		catch (DateTimeException ex) {
			throw ProblemException.invalid(field, "must be an ISO-8601 date-time with offset, such as 2026-01-31T09:30:00Z");
		}
	}

}
