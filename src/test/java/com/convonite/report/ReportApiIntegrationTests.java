package com.convonite.report;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reports' answers to bad filters, agents' limits, the first day of the week, the recontact rate and its
 * setting, and the CSV's shape.
 */
class ReportApiIntegrationTests extends ApiIntegrationTest {

	@Test
	void badFiltersAreRefusedWithTheFieldThatIsWrong() {
		Api admin = newWorkspace().admin();
		Map<String, String> refused = Map.of(
				"period=YESTERDAY", "period",
				"from=2026-02-30&to=2026-03-01", "from",
				"from=2026-03-02&to=2026-03-01", "to",
				"from=2026-03-01", "to",
				"period=TODAY&from=2026-03-01&to=2026-03-02", "period",
				"purposeId=abc", "purposeId",
				"ownerId=x1", "ownerId",
				"contactId=-4", "contactId",
				"bucket=HOUR", "bucket",
				"from=1900-01-01&to=2999-12-31&bucket=MONTH", "bucket");
		refused.forEach((query, field) -> {
			var answer = admin.get("/reports/conversations-over-time?" + query);
			assertThat(answer.status()).as(query + ": " + answer).isEqualTo(400);
			assertThat(answer.contentType()).startsWith("application/problem+json");
			assertThat(answer.json().path("errors").findValuesAsString("field")).as(query).contains(field);
		});
		var status = admin.get("/reports/outcomes?groupBy=STATUS");
		assertThat(status.status()).isEqualTo(400);
		assertThat(status.json().path("errors").findValuesAsString("field")).containsExactly("groupBy");
		var notCsv = admin.with("Accept", "application/json").get("/reports/outcomes/export");
		assertThat(notCsv.status()).isEqualTo(406);
	}

	@Test
	void agentsSeeTheTeamAndThemselvesOnly() {
		TestWorkspace workspace = newWorkspace();
		Api agent = agent(workspace);
		var others = agent.get("/reports/outcomes?ownerId=" + workspace.admin().memberId);
		assertThat(others.status()).as(others.toString()).isEqualTo(403);
		assertThat(agent.get("/reports/outcomes?ownerId=me").status()).isEqualTo(200);
		assertThat(agent.get("/reports/outcomes?ownerId=" + agent.memberId).status()).isEqualTo(200);
	}

