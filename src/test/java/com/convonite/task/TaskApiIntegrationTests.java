package com.convonite.task;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.convonite.shared.FieldProblem;
import com.convonite.shared.ProblemException;
import com.convonite.shared.WorkspaceScope;
import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;
import com.convonite.workspace.Role;
import com.convonite.workspace.SignedInMember;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RecordApplicationEvents
class TaskApiIntegrationTests extends ApiIntegrationTest {

	private static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

	@Autowired
	FollowUpTasks followUpTasks;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationEvents events;

	// --- creating through the facade ---------------------------------------------------------------------

	@Test
	void createDefaultsTheAssigneeToTheActorAndAnyMemberCanReadIt() {
		var ws = newWorkspace();
		Api agent = agent(ws);
		var task = this.followUpTasks.create(ws.adminMember(),
				new NewFollowUpTask(null, null, null, "  Call back about the refund  ", null, NOW.plusDays(1), " notes "));
		assertThat(task.title()).isEqualTo("Call back about the refund");
		assertThat(task.notes()).isEqualTo("notes");
		assertThat(task.assigneeId()).isEqualTo(ws.admin().memberId);
		assertThat(task.assigneeName()).isEqualTo("Ada Admin");
		assertThat(task.createdBy()).isEqualTo(ws.admin().memberId);
		assertThat(task.status()).isEqualTo(TaskStatus.OPEN);
		assertThat(task.overdue()).isFalse();
		assertThat(task.conversationId()).isNull();
		assertThat(task.version()).isZero();
		assertThat(this.events.stream(TaskCreated.class))
			.usingRecursiveFieldByFieldElementComparatorIgnoringFields("eventId")
			.containsExactly(new TaskCreated(ws.id(), Long.parseLong(task.id()), ws.adminMember().memberId(),
					ws.adminMember().memberId()));

		var read = agent.get("/tasks/" + task.id());
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		assertThat(read.header("ETag")).isEqualTo("\"0\"");
		assertThat(read.text("title")).isEqualTo("Call back about the refund");
		assertThat(read.text("status")).isEqualTo("OPEN");
		assertThat(read.text("dueAt")).isNotNull();
		assertThat(read.json().path("overdue").asBoolean()).isFalse();
	}

	@Test
	void createStoresTheLinksItIsGiven() {
		var ws = newWorkspace();
		long contactId = contact(ws);
		var task = this.followUpTasks.create(ws.adminMember(),
				new NewFollowUpTask(null, null, contactId, "Send the brochure", null, null, null));
		assertThat(task.contactId()).isEqualTo(Long.toString(contactId));
		assertThat(this.followUpTasks.ofContact(ws.id(), contactId)).extracting(FollowUpTaskView::id)
			.containsExactly(task.id());
		assertThat(this.followUpTasks.ofConversation(ws.id(), 1)).isEmpty();
		var other = newWorkspace();
		assertThat(this.followUpTasks.ofContact(other.id(), contactId)).isEmpty();
	}

	@Test
	void problemsNamesEachInvalidFieldWithThePrefix() {
		var ws = newWorkspace();
		var other = newWorkspace();
		Api deactivated = agent(ws);
		deactivate(ws, deactivated);
		var tooLong = new NewFollowUpTask(null, null, null, "x".repeat(201), null, null, "n".repeat(10_001));
		assertThat(fields(this.followUpTasks.problems(ws.id(), tooLong, "followUpTask.")))
			.containsExactlyInAnyOrder("followUpTask.title", "followUpTask.notes");
		assertThat(fields(this.followUpTasks.problems(ws.id(), task("   ", null), "followUpTask.")))
			.containsExactly("followUpTask.title");
		assertThat(fields(this.followUpTasks.problems(ws.id(), task("ok", id(deactivated)), "followUpTask.")))
			.containsExactly("followUpTask.assigneeId");
		assertThat(fields(this.followUpTasks.problems(ws.id(), task("ok", other.adminMember().memberId()), "t.")))
			.containsExactly("t.assigneeId");
		assertThat(fields(this.followUpTasks.problems(ws.id(), task("ok", 999_999_999L), "")))
			.containsExactly("assigneeId");
		assertThat(this.followUpTasks.problems(ws.id(),
				new NewFollowUpTask(null, null, null, "x".repeat(200), null, NOW.minusDays(3), "n".repeat(10_000)),
				"followUpTask.")).isEmpty();
		assertThat(fields(this.followUpTasks.problems(ws.id(), null, "followUpTask.")))
			.containsExactly("followUpTask");
	}

