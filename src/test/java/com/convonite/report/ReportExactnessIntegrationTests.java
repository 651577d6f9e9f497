package com.convonite.report;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;
import com.convonite.support.Inbound.Delivered;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every count of every report equals the Conversations list's total for the same filter, after random logs, edits
 * of purpose, owner, status and start time across day boundaries, closes, reopens and deletes, in a zone whose
 * clocks change in the period (Europe/Berlin, 29 March 2026), and again after the time zone changes; the recontact
 * rate's closed and recontacted counts equal the list's with recontacted=true, again after the recontact days change;
 * every follow-up task figure equals the task list's count, after completes and reopens and again in the new zone.
 */
class ReportExactnessIntegrationTests extends ApiIntegrationTest {

	static final LocalDate FROM = LocalDate.of(2026, 3, 20);

	static final LocalDate TO = LocalDate.of(2026, 4, 5);

	final List<String> failures = new ArrayList<>();

	int comparisons;

	long recontacted;

	@Test
	void everyReportCountEqualsTheListCountForItsFilter() {
		long seed = Long.getLong("convonite.reports.seed", System.nanoTime());
		System.out.println("ReportExactnessIntegrationTests seed " + seed + " (-Dconvonite.reports.seed=" + seed + ")");
		Random random = new Random(seed);
		TestWorkspace workspace = newWorkspace();
		Api admin = workspace.admin();
		settings(admin, Map.of("timeZone", "Europe/Berlin", "firstDayOfWeek", "SUNDAY"));
		List<Api> members = List.of(admin, member(workspace, com.convonite.workspace.Role.AGENT, "Bea Agent"),
				member(workspace, com.convonite.workspace.Role.AGENT, "Cid Agent"));
		List<String> purposes = new ArrayList<>();
		for (JsonNode purpose : admin.get("/purposes").json()) {
			purposes.add(purpose.path("id").asString());
		}
		OffsetDateTime sent = OffsetDateTime.parse("2026-03-18T10:00:00Z");
		List<Delivered> chats = List.of(Inbound.deliver(admin, Inbound.phone(), "Ana", "hello", sent),
				Inbound.deliver(admin, Inbound.phone(), "Bruno", "hi", sent),
				Inbound.deliver(admin, Inbound.phone(), "Carla", "hey", sent));
		ZoneId berlin = ZoneId.of("Europe/Berlin");
		List<String> conversations = new ArrayList<>();
		List<String> tasks = new ArrayList<>();
		Map<String, Integer> done = new HashMap<>();
		for (int step = 0; step < 90; step++) {
			int action = (conversations.size() < 8) ? 0 : random.nextInt(10);
			Api who = members.get(random.nextInt(members.size()));
			if (action <= 3) {
				Delivered chat = chats.get(random.nextInt(chats.size()));
				OffsetDateTime start = nearMidnight(random, berlin);
				Map<String, Object> body = new HashMap<>(body("chatId", chat.chatId(), "subject", "Step " + step,
						"purposeId", purposes.get(random.nextInt(purposes.size())), "ownerId",
						members.get(random.nextInt(members.size())).memberId, "startTime", start.toString()));
				if (random.nextBoolean()) {
					body.put("status", "CLOSED");
					// ended up to three days after its start: the next one of its contact and purpose may come
					// within the recontact days or not
					body.put("endTime", start.plusMinutes(random.nextInt(3 * 24 * 60)).toString());
				}
				if (random.nextInt(3) == 0) {
					// a follow-up due up to two days before or after now, some with no due time
					Map<String, Object> task = new HashMap<>(Map.of("title", "Follow up " + step, "assigneeId",
							members.get(random.nextInt(members.size())).memberId));
					if (random.nextInt(4) > 0) {
						task.put("dueAt", OffsetDateTime.now().plusMinutes(random.nextInt(4 * 24 * 60) - 2 * 24 * 60).toString());
					}
					body.put("followUpTask", task);
				}
				var logged = who.post("/conversations", body);
				assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
				conversations.add(logged.id());
				if (logged.json().path("followUpTask").isObject()) {
					tasks.add(logged.json().path("followUpTask").path("id").asString());
				}
				done.merge("log", 1, Integer::sum);
				continue;
			}
			String id = conversations.get(random.nextInt(conversations.size()));
			JsonNode current = admin.get("/conversations/" + id).json();
			int version = current.path("version").asInt();
			Api.Response answer = switch (action) {
				case 4 -> admin.patch("/conversations/" + id, body("version", version, "purposeId",
						purposes.get(random.nextInt(purposes.size()))));
				case 5 -> admin.patch("/conversations/" + id, body("version", version, "ownerId",
						members.get(random.nextInt(members.size())).memberId));
				case 6 -> {
					// across a day boundary (and the clock change); the end time goes, so it is never before the start
					Map<String, Object> change = new HashMap<>(body("version", version, "startTime",
							nearMidnight(random, berlin).toString()));
					change.put("endTime", null);
					yield admin.patch("/conversations/" + id, change);
				}
				case 7 -> admin.post("/conversations/" + id + "/close");
				case 8 -> admin.post("/conversations/" + id + "/reopen");
				default -> {
					conversations.remove(id);
					yield admin.delete("/conversations/" + id);
				}
			};
			assertThat(answer.status()).as(answer.toString()).isIn(200, 204, 400, 409);
			done.merge(List.of("purpose", "owner", "start", "close", "reopen", "delete").get(Math.min(action - 4, 5)),
					(answer.status() < 300) ? 1 : 0, Integer::sum);
		}
		System.out.println("ReportExactnessIntegrationTests changes made: " + done);
		assertThat(done.getOrDefault("start", 0)).as("start times moved").isPositive();
		assertThat(done.getOrDefault("delete", 0)).as("deletes").isPositive();

		// tasks completed on time or late, some reopened (overdue or not), counted per assignee against the task list
		for (String task : tasks) {
			if (random.nextBoolean()) {
				assertThat(admin.post("/tasks/" + task + "/complete").status()).isEqualTo(200);
				if (random.nextInt(4) == 0) {
					assertThat(admin.post("/tasks/" + task + "/reopen").status()).isEqualTo(200);
				}
			}
		}
		assertThat(tasks).as("follow-up tasks made").hasSizeGreaterThan(5);
		ReportApiIntegrationTests.assertEveryTaskFigureIsTheListCount(admin, admin.get("/reports/tasks?period=TODAY").json(),
				"all", "");
		ReportApiIntegrationTests.assertEveryTaskFigureIsTheListCount(admin,
				admin.get("/reports/tasks?period=LAST_7_DAYS&ownerId=" + members.get(1).memberId).json(),
				members.get(1).memberId, "");
		ReportApiIntegrationTests.assertEveryTaskFigureIsTheListCount(admin,
				admin.get("/reports/tasks?period=LAST_7_DAYS&contactId=" + chats.get(0).contactId()).json(),
				"all", "&contactId=" + chats.get(0).contactId());

		String range = "from=" + FROM + "&to=" + TO;
		checkAll(admin, range);
		String onePurposeTwoOwners = range + "&purposeId=" + purposes.get(0) + "&ownerId=" + members.get(1).memberId
				+ "&ownerId=" + members.get(2).memberId;
		checkAll(admin, onePurposeTwoOwners);
		checkAll(admin, range + "&contactId=" + chats.get(0).contactId());
		// whole months come from the monthly rollups, the days at the ends from the daily ones
		checkMonths(admin, "from=2026-02-10&to=2026-05-31");
		checkMonths(admin, "from=2026-03-01&to=2026-04-30&purposeId=" + purposes.get(1));
		checkNarrowRollups(admin, range, purposes.get(2), members.get(1).memberId);

		// another first day of the week: the weeks are counted again
		settings(admin, Map.of("firstDayOfWeek", "WEDNESDAY"));
		for (String groupBy : List.of("PURPOSE", "STATUS")) {
			checkOverTime(admin, range + "&bucket=WEEK&groupBy=" + groupBy);
		}

		// another zone: every day is counted again, in the same transaction as the change
		settings(admin, Map.of("timeZone", "America/Sao_Paulo"));
		checkAll(admin, range);
		checkNarrowRollups(admin, range, purposes.get(2), members.get(2).memberId);
		checkAll(admin, range + "&contactId=" + chats.get(1).contactId());
		checkMonths(admin, "from=2026-02-10&to=2026-05-31");
		ReportApiIntegrationTests.assertEveryTaskFigureIsTheListCount(admin,
				admin.get("/reports/tasks?period=LAST_7_DAYS").json(), "all", "");

		// fewer recontact days: every flag is counted again
		settings(admin, Map.of("recontactDays", 2));
		checkAll(admin, range);
		checkAll(admin, onePurposeTwoOwners);
		checkMonths(admin, "from=2026-02-10&to=2026-05-31");
		assertThat(this.recontacted).as("recontacted conversations seen in the reports").isPositive();

		assertThat(this.failures).as("report counts that differ from the list, out of %d compared", this.comparisons)
			.isEmpty();
		assertThat(this.comparisons).isGreaterThan(200);
	}

