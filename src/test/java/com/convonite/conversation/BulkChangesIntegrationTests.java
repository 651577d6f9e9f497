package com.convonite.conversation;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;
import com.convonite.support.WebSession;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulk actions on the Conversations tab (issue #18 §3): the confirmation says what and how many, each
 * conversation changes on its own with its own history entry, refusals are skipped with their reason, a
 * confirmation sent twice starts one change, and a large set runs in the background (tests: more than five) and
 * is resumed after its run stopped.
 */
class BulkChangesIntegrationTests extends ApiIntegrationTest {

	private static final Pattern REQUEST_KEY = Pattern.compile("name=\"requestKey\" value=\"([^\"]+)\"");

	@Autowired
	BulkChanges bulk;

	TestWorkspace workspace;

	Api agent;

	Inbound.Delivered chat;

	String enquiry;

	String issue;

	@BeforeEach
	void chat() {
		this.workspace = newWorkspace();
		this.agent = agent(this.workspace);
		this.chat = Inbound.deliver(this.workspace.admin(), Inbound.phone(), "Ana Souza", "hello", OffsetDateTime.now());
		for (var purpose : this.workspace.admin().get("/purposes").json()) {
			switch (purpose.path("name").asString()) {
				case "Enquiry" -> this.enquiry = purpose.path("id").asString();
				case "Issue" -> this.issue = purpose.path("id").asString();
				default -> {
				}
			}
		}
	}

	private String log(Api who, String subject) {
		var logged = who.post("/conversations", body("chatId", this.chat.chatId(), "subject", subject, "purposeId",
				this.enquiry, "startTime", OffsetDateTime.now().minusHours(1).toString()));
		assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
		return logged.id();
	}

	private String status(String id) {
		return this.workspace.admin().get("/conversations/" + id).text("status");
	}

	private List<String> historyActions(String id) {
		List<String> actions = new ArrayList<>();
		this.workspace.admin().get("/conversations/" + id + "/history").json()
			.forEach((entry) -> actions.add(entry.path("action").asString()));
		return actions;
	}

	/** The bar's post: the confirmation page. */
	private static HttpResponse<String> confirm(WebSession web, Map<String, String> fields, List<String> ids) {
		web.get("/conversations");
		StringBuilder body = new StringBuilder(WebSession.encode(fields));
		ids.forEach((id) -> body.append("&ids=").append(id));
		body.append("&_csrf=").append(java.net.URLEncoder.encode(web.csrfToken(), java.nio.charset.StandardCharsets.UTF_8));
		return web.postRaw("/conversations/bulk/confirm", body.toString(), Map.of());
	}

	/** Confirms what the confirmation page holds (its hidden fields, its one-time key): the change's page. */
	private static String confirmAndOpen(WebSession web, String confirmationPage) {
		HttpResponse<String> started = web.postRaw("/conversations/bulk", hiddenFields(confirmationPage)
				+ "&_csrf=" + java.net.URLEncoder.encode(web.csrfToken(), java.nio.charset.StandardCharsets.UTF_8),
				Map.of());
		assertThat(started.statusCode()).as(started.body()).isEqualTo(302);
		return started.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "");
	}

	private static String hiddenFields(String page) {
		Matcher hidden = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"").matcher(page);
		List<String> pairs = new ArrayList<>();
		while (hidden.find()) {
			if (!hidden.group(1).equals("_csrf")) {
				pairs.add(hidden.group(1) + "=" + java.net.URLEncoder.encode(
						org.springframework.web.util.HtmlUtils.htmlUnescape(hidden.group(2)),
						java.nio.charset.StandardCharsets.UTF_8));
			}
		}
		return String.join("&", pairs);
	}

	@Test
	void closingTheTickedConversationsConfirmsHowManyAndClosesEachWithItsOwnHistory() {
		String a = log(this.workspace.admin(), "Blender refund");
		String b = log(this.workspace.admin(), "Blender colours");
		String untouched = log(this.workspace.admin(), "Delivery times");
		WebSession admin = WebSession.signIn(this.port, this.workspace.adminEmail(), PASSWORD);

		var confirmation = confirm(admin, Map.of("action", "CLOSE", "scope", "selected"), List.of(a, b));
		assertThat(confirmation.statusCode()).isEqualTo(200);
		assertThat(confirmation.body()).contains("Close 2 conversations?");
		// Nothing changes until the member confirms.
		assertThat(status(a)).isEqualTo("OPEN");

		String page = admin.get(confirmAndOpen(admin, confirmation.body())).body();
		assertThat(page).contains("Done: 2 of 2 changed.");
		assertThat(status(a)).isEqualTo("CLOSED");
		assertThat(status(b)).isEqualTo("CLOSED");
		assertThat(status(untouched)).isEqualTo("OPEN");
		assertThat(historyActions(a)).containsExactly("LOGGED", "CLOSED");
		assertThat(historyActions(b)).containsExactly("LOGGED", "CLOSED");
		assertThat(historyActions(untouched)).containsExactly("LOGGED");
	}

	@Test
	void aConfirmationSentTwiceStartsOneChange() {
		String a = log(this.workspace.admin(), "Blender refund");
		WebSession admin = WebSession.signIn(this.port, this.workspace.adminEmail(), PASSWORD);
		var confirmation = confirm(admin, Map.of("action", "PURPOSE", "purposeId", this.issue, "scope", "selected"),
				List.of(a)).body();
		assertThat(confirmation).contains("Change the purpose of 1 conversation to Issue?");
		String first = confirmAndOpen(admin, confirmation);
		String again = confirmAndOpen(admin, confirmation);
		assertThat(again).isEqualTo(first);
		assertThat(historyActions(a)).containsExactly("LOGGED", "UPDATED");
		assertThat(this.workspace.admin().get("/conversations/" + a).text("purposeName")).isEqualTo("Issue");
		// A new confirmation is a new change: already as asked, so nothing is written.
		String second = confirmAndOpen(admin, confirm(admin, Map.of("action", "PURPOSE", "purposeId", this.issue,
				"scope", "selected"), List.of(a)).body());
		assertThat(second).isNotEqualTo(first);
		assertThat(admin.get(second).body()).contains("Done: 0 of 1 changed.");
		assertThat(historyActions(a)).containsExactly("LOGGED", "UPDATED");
	}

	@Test
	void anAgentsBulkCloseOfAllMatchingSkipsWhatTheyMayNotCloseAndSaysWhy() {
		String own = log(this.agent, "Blender refund (agent's)");
		String admins = log(this.workspace.admin(), "Blender colours (admin's)");
		String alreadyClosed = log(this.agent, "Blender manual (agent's)");
		this.agent.post("/conversations/" + alreadyClosed + "/close");
		String other = log(this.workspace.admin(), "Delivery times");
		WebSession agentWeb = WebSession.signIn(this.port, this.agent.email, PASSWORD);

		// "All that match" takes the tab's filters: here the search, whatever is ticked.
		var confirmation = confirm(agentWeb, Map.of("action", "CLOSE", "scope", "all", "query", "q=blender"), List.of(other));
		assertThat(confirmation.body()).contains("Close 3 conversations?");
		String page = agentWeb.get(confirmAndOpen(agentWeb, confirmation.body())).body();
		assertThat(page).contains("Done: 1 of 3 changed.");
		assertThat(page).containsPattern("data-count=\"unchanged\">1<").containsPattern("data-count=\"skipped\">1<");
		assertThat(page).contains("Blender colours (admin&#39;s)")
			.contains("Only the conversation&#39;s owner, the member who logged it, or an admin can close it.");
		assertThat(status(own)).isEqualTo("CLOSED");
		assertThat(status(admins)).isEqualTo("OPEN");
		assertThat(status(other)).isEqualTo("OPEN");
		assertThat(historyActions(alreadyClosed)).containsExactly("LOGGED", "CLOSED");
	}

	@Test
	void settingASelectFieldWritesItOnEachAndRefusesAChoiceTheFieldDoesNotHave() {
		var added = this.workspace.admin().post("/conversation-fields", body("key", "channel", "name", "Channel", "type",
				"SINGLE_SELECT", "requirement", "OPTIONAL", "options", List.of("Phone", "Shop")));
		assertThat(added.status()).as(added.toString()).isEqualTo(201);
		String a = log(this.workspace.admin(), "Blender refund");
		String b = log(this.workspace.admin(), "Blender colours");
		WebSession admin = WebSession.signIn(this.port, this.workspace.adminEmail(), PASSWORD);
		// The bar offers the field's choices as key:choice.
		assertThat(admin.get("/conversations").body()).contains("value=\"channel:Shop\"");

		var refused = confirm(admin, Map.of("action", "FIELD", "fieldValue", "channel:Fax", "scope", "selected"), List.of(a));
		assertThat(refused.body()).contains("Field and value &#39;Fax&#39; is not an active choice of &#39;Channel&#39;.");
		var confirmation = confirm(admin, Map.of("action", "FIELD", "fieldValue", "channel:shop", "scope", "selected"),
				List.of(a, b)).body();
		assertThat(confirmation).contains("Set Channel to Shop on 2 conversations?");
		assertThat(admin.get(confirmAndOpen(admin, confirmation)).body()).contains("Done: 2 of 2 changed.");
		for (String id : List.of(a, b)) {
			assertThat(this.workspace.admin().get("/conversations/" + id).json().path("fields").path("channel").asString())
				.isEqualTo("Shop");
			assertThat(historyActions(id)).containsExactly("LOGGED", "UPDATED");
		}
	}

	@Test
	void aRefusedActionSaysWhatToFixAndChangesNothing() {
		String a = log(this.workspace.admin(), "Blender refund");
		WebSession admin = WebSession.signIn(this.port, this.workspace.adminEmail(), PASSWORD);
		var noAction = confirm(admin, Map.of("scope", "selected"), List.of(a)).body();
		assertThat(noAction).contains("Action must be one of close, reopen, change owner or change purpose.");
		var badOwner = confirm(admin, Map.of("action", "OWNER", "ownerId", "999999", "scope", "selected"), List.of(a)).body();
		assertThat(badOwner).contains("New owner must be an active member of this workspace.");
		var none = confirm(admin, Map.of("action", "CLOSE", "scope", "selected"), List.of()).body();
		assertThat(none).contains("Conversations must name at least one conversation");
		assertThat(none).doesNotContain("name=\"requestKey\"");
		assertThat(historyActions(a)).containsExactly("LOGGED");
	}

	@Test
	void aLargeSetRunsInTheBackgroundWithItsProgressAndOnlyItsMemberSeesIt() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			ids.add(log(this.workspace.admin(), "Blender question " + i));
		}
		WebSession admin = WebSession.signIn(this.port, this.workspace.adminEmail(), PASSWORD);
		String path = confirmAndOpen(admin, confirm(admin, Map.of("action", "OWNER", "ownerId",
				this.agent.memberId, "scope", "all", "query", "q=blender"), List.of()).body());
		eventually(() -> admin.get(path).body().contains("Done: 7 of 7 changed."));
		for (String id : ids) {
			assertThat(this.workspace.admin().get("/conversations/" + id).text("ownerId")).isEqualTo(this.agent.memberId);
		}
		// The page polls while it runs and is the member's own: another member, another workspace get 404.
		WebSession agentWeb = WebSession.signIn(this.port, this.agent.email, PASSWORD);
		assertThat(agentWeb.get(path).statusCode()).isEqualTo(404);
		var stranger = newWorkspace();
		assertThat(WebSession.signIn(this.port, stranger.adminEmail(), PASSWORD).get(path).statusCode()).isEqualTo(404);
	}

	@Test
	void aRunThatStoppedIsResumedFromTheLastBatchItRecorded() {
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ids.add(Long.parseLong(log(this.workspace.admin(), "Blender question " + i)));
		}
		// A run that stopped after its first conversation (a crash): its heartbeat is an hour old.
		this.workspace.admin().post("/conversations/" + ids.get(0) + "/close");
		long jobId = databaseOwner().sql("""
				insert into conversation_bulk_change (workspace_id, member_id, request_key, action, conversation_ids, done,
				  changed, runner, heartbeat_at)
				values (:workspaceId, :memberId, 'crashed', 'CLOSE', :ids, 1, 1, 'gone', :heartbeat) returning id
				""")
			.param("workspaceId", this.workspace.id())
			.param("memberId", this.workspace.adminMember().memberId())
			.param("ids", ids.toArray(Long[]::new))
			.param("heartbeat", OffsetDateTime.now().minusHours(1))
			.query(Long.class)
			.single();
		this.bulk.resumeStale();
		WebSession admin = WebSession.signIn(this.port, this.workspace.adminEmail(), PASSWORD);
		eventually(() -> admin.get("/conversations/bulk/" + jobId).body().contains("Done: 3 of 3 changed."));
		for (Long id : ids) {
			assertThat(status(Long.toString(id))).isEqualTo("CLOSED");
			assertThat(historyActions(Long.toString(id))).containsExactly("LOGGED", "CLOSED");
		}
	}

	static void eventually(BooleanSupplier condition) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		while (!condition.getAsBoolean()) {
			assertThat(Instant.now()).as("in time").isBefore(deadline);
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

}