	@Test
	void invalidCreateThrowsAValidationProblemAndCreatesNothing() {
		var ws = newWorkspace();
		Api deactivated = agent(ws);
		deactivate(ws, deactivated);
		assertThatThrownBy(() -> this.followUpTasks.create(ws.adminMember(), task("", id(deactivated))))
			.isInstanceOfSatisfying(ProblemException.class, (ex) -> {
				assertThat(ex.status().value()).isEqualTo(400);
				assertThat(fields(ex.errors())).containsExactlyInAnyOrder("followUpTask.title",
						"followUpTask.assigneeId");
			});
		assertThatThrownBy(() -> this.followUpTasks.create(ws.adminMember(), task("Deactivated", id(deactivated))))
			.isInstanceOf(ProblemException.class);
		assertThat(this.events.stream(TaskCreated.class)).isEmpty();
		assertThat(items(ws.admin().get("/tasks?assignee=all&status=all"))).isEmpty();
	}

	// --- permissions -------------------------------------------------------------------------------------

	@Test
	void theAssigneeTheCreatorAndAdminsMayEditCompleteAndReopenAndOthersMayNot() {
		var ws = newWorkspace();
		Api creator = member(ws, Role.AGENT, "Cora Creator");
		Api assignee = member(ws, Role.AGENT, "Asa Assignee");
		Api stranger = member(ws, Role.AGENT, "Otto Other");
		String id = this.followUpTasks.create(signedIn(ws, creator, Role.AGENT), task("Chase invoice", id(assignee))).id();

		var refusedEdit = stranger.patch("/tasks/" + id, body("version", 0, "title", "Mine now"));
		assertThat(refusedEdit.status()).isEqualTo(403);
		assertThat(refusedEdit.contentType()).startsWith("application/problem+json");
		assertThat(refusedEdit.text("detail")).contains("assignee", "created it", "admin");
		assertThat(stranger.post("/tasks/" + id + "/complete").status()).isEqualTo(403);
		assertThat(stranger.get("/tasks/" + id).text("status")).isEqualTo("OPEN");

		assertThat(assignee.patch("/tasks/" + id, body("version", 0, "title", "Chase invoice 42")).status()).isEqualTo(200);
		assertThat(creator.patch("/tasks/" + id, body("version", 1, "notes", "Ask for Maria")).status()).isEqualTo(200);
		assertThat(ws.admin().patch("/tasks/" + id, body("version", 2, "dueAt", NOW.plusDays(2).toString())).status())
			.isEqualTo(200);

		var completed = assignee.post("/tasks/" + id + "/complete");
		assertThat(completed.status()).isEqualTo(200);
		assertThat(completed.text("status")).isEqualTo("DONE");
		assertThat(completed.text("completedAt")).isNotNull();
		assertThat(stranger.post("/tasks/" + id + "/reopen").status()).isEqualTo(403);
		var reopened = creator.post("/tasks/" + id + "/reopen");
		assertThat(reopened.status()).isEqualTo(200);
		assertThat(reopened.text("status")).isEqualTo("OPEN");
		assertThat(reopened.text("completedAt")).isNull();
		assertThat(ws.admin().post("/tasks/" + id + "/complete").status()).isEqualTo(200);
		assertThat(ws.admin().post("/tasks/" + id + "/reopen").status()).isEqualTo(200);
		var finalState = stranger.get("/tasks/" + id).json();
		assertThat(finalState.path("title").asString()).isEqualTo("Chase invoice 42");
		assertThat(finalState.path("notes").asString()).isEqualTo("Ask for Maria");
		assertThat(finalState.path("version").asInt()).isEqualTo(7);
	}