	/**
	 * Every figure of the Chats and logging coverage reports equals the chat history's total (or sum) for the same
	 * filter. Chats are opened, taken, reassigned, answered, closed (with a conversation logged in the same step or
	 * not), reopened by a member or by the customer's message, conversations logged and deleted on them, all through the
	 * API; then, since the product stamps those times with the clock, the times they were open are moved by SQL (as a
	 * hand-made change, which the triggers keep as any other) to around local midnights of the period, many across the
	 * clock change of 29 March 2026 in Berlin, with their closes and first replies days and minutes later. Checked by
	 * day, week and month, per agent, for one agent and one contact, again in another zone.
	 */
	@Test
	void everyChatFigureEqualsTheChatHistoryCount() {
		long seed = Long.getLong("convonite.reports.seed", System.nanoTime());
		System.out.println("ReportExactnessIntegrationTests chats seed " + seed + " (-Dconvonite.reports.seed=" + seed + ")");
		Random random = new Random(seed);
		TestWorkspace workspace = newWorkspace();
		Api admin = workspace.admin();
		settings(admin, Map.of("timeZone", "Europe/Berlin", "firstDayOfWeek", "SUNDAY"));
		List<Api> members = List.of(admin, member(workspace, com.convonite.workspace.Role.AGENT, "Bea Agent"),
				member(workspace, com.convonite.workspace.Role.AGENT, "Cid Agent"));
		Map<String, Api> byId = new HashMap<>();
		members.forEach((m) -> byId.put(m.memberId, m));
		String purpose = admin.get("/purposes").json().findValuesAsString("id").get(0);
		List<String> phones = List.of(Inbound.phone(), Inbound.phone(), Inbound.phone(), Inbound.phone(), Inbound.phone());
		List<Delivered> chats = new ArrayList<>();
		for (String phone : phones) {
			chats.add(Inbound.deliver(admin, phone, "Customer " + phone.substring(phone.length() - 4), "hello",
					OffsetDateTime.now().minusMinutes(random.nextInt(90))));
		}
		// four of them taken by a member each; the last one waits for someone
		for (int i = 0; i < chats.size() - 1; i++) {
			assertThat(admin.post("/chats/" + chats.get(i).chatId() + "/assign",
					Map.of("assigneeId", members.get(i % members.size()).memberId)).status()).isEqualTo(200);
		}
		List<String> conversations = new ArrayList<>();
		Map<String, Integer> done = new HashMap<>();
		for (int step = 0; step < 80; step++) {
			int pick = random.nextInt(chats.size());
			Delivered chat = chats.get(pick);
			JsonNode current = admin.get("/chats/" + chat.chatId()).json().path("assigneeId");
			String assignee = current.isNull() ? null : current.asString();
			Api holder = (assignee != null) ? byId.get(assignee) : admin;
			int action = random.nextInt(9);
			Api.Response answer = switch (action) {
				case 0, 1 -> {
					// the customer writes: a closed chat opens again
					Inbound.deliver(admin, phones.get(pick), "Customer", "again " + step,
							OffsetDateTime.now().minusSeconds(random.nextInt(600)));
					yield null;
				}
				case 2 -> {
					Map<String, Object> to = new HashMap<>();
					to.put("assigneeId", (random.nextInt(5) == 0) ? null : members.get(random.nextInt(3)).memberId);
					yield admin.post("/chats/" + chat.chatId() + "/assign", to);
				}
				case 3, 4 -> holder.post("/chats/" + chat.chatId() + "/messages", Map.of("type", "TEXT", "body", "Reply " + step));
				case 5 -> {
					var closed = random.nextBoolean() ? holder.post("/chats/" + chat.chatId() + "/close")
							: holder.post("/chats/" + chat.chatId() + "/close", Map.of("conversation",
									Map.of("subject", "Closed at " + step, "purposeId", purpose)));
					if (closed.status() == 200 && random.nextBoolean()) {
						// and opened again by its assignee before the customer writes
						var reopened = holder.post("/chats/" + chat.chatId() + "/reopen");
						assertThat(reopened.status()).as(reopened.toString()).isEqualTo(200);
						done.merge("reopen", 1, Integer::sum);
					}
					yield closed;
				}
				case 6 -> holder.post("/chats/" + chat.chatId() + "/reopen");
				case 7 -> {
					var logged = admin.post("/conversations", body("chatId", chat.chatId(), "subject", "Step " + step,
							"purposeId", purpose));
					if (logged.status() == 201) {
						conversations.add(logged.id());
					}
					yield logged;
				}
				default -> conversations.isEmpty() ? null
						: admin.delete("/conversations/" + conversations.remove(random.nextInt(conversations.size())));
			};
			if (answer != null) {
				assertThat(answer.status()).as(answer.toString()).isIn(200, 201, 204, 403, 409);
			}
			done.merge(List.of("inbound", "inbound", "assign", "reply", "reply", "close", "reopen", "log", "delete")
				.get(action), (answer == null || answer.status() < 300) ? 1 : 0, Integer::sum);
		}
		System.out.println("ReportExactnessIntegrationTests chat changes made: " + done);
		assertThat(done.getOrDefault("close", 0)).as("closes").isPositive();
		assertThat(done.getOrDefault("reply", 0)).as("replies").isPositive();

		// the times they were open, moved to around midnights of the period (and some of the previous one), in two
		// statements of many rows each
		List<Long> episodes = databaseOwner().sql("select id from chat_episode where workspace_id = :ws order by id")
			.param("ws", workspace.id()).query(Long.class).list();
		assertThat(episodes).as("times chats were open").hasSizeGreaterThanOrEqualTo(chats.size());
		ZoneId berlin = ZoneId.of("Europe/Berlin");
		long[] replies = { 0, 20, 95, 250, 500, 1500, 3000, 5000 };
		for (int half = 0; half < 2; half++) {
			StringBuilder values = new StringBuilder();
			for (int i = half; i < episodes.size(); i += 2) {
				OffsetDateTime target = (random.nextInt(6) == 0)
						? FROM.minusDays(1 + random.nextInt(12)).atTime(LocalTime.NOON).atZone(berlin).toOffsetDateTime()
						: nearMidnight(random, berlin);
				values.append((values.length() > 0) ? ", " : "").append("(").append(episodes.get(i)).append(", '")
					.append(target).append("'::timestamptz, ").append(random.nextInt(3 * 24 * 60 * 60)).append(", ")
					.append(replies[random.nextInt(replies.length)]).append(")");
			}
			databaseOwner().sql("""
					update chat_episode e set opened_at = s.target,
					       closed_at = s.target + (e.closed_at - e.opened_at) + make_interval(secs => s.extra),
					       first_in_at = s.target + (e.first_in_at - e.opened_at),
					       first_reply_at = s.target + (e.first_reply_at - e.opened_at) + make_interval(secs => s.reply)
					from (values %s) s (id, target, extra, reply)
					where e.workspace_id = :ws and e.id = s.id
					""".formatted(values)).param("ws", workspace.id()).update();
		}

		String range = "from=" + FROM + "&to=" + TO;
		checkChats(admin, range);
		checkChats(admin, range + "&ownerId=" + members.get(1).memberId);
		checkChats(admin, range + "&contactId=" + chats.get(0).contactId());
		checkChats(admin, "from=2026-02-10&to=2026-05-31");
		// another zone: every day is counted again, in the same transaction as the change
		settings(admin, Map.of("timeZone", "America/Sao_Paulo"));
		checkChats(admin, range);
		checkChats(admin, range + "&contactId=" + chats.get(1).contactId());

		assertThat(this.failures).as("chat report figures that differ from the chat history, out of %d compared",
				this.comparisons).isEmpty();
		assertThat(this.comparisons).isGreaterThan(300);
	}

