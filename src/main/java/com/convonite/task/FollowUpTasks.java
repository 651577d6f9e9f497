package com.convonite.task;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.convonite.shared.Cursor;
import com.convonite.shared.FieldProblem;
import com.convonite.shared.Ids;
import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.shared.ProblemException;
import com.convonite.shared.Validation;
import com.convonite.workspace.MemberView;
import com.convonite.workspace.Members;
import com.convonite.workspace.SignedInMember;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Follow-up tasks: created together with a conversation, then edited, completed and reopened by their
 * assignee, their creator or an admin. Any member may read any task of the workspace; the lists of other
 * members' tasks are for admins.
 */
@Service
public class FollowUpTasks {

	static final int MAX_TITLE = 200;

	static final int MAX_NOTES = 10_000;

	static final String WHO_MAY_CHANGE = "Only the task's assignee, the member who created it, or an admin can ";

	private static final String PAGE_SORT = "due";

	private final JdbcTaskRepository tasks;

	private final Members members;

	private final ApplicationEventPublisher events;

	FollowUpTasks(JdbcTaskRepository tasks, Members members, ApplicationEventPublisher events) {
		this.tasks = tasks;
		this.members = members;
		this.events = events;
	}

	/**
	 * What is wrong with the task, each problem's field prefixed with the given prefix (such as
	 * "followUpTask."), so that a caller can report them together with its own fields. A {@code null}
	 * assignee is fine: it stands for the member who creates the task.
	 */
	public List<FieldProblem> problems(long workspaceId, NewFollowUpTask task, String fieldPrefix) {
		String prefix = (fieldPrefix != null) ? fieldPrefix : "";
		Validation validation = new Validation();
		if (task == null) {
			String field = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix + "followUpTask";
			return validation.reject(field, "is required").problems();
		}
		validation.text(prefix + "title", task.title(), true, MAX_TITLE);
		validation.text(prefix + "notes", task.notes(), false, MAX_NOTES);
		if (task.assigneeId() != null && !assignable(workspaceId, task.assigneeId())) {
			validation.reject(prefix + "assigneeId", "must be an active member of this workspace");
		}
		return validation.problems();
	}

	/**
	 * Creates the task, in the caller's transaction (so that a conversation and its task are saved together
	 * or not at all); throws a validation problem, with fields prefixed "followUpTask.", when it is not valid.
	 */
	@Transactional
	public FollowUpTaskView create(SignedInMember actor, NewFollowUpTask task) {
		List<FieldProblem> problems = problems(actor.workspaceId(), task, "followUpTask.");
		if (!problems.isEmpty()) {
			throw ProblemException.invalid(problems);
		}
		long assigneeId = (task.assigneeId() != null) ? task.assigneeId() : actor.memberId();
		if (task.assigneeId() == null && !assignable(actor.workspaceId(), assigneeId)) {
			throw ProblemException.invalid("followUpTask.assigneeId", "must be an active member of this workspace");
		}
		long id = this.tasks.insert(new JdbcTaskRepository.Insert(actor.workspaceId(), task.conversationId(),
				task.chatId(), task.contactId(), task.title().strip(), blankToNull(task.notes()), assigneeId,
				task.dueAt(), actor.memberId()));
		this.events.publishEvent(new TaskCreated(actor.workspaceId(), id, assigneeId, actor.memberId()));
		return get(actor.workspaceId(), id);
	}

	public Optional<FollowUpTaskView> find(long workspaceId, long taskId) {
		return this.tasks.find(workspaceId, taskId).map((row) -> view(workspaceId, List.of(row)).get(0));
	}

	/** The task, or a 404 problem. */
	public FollowUpTaskView get(long workspaceId, long taskId) {
		return find(workspaceId, taskId).orElseThrow(() -> ProblemException.notFound("task"));
	}

	/** The tasks of a contact (across all its conversations): open first, soonest due first. */
	public List<FollowUpTaskView> ofContact(long workspaceId, long contactId) {
		return view(workspaceId, this.tasks.linkedTo(workspaceId, "contact_id", contactId));
	}