	@Test
	void agentsListTheirOwnTasksAndAdminsListAnyonesOrEveryones() {
		var ws = newWorkspace();
		Api ann = member(ws, Role.AGENT, "Ann");
		Api bob = member(ws, Role.AGENT, "Bob");
		String annsTask = this.followUpTasks.create(ws.adminMember(), task("For Ann", id(ann))).id();
		String bobsTask = this.followUpTasks.create(ws.adminMember(), task("For Bob", id(bob))).id();
		String adminsTask = this.followUpTasks.create(ws.adminMember(), task("For Ada", null)).id();

		assertThat(ids(ann.get("/tasks"))).containsExactly(annsTask);
		assertThat(ids(ann.get("/tasks?assignee=me"))).containsExactly(annsTask);
		assertThat(ids(ann.get("/tasks?assignee=" + ann.memberId))).containsExactly(annsTask);
		var refusedOther = ann.get("/tasks?assignee=" + bob.memberId);
		assertThat(refusedOther.status()).isEqualTo(403);
		assertThat(refusedOther.text("detail")).contains("admin");
		assertThat(ann.get("/tasks?assignee=all").status()).isEqualTo(403);

		assertThat(ids(ws.admin().get("/tasks"))).containsExactly(adminsTask);
		assertThat(ids(ws.admin().get("/tasks?assignee=" + bob.memberId))).containsExactly(bobsTask);
		assertThat(ids(ws.admin().get("/tasks?assignee=all"))).containsExactlyInAnyOrder(annsTask, bobsTask, adminsTask);
		assertThat(ws.admin().get("/tasks?assignee=nobody").status()).isEqualTo(400);
	}

	// --- assignment ----------------------------------------------------------------------------------------

	@Test
	void aDeactivatedMemberCannotBeGivenATask() {
		var ws = newWorkspace();
		Api leaving = agent(ws);
		Api staying = agent(ws);
		String id = this.followUpTasks.create(ws.adminMember(), task("Hand over", id(leaving))).id();
		deactivate(ws, leaving);
		var refused = ws.admin().patch("/tasks/" + id, body("version", 0, "assigneeId", leaving.memberId, "title", "x"));
		assertThat(refused.status()).as("unchanged assignee is no new assignment: " + refused).isEqualTo(200);
		String other = this.followUpTasks.create(ws.adminMember(), task("Other", null)).id();
		var toDeactivated = ws.admin().patch("/tasks/" + other, body("version", 0, "assigneeId", leaving.memberId));
		assertThat(toDeactivated.status()).isEqualTo(400);
		assertThat(fieldsOf(toDeactivated)).containsExactly("assigneeId");
		assertThat(toDeactivated.body()).contains("active member");
		var reassigned = ws.admin().patch("/tasks/" + id, body("version", 1, "assigneeId", staying.memberId));
		assertThat(reassigned.status()).isEqualTo(200);
		assertThat(reassigned.text("assigneeId")).isEqualTo(staying.memberId);
		assertThat(reassigned.text("assigneeName")).isEqualTo("Andy Agent");
		assertThat(ws.admin().patch("/tasks/" + id, body("version", 2, "assigneeId", "999999999")).status())
			.isEqualTo(400);
	}

	@Test
	void patchValidatesEachFieldAndClearsNotesAndDueTime() {
		var ws = newWorkspace();
		String id = this.followUpTasks
			.create(ws.adminMember(), new NewFollowUpTask(null, null, null, "T", null, NOW.plusDays(1), "Some notes"))
			.id();
		var invalid = ws.admin().patch("/tasks/" + id, body("version", 0, "title", " ", "notes", "n".repeat(10_001),
				"assigneeId", "abc", "dueAt", "tomorrow", "status", "DONE"));
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(fieldsOf(invalid)).containsExactlyInAnyOrder("assigneeId", "dueAt", "status");
		var invalidValues = ws.admin().patch("/tasks/" + id,
				body("version", 0, "title", " ", "notes", "n".repeat(10_001), "assigneeId", null));
		assertThat(fieldsOf(invalidValues)).containsExactlyInAnyOrder("title", "notes", "assigneeId");
		assertThat(ws.admin().patch("/tasks/" + id, body("version", 0, "title", null)).status()).isEqualTo(400);
		assertThat(ws.admin().raw("PATCH", "/tasks/" + id, "{not json", "application/json").status()).isEqualTo(400);
		assertThat(ws.admin().patch("/tasks/" + id, "[1]").status()).isEqualTo(400);
		var cleared = ws.admin().patch("/tasks/" + id, body("version", 0, "notes", null, "dueAt", null));
		assertThat(cleared.status()).isEqualTo(200);
		assertThat(cleared.text("notes")).isNull();
		assertThat(cleared.text("dueAt")).isNull();
		assertThat(cleared.text("title")).isEqualTo("T");
		assertThat(cleared.header("ETag")).isEqualTo("\"1\"");
	}