	private void checkChats(Api admin, String filters) {
		for (String bucket : List.of("DAY", "WEEK", "MONTH")) {
			var answer = admin.get("/reports/chats?" + filters + "&bucket=" + bucket);
			assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
			JsonNode report = answer.json();
			String list = chatListFilters(filters);
			String query = filters + "&bucket=" + bucket;
			long opened = 0;
			for (JsonNode b : report.path("buckets")) {
				String days = "&openedFrom=" + b.path("from").asString() + "&openedTo=" + b.path("to").asString();
				compare(query + " opened " + b.path("from").asString(), b.path("opened").asLong(),
						episodes(admin, list + days).path("total").asLong());
				compare(query + " closed " + b.path("from").asString(), b.path("closed").asLong(),
						episodes(admin, list + days.replace("opened", "closed")).path("total").asLong());
				opened += b.path("opened").asLong();
			}
			compare(query + " opened in all buckets", report.path("total").path("opened").asLong(), opened);
			if (!bucket.equals("DAY")) {
				continue;
			}
			String opens = "&openedFrom=" + report.path("period").path("from").asString() + "&openedTo="
					+ report.path("period").path("to").asString();
			String closes = opens.replace("opened", "closed");
			List<JsonNode> rows = new ArrayList<>();
			report.path("rows").forEach(rows::add);
			rows.add(report.path("total"));
			for (JsonNode row : rows) {
				String base = row.path("key").isNull() ? list : agentNarrowed(list, row.path("key").asString());
				String name = query + " agent " + row.path("label").asString();
				JsonNode listed = episodes(admin, base + opens);
				compare(name + " opened", row.path("opened").asLong(), listed.path("total").asLong());
				compare(name + " closed", row.path("closed").asLong(), episodes(admin, base + closes).path("total").asLong());
				long in = 0;
				long out = 0;
				List<Long> firsts = new ArrayList<>();
				for (JsonNode item : listed.path("items")) {
					in += item.path("messagesIn").asLong();
					out += item.path("messagesOut").asLong();
					if (!item.path("firstResponseSeconds").isNull()) {
						firsts.add(item.path("firstResponseSeconds").asLong());
					}
				}
				compare(name + " messages in", row.path("messagesIn").asLong(), in);
				compare(name + " messages out", row.path("messagesOut").asLong(), out);
				compare(name + " first responses", row.path("firstResponse").path("count").asLong(), firsts.size());
				for (JsonNode band : row.path("firstResponseBands")) {
					compare(name + " band " + band.path("band").asString(), band.path("chats").asLong(),
							episodes(admin, base + opens + "&firstResponse=" + band.path("band").asString())
								.path("total").asLong());
				}
				firsts.sort(null);
				if (!firsts.isEmpty()) {
					withinSecond(name + " median first response",
							row.path("firstResponse").path("medianSeconds").asLong(), nearestRank(firsts, 0.5));
					withinSecond(name + " p90 first response", row.path("firstResponse").path("p90Seconds").asLong(),
							nearestRank(firsts, 0.9));
				}
			}
			JsonNode previous = report.path("previous");
			String before = "&openedFrom=" + previous.path("period").path("from").asString() + "&openedTo="
					+ previous.path("period").path("to").asString();
			compare(query + " previous opened", previous.path("total").path("opened").asLong(),
					episodes(admin, list + before).path("total").asLong());
			compare(query + " previous closed", previous.path("total").path("closed").asLong(),
					episodes(admin, list + before.replace("opened", "closed")).path("total").asLong());

			JsonNode coverage = admin.get("/reports/logging-coverage?" + filters).json();
			List<JsonNode> coverageRows = new ArrayList<>();
			coverage.path("rows").forEach(coverageRows::add);
			coverageRows.add(coverage.path("total"));
			for (JsonNode row : coverageRows) {
				String base = row.path("key").isNull() ? list : agentNarrowed(list, row.path("key").asString());
				String name = filters + " coverage " + row.path("label").asString();
				compare(name + " closed", row.path("closed").asLong(), episodes(admin, base + closes).path("total").asLong());
				compare(name + " logged", row.path("logged").asLong(),
						episodes(admin, base + closes + "&conversationLogged=true").path("total").asLong());
			}
			compare(filters + " coverage previous closed", coverage.path("previous").path("total").path("closed").asLong(),
					episodes(admin, list + before.replace("opened", "closed")).path("total").asLong());
		}
	}