	/** The tasks of a conversation: open first, soonest due first. */
	public List<FollowUpTaskView> ofConversation(long workspaceId, long conversationId) {
		return view(workspaceId, this.tasks.linkedTo(workspaceId, "conversation_id", conversationId));
	}

	/**
	 * The follow-up task of each conversation, by conversation id: the latest one made with it. Conversations
	 * without one are not in the map.
	 */
	public Map<Long, FollowUpTaskView> ofConversations(long workspaceId, java.util.Collection<Long> conversationIds) {
		Map<Long, FollowUpTaskView> tasks = new java.util.HashMap<>();
		for (FollowUpTaskView task : view(workspaceId, this.tasks.latestOfConversations(workspaceId, conversationIds))) {
			tasks.put(Long.parseLong(task.conversationId()), task);
		}
		return tasks;
	}

	/**
	 * A page of the task list, soonest due first (undated last). Agents see their own tasks only; admins
	 * anyone's, or everyone's with a {@code null} assignee.
	 */
	public Page<FollowUpTaskView> list(SignedInMember actor, TaskFilter filter, PageRequest page) {
		check(actor, filter);
		JdbcTaskRepository.After after = null;
		if (page.cursor() != null) {
			List<String> values = page.cursor().valuesFor(PAGE_SORT, 2);
			after = new JdbcTaskRepository.After(values.get(0).isEmpty() ? null : page.cursor().instantValue(0),
					page.cursor().longValue(1));
		}
		List<TaskRow> rows = this.tasks.list(actor.workspaceId(), filter, after, page.limit() + 1);
		String next = null;
		if (rows.size() > page.limit()) {
			rows = rows.subList(0, page.limit());
			TaskRow last = rows.get(rows.size() - 1);
			next = Cursor.of(PAGE_SORT, (last.dueAt() != null) ? last.dueAt().toInstant().toString() : "", last.id())
				.encode();
		}
		return new Page<>(view(actor.workspaceId(), rows), next);
	}

	/** How many tasks the list of this filter holds. */
	public long count(SignedInMember actor, TaskFilter filter) {
		check(actor, filter);
		return this.tasks.count(actor.workspaceId(), filter);
	}

	private static void check(SignedInMember actor, TaskFilter filter) {
		if (!actor.isAdmin() && (filter.assigneeId() == null || filter.assigneeId() != actor.memberId())) {
			throw ProblemException.forbidden("Only an admin can list other members' tasks or all tasks; "
					+ "ask for your own with assignee=me.");
		}
		if (filter.dueFrom() != null && filter.dueTo() != null && filter.dueFrom().isAfter(filter.dueTo())) {
			throw ProblemException.invalid("dueTo", "must not be before dueFrom");
		}
		if (filter.createdFrom() != null && filter.createdTo() != null && filter.createdFrom().isAfter(filter.createdTo())) {
			throw ProblemException.invalid("createdTo", "must not be before createdFrom");
		}
	}

	/** Edits the task when it is still at the given version. */
	@Transactional
	public FollowUpTaskView change(SignedInMember actor, long taskId, int version, TaskChanges changes) {
		TaskRow current = requireChangeable(actor, taskId, "edit it");
		Validation validation = new Validation();
		String title = current.title();
		if (changes.title() != null) {
			title = validation.text("title", changes.title().orElse(null), true, MAX_TITLE);
		}
		String notes = current.notes();
		if (changes.notes() != null) {
			notes = validation.text("notes", changes.notes().orElse(null), false, MAX_NOTES);
		}
		long assigneeId = current.assigneeId();
		if (changes.assigneeId() != null) {
			if (changes.assigneeId().isEmpty()) {
				validation.reject("assigneeId", "is required: every task has an assignee");
			}
			else if (changes.assigneeId().get() != current.assigneeId()) {
				assigneeId = changes.assigneeId().get();
				if (!assignable(actor.workspaceId(), assigneeId)) {
					validation.reject("assigneeId", "must be an active member of this workspace");
				}
			}
		}
		OffsetDateTime dueAt = (changes.dueAt() != null) ? changes.dueAt().orElse(null) : current.dueAt();
		validation.throwIfInvalid();
		if (current.version() == version && Objects.equals(title, current.title())
				&& Objects.equals(notes, current.notes()) && assigneeId == current.assigneeId()
				&& sameInstant(dueAt, current.dueAt())) {
			// Nothing changed: no new version, no new updated time.
			return get(actor.workspaceId(), taskId);
		}
		if (current.version() != version
				|| !this.tasks.update(actor.workspaceId(), taskId, version, title, notes, assigneeId, dueAt)) {
			throw ProblemException.staleVersion("task");
		}
		if (assigneeId != current.assigneeId()) {
			this.events.publishEvent(new TaskAssigned(actor.workspaceId(), taskId, assigneeId, current.assigneeId(),
					actor.memberId()));
		}
		return get(actor.workspaceId(), taskId);
	}