	// --- concurrency ---------------------------------------------------------------------------------------

	@Test
	void aStaleVersionIsRefusedWith409() {
		var ws = newWorkspace();
		String id = this.followUpTasks.create(ws.adminMember(), task("Version me", null)).id();
		assertThat(ws.admin().patch("/tasks/" + id, body("version", 0, "title", "First")).status()).isEqualTo(200);
		var stale = ws.admin().patch("/tasks/" + id, body("version", 0, "title", "Second"));
		assertThat(stale.status()).isEqualTo(409);
		assertThat(stale.json().path("type").asString()).endsWith("stale-version");
		assertThat(ws.admin().with("If-Match", "\"0\"").patch("/tasks/" + id, body("title", "Third")).status())
			.isEqualTo(409);
		assertThat(ws.admin().with("If-Match", "\"1\"").patch("/tasks/" + id, body("title", "Third")).status())
			.isEqualTo(200);
		assertThat(ws.admin().patch("/tasks/" + id, body("title", "No version")).status()).isEqualTo(428);
		assertThat(ws.admin().with("If-Match", "\"1\"").post("/tasks/" + id + "/complete").status()).isEqualTo(409);
		assertThat(ws.admin().with("If-Match", "\"2\"").post("/tasks/" + id + "/complete").status()).isEqualTo(200);
		assertThat(ws.admin().get("/tasks/" + id).text("title")).isEqualTo("Third");
	}

	@Test
	void completingAndReopeningTwiceIsHarmlessAndPublishesOnce() {
		var ws = newWorkspace();
		var task = this.followUpTasks.create(ws.adminMember(), task("Twice", null));
		long id = Long.parseLong(task.id());
		var done = this.followUpTasks.complete(ws.adminMember(), id, null);
		var again = this.followUpTasks.complete(ws.adminMember(), id, null);
		assertThat(again.status()).isEqualTo(TaskStatus.DONE);
		assertThat(again.version()).isEqualTo(done.version());
		assertThat(again.completedAt()).isEqualTo(done.completedAt());
		assertThat(this.events.stream(TaskCompleted.class))
			.usingRecursiveFieldByFieldElementComparatorIgnoringFields("eventId")
			.containsExactly(new TaskCompleted(ws.id(), id, ws.adminMember().memberId(), ws.adminMember().memberId()));
		this.followUpTasks.reopen(ws.adminMember(), id, null);
		var reopenedAgain = ws.admin().post("/tasks/" + id + "/reopen");
		assertThat(reopenedAgain.status()).isEqualTo(200);
		assertThat(reopenedAgain.json().path("version").asInt()).isEqualTo(2);
		assertThat(this.events.stream(TaskReopened.class)).hasSize(1);
	}

	// --- list: filters, order, paging ------------------------------------------------------------------------