	/**
	 * Within the histograms' precision of an exact time the list gives in whole seconds (cut down from the stored
	 * fraction): 9.06% of it, the second it may have lost, and the half second the report rounds by.
	 */
	private void withinSecond(String what, long reported, long listed) {
		this.comparisons++;
		if (Math.abs(reported - listed) > 0.0906 * (listed + 1) + 1.5) {
			this.failures.add(what + ": report " + reported + ", exact " + listed);
		}
	}

	/** The report's agent and contact filters as the chat history's: ownerId becomes agentId. */
	private static String chatListFilters(String query) {
		StringBuilder filters = new StringBuilder();
		for (String part : query.split("&")) {
			if (part.startsWith("ownerId=")) {
				filters.append("&agentId=").append(part.substring("ownerId=".length()));
			}
			if (part.startsWith("contactId=")) {
				filters.append('&').append(part);
			}
		}
		return filters.toString();
	}

	private static String agentNarrowed(String filters, String key) {
		return filters.replaceAll("&agentId=[^&]*", "") + "&agentId=" + ("0".equals(key) ? "none" : key);
	}

	private static JsonNode episodes(Api admin, String filters) {
		var answer = admin.get("/chat-episodes?limit=200" + filters);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		assertThat(answer.json().path("nextCursor").isNull()).as("all on one page: " + filters).isTrue();
		return answer.json();
	}