	@Test
	void theRecontactRateCountsClosedConversationsWhoseContactCameBackWithTheSamePurpose() {
		TestWorkspace workspace = newWorkspace();
		Api admin = workspace.admin();
		Api agent = agent(workspace);
		List<String> purposes = admin.get("/purposes").json().findValuesAsString("id");
		OffsetDateTime base = OffsetDateTime.parse("2026-03-02T09:00:00Z");
		var rita = Inbound.deliver(admin, Inbound.phone(), "Rita", "hello", base.minusDays(1));
		var bruno = Inbound.deliver(admin, Inbound.phone(), "Bruno", "hi", base.minusDays(1));
		// Rita: an issue closed on the 2nd, the same issue again 3 days after its end (recontacted); an enquiry closed
		// on the 3rd and an issue (another purpose) after it (not recontacted). Bruno: an issue closed on the 4th,
		// back with it 9 days later (not within 7). The agent owns Bruno's.
		log(admin, rita.chatId(), purposes.get(1), admin.memberId, base, base.plusHours(2), true);
		log(admin, rita.chatId(), purposes.get(1), admin.memberId, base.plusDays(3), null, false);
		log(admin, rita.chatId(), purposes.get(0), admin.memberId, base.plusDays(1), base.plusDays(1).plusHours(1), true);
		log(admin, bruno.chatId(), purposes.get(1), agent.memberId, base.plusDays(2), base.plusDays(2).plusHours(1), true);
		log(admin, bruno.chatId(), purposes.get(1), agent.memberId, base.plusDays(11).plusHours(2), null, false);

		JsonNode report = admin.get("/reports/recontacts?from=2026-03-01&to=2026-03-31").json();
		assertThat(report.path("recontactDays").asInt()).isEqualTo(7);
		assertThat(report.path("total").path("closed").asLong()).isEqualTo(3);
		assertThat(report.path("total").path("recontacted").asLong()).isEqualTo(1);
		assertThat(report.path("total").path("ratePercent").asDouble()).isEqualTo(33.3);
		JsonNode issue = row(report, purposes.get(1));
		assertThat(issue.path("closed").asLong()).isEqualTo(2);
		assertThat(issue.path("recontacted").asLong()).isEqualTo(1);
		assertThat(issue.path("ratePercent").asDouble()).isEqualTo(50.0);
		assertThat(row(report, purposes.get(0)).path("recontacted").asLong()).isZero();
		assertThat(report.path("previous").path("total").path("closed").asLong()).isZero();
		// the figure's list: exactly the recontacted conversation
		var listed = admin.get("/conversations?recontacted=true&startFrom=" + encode(report.path("period").path("startFrom").asString())
				+ "&startTo=" + encode(report.path("period").path("startTo").asString()));
		assertThat(listed.json().path("total").asLong()).isEqualTo(1);
		assertThat(listed.json().path("items").get(0).path("purposeId").asString()).isEqualTo(purposes.get(1));
		assertThat(admin.get("/conversations?recontacted=false").json().path("total").asLong()).isEqualTo(2);
		var wrong = admin.get("/conversations?recontacted=maybe");
		assertThat(wrong.status()).isEqualTo(400);
		assertThat(wrong.json().path("errors").findValuesAsString("field")).containsExactly("recontacted");

		// by owner, as an agent: their own row and the rest of the team
		JsonNode byOwner = agent.get("/reports/recontacts?from=2026-03-01&to=2026-03-31&groupBy=OWNER").json();
		assertThat(byOwner.path("rows").findValuesAsString("key")).containsExactly(agent.memberId, "others");
		assertThat(row(byOwner, "others").path("recontacted").asLong()).isEqualTo(1);

		// N is a setting: at 10 days Bruno's comes back in time too; a bad N is refused and changes nothing
		JsonNode settings = admin.get("/settings").json();
		var bad = admin.patch("/settings", body("version", settings.path("version").asInt(), "recontactDays", 0));
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().path("errors").findValuesAsString("field")).containsExactly("recontactDays");
		var ten = admin.patch("/settings", body("version", settings.path("version").asInt(), "recontactDays", 10));
		assertThat(ten.status()).as(ten.toString()).isEqualTo(200);
		assertThat(ten.json().path("recontactDays").asInt()).isEqualTo(10);
		JsonNode again = admin.get("/reports/recontacts?from=2026-03-01&to=2026-03-31").json();
		assertThat(again.path("total").path("recontacted").asLong()).isEqualTo(2);
		assertThat(admin.get("/conversations?recontacted=true").json().path("total").asLong()).isEqualTo(2);