	@Test
	void theFollowUpTasksOfAConversationAreListedByItsIdAndEveryViewOfTheConversationNamesItsTask() {
		var ws = newWorkspace();
		var chat = Inbound.deliver(ws.admin(), Inbound.phone(), "Rita Lopes", "Where is my order?", NOW.minusHours(1));
		String purposeId = ws.admin().get("/purposes").json().get(0).path("id").asString();
		var logged = ws.admin().post("/conversations", body("chatId", chat.chatId(), "subject", "Late order",
				"purposeId", purposeId,
				"startTime", NOW.minusMinutes(50).toString(), "followUpTask", body("title", "Call the courier")));
		assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
		String taskId = logged.json().path("followUpTask").path("id").asString();
		assertThat(taskId).isNotBlank();
		String other = ws.admin().post("/conversations", body("chatId", chat.chatId(), "subject", "Invoice copy",
				"purposeId", purposeId, "startTime", NOW.minusMinutes(40).toString(), "followUpTask", body("title", "Send the invoice"))).id();
		create(ws, "Not about a conversation", null);

		assertThat(ids(ws.admin().get("/tasks?assignee=all&conversationId=" + logged.id()))).containsExactly(taskId);
		assertThat(ids(ws.admin().get("/tasks?assignee=all&conversationId=" + other))).hasSize(1)
			.doesNotContain(taskId);
		assertThat(ws.admin().get("/conversations/" + logged.id()).json().path("followUpTask").path("id").asString())
			.isEqualTo(taskId);
		assertThat(ws.admin().get("/conversations?chatId=" + chat.chatId()).json().path("items"))
			.extracting((item) -> item.path("followUpTask").path("title").asString())
			.containsExactlyInAnyOrder("Call the courier", "Send the invoice");
		assertThat(ws.admin().get("/tasks?conversationId=abc").status()).isEqualTo(400);
		var stranger = newWorkspace();
		assertThat(items(stranger.admin().get("/tasks?assignee=all&conversationId=" + logged.id()))).isEmpty();
	}

	@Test
	void theListShowsOpenTasksSoonestDueFirstWithOverdueMarkedAndFilters() {
		var ws = newWorkspace();
		String undated = create(ws, "Undated", null);
		String later = create(ws, "Later", NOW.plusDays(2));
		String overdue = create(ws, "Overdue", NOW.minusHours(3));
		String soon = create(ws, "Soon", NOW.plusDays(1));
		String done = create(ws, "Done", NOW.minusDays(1));
		this.followUpTasks.complete(ws.adminMember(), Long.parseLong(done), null);

		var open = ws.admin().get("/tasks");
		assertThat(ids(open)).containsExactly(overdue, soon, later, undated);
		assertThat(items(open)).extracting((item) -> item.path("overdue").asBoolean())
			.containsExactly(true, false, false, false);
		assertThat(ids(ws.admin().get("/tasks?status=open"))).containsExactly(overdue, soon, later, undated);
		var doneList = ws.admin().get("/tasks?status=done");
		assertThat(ids(doneList)).containsExactly(done);
		assertThat(items(doneList).get(0).path("overdue").asBoolean()).isFalse();
		assertThat(ids(ws.admin().get("/tasks?status=all"))).containsExactly(done, overdue, soon, later, undated);

		String from = NOW.toString();
		String to = NOW.plusDays(1).toString();
		assertThat(ids(ws.admin().get("/tasks?dueFrom=" + from))).containsExactly(soon, later);
		assertThat(ids(ws.admin().get("/tasks?dueTo=" + to))).containsExactly(overdue, soon);
		assertThat(ids(ws.admin().get("/tasks?dueFrom=" + from + "&dueTo=" + to))).containsExactly(soon);
		String withOffset = NOW.plusDays(1).withOffsetSameInstant(ZoneOffset.ofHours(2)).toString();
		assertThat(ids(ws.admin().get("/tasks?dueFrom=" + withOffset.replace("+", "%2B")))).containsExactly(soon, later);
		assertThat(ids(ws.admin().get("/tasks?dueFrom=" + withOffset))).as("an unencoded + arrives as a space")
			.containsExactly(soon, later);

		assertThat(fieldsOf(ws.admin().get("/tasks?dueFrom=yesterday"))).containsExactly("dueFrom");
		assertThat(fieldsOf(ws.admin().get("/tasks?dueTo=2026-01-31T09:30:00"))).containsExactly("dueTo");
		assertThat(fieldsOf(ws.admin().get("/tasks?dueFrom=" + to + "&dueTo=" + from))).containsExactly("dueTo");
		assertThat(fieldsOf(ws.admin().get("/tasks?status=closed"))).containsExactly("status");
	}