	/** A start time within two hours of a local midnight of the period, mostly around the clock change. */
	private static OffsetDateTime nearMidnight(Random random, ZoneId zone) {
		LocalDate day = random.nextInt(3) == 0 ? LocalDate.of(2026, 3, 29 + random.nextInt(2))
				: FROM.plusDays(1 + random.nextInt(15));
		return day.atTime(LocalTime.MIDNIGHT).atZone(zone).toOffsetDateTime()
			.plusMinutes(random.nextInt(240) - 120)
			.plusSeconds(random.nextInt(60));
	}

	private void settings(Api admin, Map<String, Object> changes) {
		int version = admin.get("/settings").json().path("version").asInt();
		Map<String, Object> body = new HashMap<>(changes);
		body.put("version", version);
		var answer = admin.patch("/settings", body);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
	}

	private void checkAll(Api admin, String filters) {
		for (String bucket : List.of("DAY", "WEEK", "MONTH")) {
			for (String groupBy : List.of("PURPOSE", "OWNER", "STATUS")) {
				checkOverTime(admin, filters + "&bucket=" + bucket + "&groupBy=" + groupBy);
			}
		}
		for (String groupBy : List.of("PURPOSE", "OWNER")) {
			checkOutcomes(admin, filters + "&groupBy=" + groupBy);
			checkRecontacts(admin, filters + "&groupBy=" + groupBy);
		}
	}

