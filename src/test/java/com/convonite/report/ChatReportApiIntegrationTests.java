package com.convonite.report;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Chats and logging coverage reports: the times chats were open (created, closed, reopened by the customer's
 * message, reassigned) as the episodes and rollups of migration V180 keep them, the reports' shape, their filters
 * (purposeId refused), agents' limits, the CSV, the chat history list with the same filters, and the rollups equal to
 * those counted again from the episodes.
 */
class ChatReportApiIntegrationTests extends ApiIntegrationTest {

	@Test
	void chatsAreCountedEachTimeTheyOpenAndCloseWithTheirMessagesResponsesAndLogs() {
		TestWorkspace workspace = newWorkspace();
		Api admin = workspace.admin();
		Api agent = agent(workspace);
		String purpose = admin.get("/purposes").json().findValuesAsString("id").get(0);
		String ritaPhone = Inbound.phone();
		// Rita writes (20 minutes ago by her phone's clock); the agent takes the chat and answers, then closes it
		// without logging anything
		var rita = Inbound.deliver(admin, ritaPhone, "Rita", "hello", OffsetDateTime.now().minusMinutes(20));
		ok(agent.post("/chats/" + rita.chatId() + "/assign", Map.of("assigneeId", agent.memberId)), 200);
		ok(agent.post("/chats/" + rita.chatId() + "/messages", Map.of("type", "TEXT", "body", "On it")), 201);
		ok(agent.post("/chats/" + rita.chatId() + "/close"), 200);
		// she writes again: the chat opens again (a second time), a conversation is logged, and it is closed again
		Inbound.deliver(admin, ritaPhone, "Rita", "one more thing", OffsetDateTime.now());
		ok(admin.post("/conversations", body("chatId", rita.chatId(), "subject", "Second question", "purposeId",
				purpose)), 201);
		ok(agent.post("/chats/" + rita.chatId() + "/close"), 200);
		// Bruno writes; nobody takes his chat yet
		var bruno = Inbound.deliver(admin, Inbound.phone(), "Bruno", "hi", OffsetDateTime.now().minusMinutes(1));

		JsonNode report = ok(admin.get("/reports/chats?period=LAST_7_DAYS"), 200).json();
		JsonNode all = report.path("total");
		assertThat(List.of(all.path("opened").asLong(), all.path("closed").asLong(), all.path("messagesIn").asLong(),
				all.path("messagesOut").asLong())).containsExactly(3L, 2L, 3L, 1L);
		assertThat(all.path("firstResponse").path("count").asLong()).isEqualTo(1);
		long first = all.path("firstResponse").path("medianSeconds").asLong();
		assertThat(first).as("about 20 minutes, within the histogram's 9.1%").isBetween(1090L, 1420L);
		assertThat(band(all, "FROM_10_TO_30MIN")).isEqualTo(1);
		assertThat(all.path("firstResponseBands").findValuesAsString("band")).containsExactly("UNDER_30S",
				"FROM_30S_TO_2MIN", "FROM_2_TO_5MIN", "FROM_5_TO_10MIN", "FROM_10_TO_30MIN", "FROM_30_TO_60MIN", "OVER_1H");
		assertThat(all.path("resolution").path("count").asLong()).isEqualTo(2);
		assertThat(report.path("bucket").asString()).isEqualTo("DAY");
		assertThat(report.path("buckets")).hasSize(7);
		assertThat(report.path("buckets").findValues("opened").stream().mapToLong(JsonNode::asLong).sum()).isEqualTo(3);
		assertThat(report.path("previous").path("total").path("opened").asLong()).isZero();
		JsonNode mine = row(report, agent.memberId);
		assertThat(List.of(mine.path("opened").asLong(), mine.path("closed").asLong(), mine.path("messagesIn").asLong(),
				mine.path("messagesOut").asLong())).containsExactly(2L, 2L, 2L, 1L);
		JsonNode unassigned = row(report, "0");
		assertThat(unassigned.path("label").asString()).isEqualTo("Unassigned");
		assertThat(unassigned.path("opened").asLong()).isEqualTo(1);

		JsonNode coverage = ok(admin.get("/reports/logging-coverage?period=LAST_7_DAYS"), 200).json();
		assertThat(coverage.path("total").path("closed").asLong()).isEqualTo(2);
		assertThat(coverage.path("total").path("logged").asLong()).isEqualTo(1);
		assertThat(coverage.path("total").path("sharePercent").asDouble()).isEqualTo(50.0);
		assertThat(coverage.path("rows").findValuesAsString("key")).containsExactly(agent.memberId);

		// the chat history lists exactly what each figure counts
		String days = "openedFrom=" + report.path("period").path("from").asString() + "&openedTo="
				+ report.path("period").path("to").asString();
		String closes = days.replace("opened", "closed");
		assertThat(total(admin, days)).isEqualTo(3);
		assertThat(total(admin, days + "&agentId=" + agent.memberId)).isEqualTo(2);
		assertThat(total(admin, days + "&agentId=none")).isEqualTo(1);
		assertThat(total(admin, days + "&firstResponse=FROM_10_TO_30MIN")).isEqualTo(1);
		assertThat(total(admin, days + "&contactId=" + bruno.contactId())).isEqualTo(1);
		assertThat(total(admin, closes)).isEqualTo(2);
		assertThat(total(admin, closes + "&conversationLogged=true")).isEqualTo(1);
		assertThat(total(admin, closes + "&conversationLogged=false")).isEqualTo(1);
		JsonNode second = admin.get("/chat-episodes?" + closes + "&conversationLogged=true").json().path("items").get(0);
		assertThat(second.path("chatId").asString()).isEqualTo(rita.chatId());
		assertThat(second.path("agentId").asString()).isEqualTo(agent.memberId);
		assertThat(second.path("messagesIn").asInt()).isEqualTo(1);
		assertThat(second.path("firstReplyAt").isNull()).as("no reply in the second time").isTrue();
		JsonNode firstTime = admin.get("/chat-episodes?" + closes + "&conversationLogged=false").json().path("items").get(0);
		assertThat(firstTime.path("firstResponseSeconds").asLong()).isBetween(1190L, 1300L);
		assertThat(firstTime.path("firstReplyById").asString()).isEqualTo(agent.memberId);
		// one contact: Bruno's open chat alone
		JsonNode his = ok(admin.get("/reports/chats?period=LAST_7_DAYS&contactId=" + bruno.contactId()), 200).json();
		assertThat(his.path("total").path("opened").asLong()).isEqualTo(1);
		assertThat(his.path("total").path("closed").asLong()).isZero();
		// one agent
		JsonNode agents = ok(admin.get("/reports/chats?period=LAST_7_DAYS&ownerId=" + agent.memberId), 200).json();
		assertThat(agents.path("total").path("opened").asLong()).isEqualTo(2);

		// a reassignment moves an open chat to its new agent; the rollups stay what the episodes count again
		ok(admin.post("/chats/" + bruno.chatId() + "/assign", Map.of("assigneeId", agent.memberId)), 200);
		assertThat(row(admin.get("/reports/chats?period=LAST_7_DAYS").json(), agent.memberId).path("opened").asLong())
			.isEqualTo(3);
		assertThat(total(admin, days + "&agentId=none")).isZero();
		String rollups = """
				select string_agg(concat_ws(' ', day, agent_id, opened, closed, closed_logged, messages_in, messages_out,
				  first_30s, first_2m, first_5m, first_10m, first_30m, first_1h, first_over_1h), '; ' order by day, agent_id)
				from chat_day where workspace_id = :ws and (opened, closed, closed_logged, messages_in, messages_out,
				  first_30s, first_2m, first_5m, first_10m, first_30m, first_1h, first_over_1h)
				  <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
				""";
		String times = "select string_agg(concat_ws(' ', day, agent_id, measure, bucket, chats), '; ' order by 1)"
				+ " from chat_day_time where workspace_id = :ws and chats <> 0";
		String kept = databaseOwner().sql(rollups).param("ws", workspace.id()).query(String.class).single();
		String keptTimes = databaseOwner().sql(times).param("ws", workspace.id()).query(String.class).single();
		databaseOwner().sql("select chat_rollup_rebuild(:ws)").param("ws", workspace.id()).query((rs, n) -> 1).list();
		assertThat(databaseOwner().sql(rollups).param("ws", workspace.id()).query(String.class).single()).isEqualTo(kept);
		assertThat(databaseOwner().sql(times).param("ws", workspace.id()).query(String.class).single())
			.isEqualTo(keptTimes);

		// the CSVs: a row per bucket, per agent, and one for all
		var csv = ok(admin.with("Accept", "text/csv").get("/reports/chats/export?period=LAST_7_DAYS"), 200);
		List<String> lines = csv.body().lines().toList();
		assertThat(lines.get(0)).isEqualTo(String.join(",", ChatReportCsv.CHATS_HEADER));
		assertThat(lines.stream().filter((l) -> l.startsWith("BUCKET,"))).hasSize(7);
		assertThat(lines.get(lines.size() - 1)).startsWith("AGENT," + report.path("period").path("from").asString() + ","
				+ report.path("period").path("to").asString() + ",,All,3,2,3,1,1,");
		var coverageCsv = ok(admin.with("Accept", "text/csv").get("/reports/logging-coverage/export?period=LAST_7_DAYS"), 200);
		assertThat(coverageCsv.body().lines().findFirst().orElseThrow())
			.isEqualTo(String.join(",", ChatReportCsv.COVERAGE_HEADER));
		assertThat(coverageCsv.body().lines().reduce((a, b) -> b).orElseThrow()).isEqualTo("AGENT,,All,2,1,50.0");
		assertThat(admin.with("Accept", "application/json").get("/reports/chats/export").status()).isEqualTo(406);
	}