	@Test
	void theListPagesWithACursorThroughDatedAndUndatedTasks() {
		var ws = newWorkspace();
		List<String> expected = List.of(create(ws, "A", NOW.plusHours(1)), create(ws, "B", NOW.plusHours(2)));
		String sameTimeFirst = create(ws, "C", NOW.plusHours(3));
		String sameTimeSecond = create(ws, "D", NOW.plusHours(3));
		String undatedFirst = create(ws, "E", null);
		String undatedSecond = create(ws, "F", null);
		String undatedThird = create(ws, "G", null);
		expected = new ArrayList<>(expected);
		expected.addAll(List.of(sameTimeFirst, sameTimeSecond, undatedFirst, undatedSecond, undatedThird));

		List<String> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			var page = ws.admin().get("/tasks?limit=2" + ((cursor != null) ? "&cursor=" + cursor : ""));
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			assertThat(items(page).size()).isLessThanOrEqualTo(2);
			seen.addAll(ids(page));
			cursor = page.text("nextCursor");
			pages++;
		}
		while (cursor != null && pages < 10);
		assertThat(seen).containsExactlyElementsOf(expected);
		assertThat(pages).isEqualTo(4);

		assertThat(fieldsOf(ws.admin().get("/tasks?cursor=garbage!"))).containsExactly("cursor");
		assertThat(fieldsOf(ws.admin().get("/tasks?cursor=" + com.convonite.shared.Cursor.of("id", 1).encode())))
			.containsExactly("cursor");
		assertThat(fieldsOf(ws.admin().get("/tasks?cursor=" + com.convonite.shared.Cursor.of("due", "x", "y").encode())))
			.containsExactly("cursor");
		assertThat(fieldsOf(ws.admin().get("/tasks?limit=0"))).containsExactly("limit");
		assertThat(fieldsOf(ws.admin().get("/tasks?limit=201"))).containsExactly("limit");
		assertThat(fieldsOf(ws.admin().get("/tasks?limit=many"))).containsExactly("limit");
		assertThat(items(ws.admin().get("/tasks?limit=200"))).hasSize(7);
	}

	// --- isolation ---------------------------------------------------------------------------------------------

	@Test
	void tasksOfAnotherWorkspaceAreNeverFoundNorListed() {
		var mine = newWorkspace();
		var theirs = newWorkspace();
		Api theirAgent = agent(theirs);
		String theirTask = this.followUpTasks.create(theirs.adminMember(), task("Secret", id(theirAgent))).id();
		String myTask = create(mine, "Mine", null);

		assertThat(mine.admin().get("/tasks/" + theirTask).status()).isEqualTo(404);
		assertThat(mine.admin().patch("/tasks/" + theirTask, body("version", 0, "title", "Hijacked")).status())
			.isEqualTo(404);
		assertThat(mine.admin().post("/tasks/" + theirTask + "/complete").status()).isEqualTo(404);
		assertThat(mine.admin().post("/tasks/" + theirTask + "/reopen").status()).isEqualTo(404);
		assertThat(ids(mine.admin().get("/tasks?assignee=all&status=all"))).containsExactly(myTask);
		assertThat(ids(mine.admin().get("/tasks?assignee=" + theirAgent.memberId + "&status=all"))).isEmpty();
		assertThat(mine.admin().patch("/tasks/" + myTask, body("version", 0, "assigneeId", theirAgent.memberId))
			.status()).isEqualTo(400);
		assertThat(this.followUpTasks.find(mine.id(), Long.parseLong(theirTask))).isEmpty();

		var untouched = theirAgent.get("/tasks/" + theirTask);
		assertThat(untouched.text("title")).isEqualTo("Secret");
		assertThat(untouched.text("status")).isEqualTo("OPEN");
		assertThat(untouched.json().path("version").asInt()).isZero();
	}

	@Test
	void unknownAndMalformedIdsAnswer404AndAnonymousRequests401() {
		var ws = newWorkspace();
		for (String id : List.of("999999999", "abc", "-1", "0")) {
			assertThat(ws.admin().get("/tasks/" + id).status()).isEqualTo(404);
			assertThat(ws.admin().post("/tasks/" + id + "/complete").status()).isEqualTo(404);
		}
		var notFound = ws.admin().patch("/tasks/999999999", body("version", 0, "title", "x"));
		assertThat(notFound.status()).isEqualTo(404);
		assertThat(notFound.contentType()).startsWith("application/problem+json");
		assertThat(anonymous().get("/tasks").status()).isEqualTo(401);
	}

	// --- due reminders ---------------------------------------------------------------------------------------------

	@Test
	void aTaskThatFellDueIsAnnouncedOnceAndAgainAfterItsDueTimeMoves() {
		var ws = newWorkspace();
		Api agent = agent(ws);
		long due = Long.parseLong(this.followUpTasks
			.create(ws.adminMember(), new NewFollowUpTask(null, null, null, "Due", id(agent), NOW.minusMinutes(1), null))
			.id());
		create(ws, "Not yet", NOW.plusDays(1));
		String doneId = create(ws, "Done", NOW.minusMinutes(5));
		this.followUpTasks.complete(ws.adminMember(), Long.parseLong(doneId), null);

		assertThat(this.followUpTasks.announceDueTasks(ws.id())).isEqualTo(1);
		assertThat(this.followUpTasks.announceDueTasks(ws.id())).isZero();
		assertThat(this.events.stream(TaskFellDue.class))
			.usingRecursiveFieldByFieldElementComparatorIgnoringFields("eventId")
			.containsExactly(new TaskFellDue(ws.id(), due, id(agent)));

		var moved = this.followUpTasks.change(ws.adminMember(), due, 0,
				new TaskChanges(null, null, null, java.util.Optional.of(NOW.minusSeconds(10))));
		assertThat(moved.overdue()).isTrue();
		assertThat(this.followUpTasks.announceDueTasks(ws.id())).isEqualTo(1);
	}

	// --- API document -----------------------------------------------------------------------------------------------

	@Test
	void theOpenApiDocumentDescribesTheTaskEndpoints() throws Exception {
		var response = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + this.port + "/v3/api-docs"))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("/api/v1/tasks", "/api/v1/tasks/{id}", "/api/v1/tasks/{id}/complete",
				"/api/v1/tasks/{id}/reopen", "TaskPatch");
	}

	// --- factories ---------------------------------------------------------------------------------------------------

	private String create(TestWorkspace ws, String title, OffsetDateTime dueAt) {
		return this.followUpTasks.create(ws.adminMember(), new NewFollowUpTask(null, null, null, title, null, dueAt, null))
			.id();
	}

	private static NewFollowUpTask task(String title, Long assigneeId) {
		return new NewFollowUpTask(null, null, null, title, assigneeId, null, null);
	}

	private static long id(Api member) {
		return Long.parseLong(member.memberId);
	}

	private static SignedInMember signedIn(TestWorkspace ws, Api member, Role role) {
		return new SignedInMember(ws.id(), id(member), role, "member");
	}

	private void deactivate(TestWorkspace ws, Api member) {
		var response = ws.admin().patch("/members/" + member.memberId, body("version", 0, "active", false));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	/** A contact row to link tasks to; the contact module is not part of this one. */
	private long contact(TestWorkspace ws) {
		return WorkspaceScope.call(ws.id(), () -> this.jdbc
			.sql("insert into contact (workspace_id, name, phone) values (:ws, 'Carla', :phone) returning id")
			.param("ws", ws.id())
			.param("phone", "+3519" + System.nanoTime() % 100_000_000)
			.query(Long.class)
			.single());
	}

	private static List<JsonNode> items(Api.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<JsonNode> items = new ArrayList<>();
		response.json().path("items").forEach(items::add);
		return items;
	}

	private static List<String> ids(Api.Response response) {
		return items(response).stream().map((item) -> item.path("id").asString()).toList();
	}

	private static List<String> fieldsOf(Api.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		return response.json().path("errors").findValuesAsString("field");
	}

	private static List<String> fields(List<FieldProblem> problems) {
		return problems.stream().map(FieldProblem::field).toList();
	}

}