	private void checkMonths(Api admin, String filters) {
		for (String groupBy : List.of("PURPOSE", "OWNER", "STATUS")) {
			checkOverTime(admin, filters + "&bucket=MONTH&groupBy=" + groupBy);
		}
		for (String groupBy : List.of("PURPOSE", "OWNER")) {
			checkOutcomes(admin, filters + "&groupBy=" + groupBy);
			checkRecontacts(admin, filters + "&groupBy=" + groupBy);
		}
	}

	/**
	 * The paths of the narrow rollups (migration V195): a purpose filter alone (per-purpose rollups, the wide ones
	 * when grouped by owner), an owner filter alone (per-owner ones), whole years of the histograms with months and
	 * days at the ends, and weeks, months and a year read whole with their days outside the period taken off.
	 */
	private void checkNarrowRollups(Api admin, String range, String purpose, String owner) {
		checkAll(admin, range + "&purposeId=" + purpose);
		checkAll(admin, range + "&ownerId=" + owner);
		for (String years : List.of("from=2025-12-20&to=2027-01-10", "from=2026-03-25&to=2026-12-31",
				"from=2026-01-01&to=2026-12-31&ownerId=" + owner)) {
			checkMonths(admin, years);
		}
		for (String groupBy : List.of("PURPOSE", "OWNER", "STATUS")) {
			checkOverTime(admin, "from=2026-03-24&to=2026-04-02&bucket=WEEK&groupBy=" + groupBy);
			checkOverTime(admin, "from=2026-03-10&to=2026-04-03&bucket=MONTH&groupBy=" + groupBy);
		}
	}

	/**
	 * After random multi-row statements by hand (copies, edits of purpose, owner and start time across days, months
	 * and years, closes, reopens, deletes), every conversation rollup equals what a rebuild counts from the
	 * conversations, and every narrow rollup of migration V195 equals its wide one summed: a level the trigger's
	 * statement leaves out fails here.
	 */
	@Test
	void everyConversationRollupEqualsARebuildAfterRandomStatements() {
		long seed = Long.getLong("convonite.reports.seed", System.nanoTime());
		System.out.println("ReportExactnessIntegrationTests rollups seed " + seed);
		Random random = new Random(seed);
		TestWorkspace workspace = newWorkspace();
		Api admin = workspace.admin();
		settings(admin, Map.of("timeZone", "Europe/Berlin", "firstDayOfWeek", "SATURDAY"));
		List<Api> members = List.of(admin, member(workspace, com.convonite.workspace.Role.AGENT, "Dan Agent"));
		OffsetDateTime sent = OffsetDateTime.parse("2026-03-18T10:00:00Z");
		JsonNode offered = admin.get("/purposes").json();
		for (int i = 0; i < 4; i++) {
			Delivered chat = Inbound.deliver(admin, Inbound.phone(), "Rollup " + i, "hello", sent);
			for (int j = 0; j < 3; j++) {
				var logged = admin.post("/conversations", body("chatId", chat.chatId(), "subject", "Rollup " + i + j,
						"purposeId", offered.get(j % offered.size()).path("id").asString(), "ownerId",
						members.get(j % 2).memberId, "startTime", sent.plusHours(7 * i + 11 * j).toString()));
				assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
			}
		}
		var db = databaseOwner();
		long ws = workspace.id();
		List<Long> purposes = db.sql("select id from purpose where workspace_id = ?").param(ws).query(Long.class).list();
		List<Long> owners = db.sql("select id from member where workspace_id = ?").param(ws).query(Long.class).list();
		String some = " where workspace_id = :ws and id % :m = :r";
		for (int step = 0; step < 40; step++) {
			int m = 2 + random.nextInt(3);
			String sql = switch (random.nextInt(7)) {
				case 0 -> "insert into conversation (workspace_id, chat_id, contact_id, subject, purpose_id, owner_id,"
						+ " status, start_time, created_by, closed_at) select workspace_id, chat_id, contact_id, subject,"
						+ " purpose_id, owner_id, status, start_time + make_interval(days => :days, hours => :hours),"
						+ " created_by, closed_at from conversation" + some;
				case 1 -> "update conversation set purpose_id = " + purposes.get(random.nextInt(purposes.size())) + some;
				case 2 -> "update conversation set owner_id = " + owners.get(random.nextInt(owners.size())) + some;
				case 3 -> "update conversation set end_time = null,"
						+ " start_time = start_time + make_interval(days => :days, hours => :hours)" + some;
				case 4 -> "update conversation set status = 'CLOSED', closed_at = created_at + make_interval(hours => :hours),"
						+ " end_time = start_time + make_interval(mins => 7 * :hours + 1)" + some;
				case 5 -> "update conversation set status = 'OPEN', closed_at = null" + some;
				default -> "delete from conversation" + some
						+ " and (select count(*) from conversation where workspace_id = :ws) > 12";
			};
			db.sql(sql)
				.param("ws", ws)
				.param("m", m)
				.param("r", random.nextInt(m))
				.param("days", random.nextInt(800) - 400)
				.param("hours", random.nextInt(48))
				.update();
		}
		// some closed with an end time whatever the steps were, so that both histograms have rows
		db.sql("update conversation set status = 'CLOSED', closed_at = created_at + interval '5 hours',"
				+ " end_time = start_time + interval '40 minutes' where workspace_id = ? and id % 3 = 0")
			.param(ws)
			.update();
		List<String> tables = db.sql("select table_name from information_schema.columns where table_schema = 'public'"
				+ " and column_name = 'conversations' and table_name like 'conversation\\_%' order by 1")
			.query(String.class)
			.list();
		assertThat(tables).contains("conversation_day", "conversation_week_purpose", "conversation_week_owner",
				"conversation_month_purpose", "conversation_month_owner", "conversation_year_purpose_time",
				"conversation_year_owner_time");
		Map<String, String> kept = new HashMap<>();
		for (String table : tables) {
			kept.put(table, rows(db, table, ws));
		}
		db.sql("select 1 from (select conversation_rollup_rebuild(?)) rebuilt").param(ws).query(Integer.class).single();
		for (String table : tables) {
			assertThat(kept.get(table)).as(table + " kept by the triggers (seed " + seed + ")").isNotEmpty()
				.isEqualTo(rows(db, table, ws));
		}
		Map<String, String> summed = Map.of("conversation_week_purpose",
				"select workspace_id, week, purpose_id, status, sum(conversations) from conversation_week",
				"conversation_week_owner", "select workspace_id, week, owner_id, status, sum(conversations) from conversation_week",
				"conversation_month_purpose",
				"select workspace_id, month, purpose_id, status, sum(conversations) from conversation_month",
				"conversation_month_owner",
				"select workspace_id, month, owner_id, status, sum(conversations) from conversation_month",
				"conversation_year_purpose_time", "select workspace_id, date_trunc('year', month)::date, purpose_id,"
						+ " measure, bucket, sum(conversations) from conversation_month_purpose_time",
				"conversation_year_owner_time", "select workspace_id, date_trunc('year', month)::date, owner_id,"
						+ " measure, bucket, sum(conversations) from conversation_month_owner_time");
		summed.forEach((table, sum) -> {
			String differ = "select count(*) from ((select * from " + table + " where workspace_id = :ws except " + sum
					+ " where workspace_id = :ws group by 1, 2, 3, 4" + (table.endsWith("_time") ? ", 5" : "")
					+ ") union all (" + sum + " where workspace_id = :ws group by 1, 2, 3, 4"
					+ (table.endsWith("_time") ? ", 5" : "") + " except select * from " + table
					+ " where workspace_id = :ws)) d";
			assertThat(db.sql(differ).param("ws", ws).query(Long.class).single()).as(table + " against its sum")
				.isZero();
		});
		assertThat(db.sql("select count(distinct year) from conversation_year_owner_time where workspace_id = ?")
			.param(ws)
			.query(Long.class)
			.single()).as("years with conversations").isGreaterThan(1);
	}

