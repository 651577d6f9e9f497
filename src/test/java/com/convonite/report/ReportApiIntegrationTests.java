package com.convonite.report;

import java.util.Map;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The reports' answers to bad filters, agents' limits, the first day of the week and the CSV's shape. */
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