	@Test
	void agentsSeeTheTeamAndThemselvesAndBadFiltersAreRefusedByField() {
		TestWorkspace workspace = newWorkspace();
		Api admin = workspace.admin();
		Api agent = agent(workspace);
		var chat = Inbound.deliver(admin, Inbound.phone(), "Rita", "hello", OffsetDateTime.now().minusMinutes(1));
		ok(admin.post("/chats/" + chat.chatId() + "/assign", Map.of("assigneeId", admin.memberId)), 200);
		ok(admin.post("/chats/" + chat.chatId() + "/close"), 200);

		JsonNode seen = ok(agent.get("/reports/chats?period=LAST_7_DAYS"), 200).json();
		assertThat(seen.path("rows").findValuesAsString("key")).containsExactly("others");
		assertThat(seen.path("total").path("closed").asLong()).isEqualTo(1);
		assertThat(ok(agent.get("/reports/logging-coverage?period=LAST_7_DAYS"), 200).json().path("rows")
			.findValuesAsString("key")).containsExactly("others");
		assertThat(agent.get("/reports/chats?ownerId=" + admin.memberId).status()).isEqualTo(403);
		assertThat(agent.get("/reports/logging-coverage?ownerId=" + admin.memberId).status()).isEqualTo(403);
		assertThat(ok(agent.get("/reports/chats?ownerId=me"), 200).json().path("total").path("closed").asLong()).isZero();
		assertThat(ok(admin.get("/reports/chats?period=LAST_7_DAYS"), 200).json().path("rows").findValuesAsString("key"))
			.containsExactly(admin.memberId);

		String purpose = admin.get("/purposes").json().findValuesAsString("id").get(0);
		Map<String, String> refused = Map.of("/reports/chats?purposeId=" + purpose, "purposeId",
				"/reports/logging-coverage?purposeId=" + purpose, "purposeId", "/reports/chats?bucket=HOUR", "bucket",
				"/reports/chats?period=YESTERDAY", "period", "/reports/logging-coverage?from=2026-03-02&to=2026-03-01", "to",
				"/chat-episodes?openedFrom=yesterday", "openedFrom", "/chat-episodes?closedFrom=2026-03-02&closedTo=2026-03-01",
				"closedTo", "/chat-episodes?agentId=someone", "agentId", "/chat-episodes?conversationLogged=maybe",
				"conversationLogged", "/chat-episodes?firstResponse=SOON", "firstResponse");
		refused.forEach((path, field) -> {
			var answer = admin.get(path);
			assertThat(answer.status()).as(path + ": " + answer).isEqualTo(400);
			assertThat(answer.contentType()).startsWith("application/problem+json");
			assertThat(answer.json().path("errors").findValuesAsString("field")).as(path).contains(field);
		});
		// every member sees every chat, and so the chat history
		assertThat(agent.get("/chat-episodes").json().path("total").asLong()).isEqualTo(1);
	}

	private static long band(JsonNode row, String band) {
		for (JsonNode b : row.path("firstResponseBands")) {
			if (b.path("band").asString().equals(band)) {
				return b.path("chats").asLong();
			}
		}
		throw new AssertionError("no band " + band + " in " + row);
	}

	private static long total(Api api, String query) {
		var answer = ok(api.get("/chat-episodes?limit=200&" + query), 200);
		return answer.json().path("total").asLong();
	}

	private static JsonNode row(JsonNode report, String key) {
		for (JsonNode row : report.path("rows")) {
			if (row.path("key").asString().equals(key)) {
				return row;
			}
		}
		throw new AssertionError("no row " + key + " in " + report);
	}

	private static Api.Response ok(Api.Response response, int status) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		return response;
	}

}