		// the CSV: a row per purpose and one for all
		var csv = admin.with("Accept", "text/csv").get("/reports/recontacts/export?from=2026-03-01&to=2026-03-31");
		assertThat(csv.status()).isEqualTo(200);
		List<String> lines = csv.body().lines().toList();
		assertThat(lines.get(0)).isEqualTo(String.join(",", ReportCsv.RECONTACTS_HEADER));
		assertThat(lines.get(lines.size() - 1)).isEqualTo("PURPOSE,,All,3,2,66.7,10");
	}

	@Test
	void followUpTasksPerAssigneeEqualTheTaskListForEveryFigure() {
		TestWorkspace workspace = newWorkspace();
		Api admin = workspace.admin();
		Api agent = agent(workspace);
		String purpose = admin.get("/purposes").json().findValuesAsString("id").get(0);
		var chat = Inbound.deliver(admin, Inbound.phone(), "Rita", "hello", OffsetDateTime.now().minusHours(1));
		OffsetDateTime now = OffsetDateTime.now();
		// overdue, pending, to be done on time, to be done late, no due time; the last two the agent's
		List<String> tasks = new ArrayList<>();
		Object[][] plan = { { admin, now.minusDays(1) }, { admin, now.plusDays(1) }, { admin, now.plusDays(2) },
				{ agent, now.minusHours(2) }, { agent, null } };
		for (Object[] task : plan) {
			Map<String, Object> followUp = new HashMap<>(Map.of("title", "Call back", "assigneeId", ((Api) task[0]).memberId));
			if (task[1] != null) {
				followUp.put("dueAt", task[1].toString());
			}
			var logged = admin.post("/conversations", body("chatId", chat.chatId(), "subject", "With a task",
					"purposeId", purpose, "followUpTask", followUp));
			assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
			tasks.add(logged.json().path("followUpTask").path("id").asString());
		}
		assertThat(admin.post("/tasks/" + tasks.get(2) + "/complete").status()).isEqualTo(200);
		assertThat(admin.post("/tasks/" + tasks.get(3) + "/complete").status()).isEqualTo(200);

		var answer = admin.get("/reports/tasks?period=LAST_7_DAYS");
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		JsonNode report = answer.json();
		JsonNode all = report.path("total");
		assertThat(List.of(all.path("created").asLong(), all.path("completedOnTime").asLong(),
				all.path("completedLate").asLong(), all.path("overdue").asLong(), all.path("pending").asLong()))
			.containsExactly(5L, 1L, 1L, 1L, 2L);
		assertThat(row(report, agent.memberId).path("completedLate").asLong()).isEqualTo(1);
		assertEveryTaskFigureIsTheListCount(admin, report, "all", "");

		// reopened late, moved due times, another assignee: the report follows in the same transaction
		assertThat(admin.post("/tasks/" + tasks.get(3) + "/reopen").status()).isEqualTo(200);
		int version = admin.get("/tasks/" + tasks.get(1)).json().path("version").asInt();
		var moved = admin.patch("/tasks/" + tasks.get(1), body("version", version, "dueAt", now.minusMinutes(5).toString(),
				"assigneeId", agent.memberId));
		assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
		JsonNode after = admin.get("/reports/tasks?period=TODAY").json();
		assertThat(after.path("total").path("overdue").asLong()).isEqualTo(3);
		assertThat(after.path("total").path("completedLate").asLong()).isZero();
		assertEveryTaskFigureIsTheListCount(admin, after, "all", "");
		assertEveryTaskFigureIsTheListCount(admin, admin.get("/reports/tasks?period=TODAY&ownerId=" + agent.memberId).json(),
				agent.memberId, "");
		assertEveryTaskFigureIsTheListCount(admin,
				admin.get("/reports/tasks?period=TODAY&contactId=" + chat.contactId()).json(), "all",
				"&contactId=" + chat.contactId());

		// an agent: their own row and the rest of the team; no purpose filter
		JsonNode mine = agent.get("/reports/tasks?period=TODAY").json();
		assertThat(mine.path("rows").findValuesAsString("key")).containsExactly(agent.memberId, "others");
		assertThat(row(mine, agent.memberId).path("created").asLong()).isEqualTo(3);
		var byPurpose = admin.get("/reports/tasks?purposeId=" + purpose);
		assertThat(byPurpose.status()).isEqualTo(400);
		assertThat(byPurpose.json().path("errors").findValuesAsString("field")).containsExactly("purposeId");
		var badOutcome = admin.get("/tasks?assignee=all&outcome=SOON");
		assertThat(badOutcome.status()).isEqualTo(400);
		assertThat(badOutcome.json().path("errors").findValuesAsString("field")).containsExactly("outcome");

		var csv = admin.with("Accept", "text/csv").get("/reports/tasks/export?period=TODAY");
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.body().lines().findFirst().orElseThrow()).isEqualTo(String.join(",", ReportCsv.TASKS_HEADER));
		assertThat(csv.body().lines().reduce((a, b) -> b).orElseThrow()).isEqualTo("ASSIGNEE,,All,5,1,0,3,1");
	}

	/**
	 * Every figure of every row against the task list's count for that assignee, creation range and outcome; the row
	 * of all against {@code totalAssignee}'s (all, or the one assignee the report was filtered by); {@code more} is
	 * the rest of the report's filter as the list's ("&contactId=..." or "").
	 */
	static void assertEveryTaskFigureIsTheListCount(Api admin, JsonNode report, String totalAssignee, String more) {
		assertThat(report.has("total")).as(report.toString()).isTrue();
		List<JsonNode> rows = new ArrayList<>();
		report.path("rows").forEach(rows::add);
		rows.add(report.path("total"));
		String range = more + "&status=ALL&createdFrom=" + encode(report.path("period").path("startFrom").asString())
				+ "&createdTo=" + encode(report.path("period").path("startTo").asString());
		Map<String, String> figures = Map.of("created", "", "completedOnTime", "&outcome=ON_TIME", "completedLate",
				"&outcome=LATE", "overdue", "&outcome=OVERDUE", "pending", "&outcome=PENDING");
		for (JsonNode row : rows) {
			String assignee = row.path("key").isNull() ? totalAssignee : row.path("key").asString();
			for (var figure : figures.entrySet()) {
				var listed = admin.get("/tasks?limit=200&assignee=" + assignee + range + figure.getValue());
				assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
				assertThat((long) listed.json().path("items").size())
					.as("%s of %s in %s", figure.getKey(), assignee, report)
					.isEqualTo(row.path(figure.getKey()).asLong());
			}
		}
	}

	private static void log(Api who, String chatId, String purposeId, String ownerId, OffsetDateTime start,
			OffsetDateTime end, boolean closed) {
		Map<String, Object> body = new HashMap<>(Map.of("chatId", chatId, "subject", "About " + start, "purposeId",
				purposeId, "ownerId", ownerId, "startTime", start.toString(), "status", closed ? "CLOSED" : "OPEN"));
		if (end != null) {
			body.put("endTime", end.toString());
		}
		var logged = who.post("/conversations", body);
		assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
	}

	private static JsonNode row(JsonNode report, String key) {
		for (JsonNode row : report.path("rows")) {
			if (row.path("key").asString().equals(key)) {
				return row;
			}
		}
		throw new AssertionError("no row " + key + " in " + report);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@Test
	void theFirstDayOfTheWeekIsASettingWeeksStartOn() {
		Api admin = newWorkspace().admin();
		JsonNode settings = admin.get("/settings").json();
		assertThat(settings.path("firstDayOfWeek").asString()).isEqualTo("MONDAY");
		var wrong = admin.patch("/settings", body("version", settings.path("version").asInt(), "firstDayOfWeek", "FUNDAY"));
		assertThat(wrong.status()).isEqualTo(400);
		assertThat(wrong.json().path("errors").findValuesAsString("field")).containsExactly("firstDayOfWeek");
		var sunday = admin.patch("/settings", body("version", settings.path("version").asInt(), "firstDayOfWeek", "sunday"));
		assertThat(sunday.status()).as(sunday.toString()).isEqualTo(200);
		JsonNode weeks = admin.get("/reports/conversations-over-time?from=2026-03-04&to=2026-03-20&bucket=WEEK").json();
		// 4 March 2026 is a Wednesday: the first week is cut to the period, the next ones start on Sundays
		assertThat(weeks.path("buckets").findValuesAsString("from")).containsExactly("2026-03-04", "2026-03-08",
				"2026-03-15");
		assertThat(weeks.path("buckets").findValuesAsString("to")).containsExactly("2026-03-07", "2026-03-14",
				"2026-03-20");
		assertThat(weeks.path("previous").path("period").path("from").asString()).isEqualTo("2026-02-15");
	}

}