	private static String rows(org.springframework.jdbc.core.simple.JdbcClient db, String table, long ws) {
		return db.sql("select coalesce(string_agg(t::text, ' ' order by t::text), '') from " + table
				+ " t where workspace_id = ?")
			.param(ws)
			.query(String.class)
			.single();
	}

	/** Closed and recontacted per group, and the previous period's, against the list's recontacted filter. */
	private void checkRecontacts(Api admin, String query) {
		var answer = admin.get("/reports/recontacts?" + query);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		JsonNode report = answer.json();
		String filters = listFilters(query);
		String range = periodRange(report);
		String groupBy = report.path("groupBy").asString();
		List<JsonNode> rows = new ArrayList<>();
		report.path("rows").forEach(rows::add);
		rows.add(report.path("total"));
		for (JsonNode row : rows) {
			String base = row.path("key").isNull() ? filters : narrowed(filters, groupBy, row.path("key").asString());
			String name = query + " recontacts " + row.path("label").asString();
			compare(name + " closed", row.path("closed").asLong(), listCount(admin, base + range + "&status=CLOSED"));
			compare(name + " recontacted", row.path("recontacted").asLong(),
					listCount(admin, base + range + "&recontacted=true"));
		}
		this.recontacted += report.path("total").path("recontacted").asLong();
		JsonNode previous = report.path("previous");
		compare(query + " previous closed", previous.path("total").path("closed").asLong(),
				listCount(admin, filters + periodRange(previous) + "&status=CLOSED"));
		compare(query + " previous recontacted", previous.path("total").path("recontacted").asLong(),
				listCount(admin, filters + periodRange(previous) + "&recontacted=true"));
	}

