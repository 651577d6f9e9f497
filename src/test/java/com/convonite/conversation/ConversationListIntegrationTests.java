package com.convonite.conversation;

import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;
import com.convonite.support.Inbound.Delivered;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The three places conversations are listed, with the tab's filters, search, sorting, paging and export. */
class ConversationListIntegrationTests extends ApiIntegrationTest {

	static final OffsetDateTime T0 = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).minusDays(10);

	TestWorkspace workspace;

	Api agent;

	Delivered chatA;

	Delivered chatB;

	Delivered otherChannelOfA;

	String enquiry;

	String issue;

	String feedback;

	@BeforeEach
	void logSome() {
		this.workspace = newWorkspace();
		this.agent = agent(this.workspace);
		String phoneA = Inbound.phone();
		this.chatA = Inbound.deliver(this.workspace.admin(), phoneA, "Ana Souza", "hello", T0);
		this.otherChannelOfA = Inbound.deliver(this.workspace.admin(), "sms", phoneA, "Ana Souza", "hello by sms", T0);
		this.chatB = Inbound.deliver(this.workspace.admin(), Inbound.phone(), "Bruno", "hi", T0);
		for (JsonNode purpose : this.workspace.admin().get("/purposes").json()) {
			switch (purpose.path("name").asString()) {
				case "Enquiry" -> this.enquiry = purpose.path("id").asString();
				case "Issue" -> this.issue = purpose.path("id").asString();
				default -> this.feedback = purpose.path("id").asString();
			}
		}
		log(this.workspace.admin(), this.chatA, "Crème brûlée recipe question", "Customer asked about the dessert", this.enquiry, 0);
		log(this.agent, this.chatA, "Refund for broken blender", "Blender arrived broken; refund approved", this.issue, 1);
		log(this.agent, this.otherChannelOfA, "Delivery feedback", "Happy with the fast delivery of the blender", this.feedback, 2);
		log(this.workspace.admin(), this.chatB, "Pricing of plan A", "Sent =SUM(A1) prices, \"quoted\", with commas, and\na new line", this.enquiry, 3);
		log(this.agent, this.chatB, "Complaint about invoice", "Invoice total wrong", this.issue, 4);
	}

	private String log(Api who, Delivered chat, String subject, String summary, String purposeId, int hours) {
		var response = who.post("/conversations", body("chatId", chat.chatId(), "subject", subject, "summary", summary,
				"purposeId", purposeId, "startTime", T0.plusHours(hours).toString()));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.id();
	}

	private List<String> subjects(String query) {
		var response = this.workspace.admin().get("/conversations" + query);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().path("items").findValuesAsString("subject");
	}

	@Test
	void listsUnderTheChatAndUnderTheContactAcrossItsChats() {
		var ofChat = this.agent.get("/chats/" + this.chatA.chatId() + "/conversations").json();
		assertThat(ofChat.path("items").findValuesAsString("subject")).containsExactly("Refund for broken blender",
				"Crème brûlée recipe question");
		var ofContact = this.agent.get("/contacts/" + this.chatA.contactId() + "/conversations").json();
		assertThat(ofContact.path("items").findValuesAsString("subject")).containsExactly("Delivery feedback",
				"Refund for broken blender", "Crème brûlée recipe question");
	}

	@Test
	void theTabFiltersByEachFieldAndCounts() {
		assertThat(subjects("")).hasSize(5);
		assertThat(this.workspace.admin().get("/conversations").json().path("total").asInt()).isEqualTo(5);
		assertThat(subjects("?purposeId=" + this.issue)).containsExactly("Complaint about invoice", "Refund for broken blender");
		assertThat(subjects("?purposeId=" + this.issue + "&purposeId=" + this.feedback)).hasSize(3);
		assertThat(subjects("?contactId=" + this.chatA.contactId())).hasSize(3);
		assertThat(subjects("?chatId=" + this.chatB.chatId())).hasSize(2);
		assertThat(subjects("?createdBy=" + this.agent.memberId)).hasSize(3);
		assertThat(this.agent.get("/conversations?ownerId=me").json().path("items").findValuesAsString("subject"))
			.containsExactly("Complaint about invoice", "Delivery feedback", "Refund for broken blender");
		assertThat(subjects("?startFrom=" + T0.plusHours(1) + "&startTo=" + T0.plusHours(3))).containsExactly(
				"Delivery feedback", "Refund for broken blender");
		assertThat(subjects("?purposeId=" + this.enquiry + "&chatId=" + this.chatB.chatId())).containsExactly("Pricing of plan A");
		String id = this.workspace.admin().get("/conversations?chatId=" + this.chatB.chatId()).json().path("items").get(0).path("id").asString();
		this.workspace.admin().post("/conversations/" + id + "/close");
		assertThat(subjects("?status=closed")).containsExactly("Complaint about invoice");
		assertThat(subjects("?status=OPEN")).hasSize(4);
	}

	@Test
	void sortsByStartCreatedAndUpdatedTimeBothWays() {
		assertThat(subjects("?sort=startTime").get(0)).isEqualTo("Crème brûlée recipe question");
		assertThat(subjects("?sort=-startTime").get(0)).isEqualTo("Complaint about invoice");
		assertThat(subjects("?sort=createdAt").get(0)).isEqualTo("Crème brûlée recipe question");
		String first = this.workspace.admin().get("/conversations?sort=startTime").json().path("items").get(0).path("id").asString();
		this.workspace.admin().patch("/conversations/" + first, body("version", 0, "summary", "touched"));
		assertThat(subjects("?sort=-updatedAt").get(0)).isEqualTo("Crème brûlée recipe question");
		assertThat(this.workspace.admin().get("/conversations?sort=size").status()).isEqualTo(400);
	}

	/** The Conversations tab's rows show the time they are sorted by (review: "Newest logged" showed start times). */
	@Test
	void theTabsRowsShowTheTimeTheyAreSortedBy() {
		var web = com.convonite.support.WebSession.signIn(this.port, this.workspace.adminEmail(), PASSWORD);
		assertThat(web.get("/conversations?sort=-createdAt").body()).contains("data-time=\"created\"")
			.contains(">logged ")
			.doesNotContain("data-time=\"start\"");
		assertThat(web.get("/conversations?sort=updatedAt").body()).contains("data-time=\"updated\"")
			.doesNotContain("data-time=\"start\"");
		assertThat(web.get("/conversations").body()).contains("data-time=\"start\"").doesNotContain(">logged ");
		assertThat(web.get("/conversations?sort=-createdAt", java.util.Map.of("HX-Request", "true")).body())
			.contains("data-time=\"created\"");
	}

	@Test
	void cursorPagingVisitsEveryRowOnceInOrder() {
		for (String sort : List.of("-startTime", "startTime", "-createdAt", "updatedAt")) {
			List<String> seen = new ArrayList<>();
			String cursor = null;
			do {
				var page = this.workspace.admin().get("/conversations?limit=2&sort=" + sort + (cursor != null ? "&cursor=" + cursor : "")).json();
				seen.addAll(page.path("items").findValuesAsString("subject"));
				cursor = page.path("nextCursor").isNull() || page.path("nextCursor").isMissingNode() ? null : page.path("nextCursor").asString();
			}
			while (cursor != null);
			assertThat(seen).as(sort).hasSize(5).doesNotHaveDuplicates();
			assertThat(seen).as(sort).isEqualTo(subjects("?limit=200&sort=" + sort));
		}
	}

	@Test
	void badCursorsAndLimitsAreClearErrors() {
		for (String query : List.of("?cursor=garbage", "?cursor=djEKeAp5", "?limit=0", "?limit=201", "?limit=ten",
				"?startFrom=yesterday", "?ownerId=bob", "?status=pending", "?purposeId=x")) {
			var response = this.workspace.admin().get("/conversations" + query);
			assertThat(response.status()).as(query).isEqualTo(400);
			assertThat(response.contentType()).as(query).startsWith("application/problem+json");
			assertThat(response.json().path("errors").size()).as(query).isPositive();
		}
		String cursor = this.workspace.admin().get("/conversations?limit=1&sort=startTime").json().path("nextCursor").asString();
		assertThat(this.workspace.admin().get("/conversations?limit=1&sort=-updatedAt&cursor=" + cursor).status())
			.isEqualTo(400);
	}

	@Test
	void searchMatchesWordsAndPrefixesIgnoringCaseAndAccents() {
		assertThat(subjects("?q=blender")).containsExactlyInAnyOrder("Refund for broken blender", "Delivery feedback");
		assertThat(subjects("?q=BLEND")).hasSize(2);
		assertThat(subjects("?q=creme%20brulee")).containsExactly("Crème brûlée recipe question");
		assertThat(subjects("?q=CRÈME")).containsExactly("Crème brûlée recipe question");
		assertThat(subjects("?q=refund%20blender")).containsExactly("Refund for broken blender");
		assertThat(subjects("?q=nothingmatches")).isEmpty();
		assertThat(this.workspace.admin().get("/conversations?q=blender").json().path("total").asInt()).isEqualTo(2);
		assertThat(this.workspace.admin().get("/conversations?q=%21%21%21").json().path("total").asInt()).isZero();
	}

	@Test
	void searchRanksSubjectMatchesFirstAndCombinesWithFilters() {
		assertThat(subjects("?q=blender")).first().isEqualTo("Refund for broken blender");
		assertThat(subjects("?q=blender&purposeId=" + this.feedback)).containsExactly("Delivery feedback");
		assertThat(subjects("?q=blender&sort=startTime")).containsExactly("Refund for broken blender", "Delivery feedback");
		List<String> seen = new ArrayList<>();
		var page = this.workspace.admin().get("/conversations?q=blender&limit=1").json();
		seen.addAll(page.path("items").findValuesAsString("subject"));
		page = this.workspace.admin().get("/conversations?q=blender&limit=1&cursor=" + page.path("nextCursor").asString()).json();
		seen.addAll(page.path("items").findValuesAsString("subject"));
		assertThat(seen).containsExactly("Refund for broken blender", "Delivery feedback");
	}

	@Test
	void aSearchWithMoreThanAThousandMatchesPagesThroughEveryOneBestFirst() {
		// 1,200 conversations mention a kettle, one in six in its subject, minutes apart (written by the database:
		// through the API this would take minutes). Past 1,000 matches the list finds them by walking time order.
		long admin = this.workspace.adminMember().memberId();
		databaseOwner().sql("""
				insert into conversation (workspace_id, chat_id, contact_id, subject, summary, purpose_id, owner_id,
				                          start_time, created_by)
				select chat.workspace_id, chat.id, chat.contact_id,
				       case when n % 6 = 0 then 'Kettle ' || n else 'Question ' || n end,
				       case when n % 6 = 0 then null else 'About the kettle ' || n end,
				       :purpose, :admin, :start - n * interval '1 minute', :admin
				from chat, generate_series(1, 1200) n where chat.id = :chat
				""")
			.param("purpose", Long.parseLong(this.enquiry))
			.param("admin", admin)
			.param("start", T0.minusDays(1))
			.param("chat", Long.parseLong(this.chatB.chatId()))
			.update();
		List<String> expected = new ArrayList<>();
		for (int n = 6; n <= 1200; n += 6) {
			expected.add("Kettle " + n);
		}
		for (int n = 1; n <= 1200; n++) {
			if (n % 6 != 0) {
				expected.add("Question " + n);
			}
		}
		JsonNode first = this.workspace.admin().get("/conversations?q=kettle&limit=100").json();
		assertThat(first.path("totalMoreThan").asInt()).isEqualTo(1000);
		assertThat(first.has("total")).isFalse();
		assertThat(allPages("/conversations?q=kettle&limit=100")).containsExactlyElementsOf(expected);
		List<String> byTime = new ArrayList<>();
		for (int n = 1; n <= 1200; n++) {
			byTime.add(((n % 6 == 0) ? "Kettle " : "Question ") + n);
		}
		assertThat(allPages("/conversations?q=kettle&sort=-startTime&limit=100")).containsExactlyElementsOf(byTime);
		// Exactly 1,000 match both words: few enough to be read from the search index and sorted.
		List<String> oldestFirst = new ArrayList<>(byTime.stream().filter((s) -> s.startsWith("Question")).toList());
		Collections.reverse(oldestFirst);
		assertThat(allPages("/conversations?q=kettle%20question&sort=startTime&limit=100"))
			.containsExactlyElementsOf(oldestFirst);
	}

	private List<String> allPages(String query) {
		List<String> subjects = new ArrayList<>();
		String cursor = null;
		do {
			var response = this.workspace.admin().get(query + ((cursor != null) ? "&cursor=" + cursor : ""));
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			subjects.addAll(response.json().path("items").findValuesAsString("subject"));
			cursor = response.json().hasNonNull("nextCursor") ? response.json().path("nextCursor").asString() : null;
		}
		while (cursor != null && subjects.size() < 5_000);
		return subjects;
	}

	@Test
	void csvExportHoldsExactlyTheFilteredRowsWithNamesAndSafeCells() throws Exception {
		var response = this.workspace.admin().get("/conversations/export?chatId=" + this.chatB.chatId());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("text/csv");
		assertThat(response.header("Content-Disposition")).contains("attachment").contains(".csv");
		assertThat(response.body()).contains("\r\n");
		List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
			.parse(new StringReader(response.body())).getRecords();
		assertThat(rows).hasSize(2);
		Map<String, String> pricing = rows.stream().filter((r) -> r.get("subject").equals("Pricing of plan A"))
			.findFirst().orElseThrow().toMap();
		assertThat(pricing.get("summary")).isEqualTo("Sent =SUM(A1) prices, \"quoted\", with commas, and\na new line");
		assertThat(pricing.get("contact")).isEqualTo("Bruno");
		assertThat(pricing.get("owner")).isEqualTo("Ada Admin");
		assertThat(pricing.get("purpose")).isEqualTo("Enquiry");
		assertThat(pricing.get("status")).isEqualTo("OPEN");
		assertThat(pricing.keySet()).containsAll(ConversationCsv.HEADER);
		var all = this.workspace.admin().get("/conversations/export?q=blender");
		assertThat(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
			.parse(new StringReader(all.body())).getRecords()).hasSize(2);
	}

	@Test
	void csvCellsThatLookLikeFormulasAreNeutralised() {
		assertThat(ConversationCsv.safe("=SUM(A1)")).isEqualTo("'=SUM(A1)");
		assertThat(ConversationCsv.safe("+1")).isEqualTo("'+1");
		assertThat(ConversationCsv.safe("-2")).isEqualTo("'-2");
		assertThat(ConversationCsv.safe("@cmd")).isEqualTo("'@cmd");
		assertThat(ConversationCsv.safe("plain")).isEqualTo("plain");
		log(this.agent, this.chatB, "=HYPERLINK(\"http://evil\")", null, this.issue, 5);
		assertThat(this.workspace.admin().get("/conversations/export?q=hyperlink").body()).contains("\"'=HYPERLINK(");
	}

	@Test
	void nothingOfAnotherWorkspaceIsListedCountedSearchedOrExported() {
		var other = newWorkspace();
		Delivered theirs = Inbound.deliver(other.admin(), Inbound.phone(), "Zoe", "blender", T0);
		String purpose = other.admin().get("/purposes").json().get(0).path("id").asString();
		other.admin().post("/conversations", body("chatId", theirs.chatId(), "subject", "Blender of another shop", "purposeId", purpose));
		assertThat(this.workspace.admin().get("/conversations?q=blender").json().path("total").asInt()).isEqualTo(2);
		assertThat(this.workspace.admin().get("/conversations?limit=200").json().path("total").asInt()).isEqualTo(5);
		assertThat(this.workspace.admin().get("/conversations/export").body()).doesNotContain("another shop");
		assertThat(other.admin().get("/conversations?contactId=" + this.chatA.contactId()).json().path("total").asInt()).isZero();
	}

}