	/**
	 * Completes the task. Completing a done task changes nothing and answers the task as it is, so that a
	 * retried request is harmless. With a version, a task changed meanwhile is refused.
	 */
	@Transactional
	public FollowUpTaskView complete(SignedInMember actor, long taskId, Integer version) {
		return moveTo(actor, taskId, version, TaskStatus.DONE, "complete it");
	}

	/** Reopens the task; reopening an open task changes nothing. With a version, a stale one is refused. */
	@Transactional
	public FollowUpTaskView reopen(SignedInMember actor, long taskId, Integer version) {
		return moveTo(actor, taskId, version, TaskStatus.OPEN, "reopen it");
	}

	private FollowUpTaskView moveTo(SignedInMember actor, long taskId, Integer version, TaskStatus status,
			String action) {
		TaskRow current = requireChangeable(actor, taskId, action);
		if (version != null && version != current.version()) {
			throw ProblemException.staleVersion("task");
		}
		if (current.status() == status) {
			return view(actor.workspaceId(), List.of(current)).get(0);
		}
		if (!this.tasks.changeStatus(actor.workspaceId(), taskId, current.version(), status)) {
			throw ProblemException.staleVersion("task");
		}
		this.events.publishEvent((status == TaskStatus.DONE)
				? new TaskCompleted(actor.workspaceId(), taskId, current.assigneeId(), actor.memberId())
				: new TaskReopened(actor.workspaceId(), taskId, current.assigneeId(), actor.memberId()));
		return get(actor.workspaceId(), taskId);
	}

	/**
	 * Publishes {@link TaskFellDue} once for each open task of the workspace that reached its due time.
	 * Returns how many fell due.
	 */
	@Transactional
	public int announceDueTasks(long workspaceId) {
		List<JdbcTaskRepository.DueTask> due = this.tasks.markDueNotified(workspaceId);
		due.forEach((task) -> this.events.publishEvent(new TaskFellDue(workspaceId, task.id(), task.assigneeId())));
		return due.size();
	}

	private TaskRow requireChangeable(SignedInMember actor, long taskId, String action) {
		TaskRow current = this.tasks.find(actor.workspaceId(), taskId)
			.orElseThrow(() -> ProblemException.notFound("task"));
		if (!current.mayBeChangedBy(actor)) {
			throw ProblemException.forbidden(WHO_MAY_CHANGE + action + ".");
		}
		return current;
	}

	private boolean assignable(long workspaceId, long memberId) {
		return this.members.find(workspaceId, memberId).map(MemberView::active).orElse(false);
	}

	private List<FollowUpTaskView> view(long workspaceId, List<TaskRow> rows) {
		Map<Long, String> names = this.members.names(workspaceId, rows.stream().map(TaskRow::assigneeId).toList());
		return rows.stream()
			.map((row) -> new FollowUpTaskView(Long.toString(row.id()), row.title(), row.notes(), row.status(),
					Long.toString(row.assigneeId()), names.get(row.assigneeId()), row.dueAt(), row.overdue(),
					Ids.format(row.conversationId()), Ids.format(row.chatId()), Ids.format(row.contactId()),
					Long.toString(row.createdBy()), row.createdAt(), row.updatedAt(), row.completedAt(), row.version()))
			.toList();
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	private static boolean sameInstant(OffsetDateTime a, OffsetDateTime b) {
		return (a == null) ? b == null : b != null && a.isEqual(b);
	}

}