	private void checkOverTime(Api admin, String query) {
		var answer = admin.get("/reports/conversations-over-time?" + query);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		JsonNode report = answer.json();
		String filters = listFilters(query);
		String groupBy = report.path("groupBy").asString();
		long sum = 0;
		for (JsonNode bucket : report.path("buckets")) {
			String range = "&startFrom=" + encode(bucket.path("startFrom").asString()) + "&startTo="
					+ encode(bucket.path("startTo").asString());
			compare(query + " bucket " + bucket.path("from").asString(), bucket.path("total").asLong(),
					listCount(admin, filters + range));
			for (JsonNode group : report.path("groups")) {
				String key = group.path("key").asString();
				compare(query + " bucket " + bucket.path("from").asString() + " group " + key,
						bucket.path("counts").path(key).asLong(0), listCount(admin, narrowed(filters, groupBy, key) + range));
			}
			sum += bucket.path("total").asLong();
		}
		compare(query + " total", report.path("total").asLong(), sum);
		compare(query + " period", report.path("total").asLong(), listCount(admin, filters + periodRange(report)));
		JsonNode previous = report.path("previous");
		compare(query + " previous period", previous.path("total").asLong(),
				listCount(admin, filters + periodRange(previous)));
	}

	private void checkOutcomes(Api admin, String query) {
		var answer = admin.get("/reports/outcomes?" + query);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		JsonNode report = answer.json();
		String filters = listFilters(query);
		String range = periodRange(report);
		String groupBy = report.path("groupBy").asString();
		List<JsonNode> rows = new ArrayList<>();
		report.path("rows").forEach(rows::add);
		rows.add(report.path("total"));
		for (JsonNode row : rows) {
			String base = row.path("key").isNull() ? filters : narrowed(filters, groupBy, row.path("key").asString());
			String name = query + " outcome " + row.path("label").asString();
			compare(name + " logged", row.path("logged").asLong(), listCount(admin, base + range));
			compare(name + " closed", row.path("closed").asLong(), listCount(admin, base + range + "&status=CLOSED"));
			compare(name + " open", row.path("open").asLong(), listCount(admin, base + range + "&status=OPEN"));
		}
		// the percentiles of all: within the histograms' stated precision of the exact nearest-rank values
		List<Long> durations = new ArrayList<>();
		var page = admin.get("/conversations?limit=200" + filters + range).json();
		for (JsonNode c : page.path("items")) {
			if (!c.path("endTime").isNull()) {
				durations.add(Duration.between(OffsetDateTime.parse(c.path("startTime").asString()),
						OffsetDateTime.parse(c.path("endTime").asString())).getSeconds());
			}
		}
		durations.sort(null);
		JsonNode duration = report.path("total").path("duration");
		compare(query + " durations counted", duration.path("count").asLong(), durations.size());
		if (!durations.isEmpty()) {
			within(query + " median duration", duration.path("medianSeconds").asLong(), nearestRank(durations, 0.5));
			within(query + " p90 duration", duration.path("p90Seconds").asLong(), nearestRank(durations, 0.9));
		}
	}

	private static long nearestRank(List<Long> sorted, double p) {
		return sorted.get((int) Math.max(0, Math.ceil(p * sorted.size()) - 1));
	}

	private void within(String what, long reported, long exact) {
		this.comparisons++;
		boolean ok = (exact < 1) ? reported == 0 : Math.abs(reported - exact) <= Math.max(1, 0.0906 * exact);
		if (!ok) {
			this.failures.add(what + ": report " + reported + ", exact " + exact);
		}
	}

	private void compare(String what, long reported, long listed) {
		this.comparisons++;
		if (reported != listed) {
			this.failures.add(what + ": report " + reported + ", list " + listed);
		}
	}

	/** The report's filters as the list's: purposes, owners and contact as they are; the period goes. */
	private static String listFilters(String query) {
		StringBuilder filters = new StringBuilder();
		for (String part : query.split("&")) {
			if (part.startsWith("purposeId=") || part.startsWith("ownerId=") || part.startsWith("contactId=")) {
				filters.append('&').append(part);
			}
		}
		return filters.toString();
	}

	/** The filters narrowed to one group: that purpose, owner or status instead of the report's own. */
	private static String narrowed(String filters, String groupBy, String key) {
		return switch (groupBy) {
			case "PURPOSE" -> filters.replaceAll("&purposeId=[^&]*", "") + "&purposeId=" + key;
			case "OWNER" -> filters.replaceAll("&ownerId=[^&]*", "") + "&ownerId=" + key;
			default -> filters + "&status=" + key;
		};
	}

	private static String periodRange(JsonNode report) {
		JsonNode period = report.has("period") ? report.path("period") : report;
		return "&startFrom=" + encode(period.path("startFrom").asString()) + "&startTo="
				+ encode(period.path("startTo").asString());
	}

	private static long listCount(Api admin, String filters) {
		var answer = admin.get("/conversations?limit=1" + filters);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		assertThat(answer.json().has("totalMoreThan")).isFalse();
		return answer.json().path("total").asLong();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
