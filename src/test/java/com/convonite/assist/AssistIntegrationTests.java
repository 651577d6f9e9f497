package com.convonite.assist;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;
import com.convonite.support.Inbound.Delivered;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Suggestions when logging from a chat: purposes learned from the workspace's own history (and only from it),
 * nothing until there is enough of it, and a draft that names who said what.
 */
class AssistIntegrationTests extends ApiIntegrationTest {

	/** Words only conversations of one purpose use, so that a working classifier cannot miss. */
	static final Map<String, String[]> VOCABULARY = Map.of(
			"Refunds", new String[] { "refund", "money back", "charged twice", "credit card", "reimburse",
					"cancel the payment", "bank statement", "return label" },
			"Delivery", new String[] { "courier", "tracking number", "parcel", "shipping", "delivered late",
					"package lost", "dispatch", "postcode" },
			"Sizing", new String[] { "too small", "too big", "size chart", "measurements", "fits tight", "waist",
					"sleeve length", "medium or large" });

	@Autowired
	PurposeClassifier classifier;

	@Test
	void suggestsTheRightPurposeFromTheWorkspacesOwnHistoryAndNeverFromAnothers() {
		TestWorkspace workspace = newWorkspace();
		Api admin = workspace.admin();
		Map<String, String> purposes = new LinkedHashMap<>();
		for (String name : VOCABULARY.keySet()) {
			purposes.put(name, admin.post("/purposes", Map.of("name", name)).id());
		}
		Random random = new Random(18);
		for (int i = 0; i < 15; i++) {
			for (var purpose : purposes.entrySet()) {
				logConversation(admin, purpose.getValue(), "Case " + i, sentence(random, purpose.getKey()),
						sentence(random, purpose.getKey()));
			}
		}

		Delivered refund = Inbound.deliver(admin, Inbound.phone(), "Rita",
				"I was charged twice on my credit card, can I get a refund?", OffsetDateTime.now().minusMinutes(3));
		JsonNode ready = untilLearned(admin, refund.chatId(), "");
		assertThat(ready.path("learning").path("state").asString()).isEqualTo("ready");
		assertThat(ready.path("learning").path("conversationsLearnedFrom").asInt()).isEqualTo(45);
		assertThat(ready.path("learning").path("needed").asInt()).isZero();
		JsonNode suggested = ready.path("purposes");
		assertThat(suggested.size()).isEqualTo(3);
		assertThat(suggested.get(0).path("purposeId").asString()).isEqualTo(purposes.get("Refunds"));
		assertThat(suggested.get(0).path("name").asString()).isEqualTo("Refunds");
		double sum = 0;
		double previous = 1;
		for (JsonNode purpose : suggested) {
			double confidence = purpose.path("confidence").asDouble();
			assertThat(confidence).isBetween(0.0, previous);
			previous = confidence;
			sum += confidence;
		}
		assertThat(sum).isLessThanOrEqualTo(1.0);
		assertThat(suggested.get(0).path("confidence").asDouble()).isGreaterThan(0.5);

		long[] nanos = new long[40];
		for (int i = 0; i < nanos.length; i++) {
			long started = System.nanoTime();
			assertThat(admin.get(suggestionsOf(refund.chatId(), "")).status()).isEqualTo(200);
			nanos[i] = System.nanoTime() - started;
		}
		java.util.Arrays.sort(nanos);
		System.out.printf(java.util.Locale.ROOT, "suggestion latency over HTTP (%d requests): p50 %.1f ms, p95 %.1f ms%n",
				nanos.length, nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.95)] / 1e6);

		Delivered sizing = Inbound.deliver(admin, Inbound.phone(), "Sam",
				"The jacket is too small, what do the measurements on the size chart say?",
				OffsetDateTime.now().minusMinutes(2));
		JsonNode forSizing = admin.get(suggestionsOf(sizing.chatId(), "")).json();
		assertThat(forSizing.path("purposes").get(0).path("name").asString()).isEqualTo("Sizing");

		// an archived purpose is never suggested, however likely
		int version = admin.get("/purposes/" + purposes.get("Sizing")).json().path("version").asInt();
		assertThat(admin.patch("/purposes/" + purposes.get("Sizing"), Map.of("version", version, "archived", true))
			.status()).isEqualTo(200);
		JsonNode afterArchiving = admin.get(suggestionsOf(sizing.chatId(), "")).json();
		assertThat(afterArchiving.path("purposes").findValuesAsString("name")).doesNotContain("Sizing")
			.isNotEmpty();

		// a conversation logged later is learned from once the stale workspace is retrained
		logConversation(admin, purposes.get("Delivery"), "One more", sentence(random, "Delivery"),
				sentence(random, "Delivery"));
		eventually("the new conversation to be learned from", () -> {
			this.classifier.retrainStale();
			return admin.get(suggestionsOf(refund.chatId(), "")).json().path("learning")
				.path("conversationsLearnedFrom").asInt() == 46;
		});

		// another workspace has the same kind of chat and no history: it learns nothing from this one
		TestWorkspace other = newWorkspace();
		Delivered elsewhere = Inbound.deliver(other.admin(), Inbound.phone(), "Rita",
				"I was charged twice on my credit card, can I get a refund?", OffsetDateTime.now().minusMinutes(1));
		JsonNode notLearned = untilLearned(other.admin(), elsewhere.chatId(), "");
		assertThat(notLearned.path("learning").path("state").asString()).isEqualTo("not-enough-history");
		assertThat(notLearned.path("learning").path("conversationsLearnedFrom").asInt()).isZero();
		assertThat(notLearned.path("learning").path("needed").asInt()).isEqualTo(30);
		assertThat(notLearned.path("purposes").isEmpty()).isTrue();
	}

	@Test
	void suggestsNoPurposeUntilThereIsEnoughHistoryAndSaysHowMuchMoreIsNeeded() {
		TestWorkspace workspace = newWorkspace();
		Api admin = workspace.admin();
		String refunds = admin.post("/purposes", Map.of("name", "Refunds")).id();
		Random random = new Random(7);
		for (int i = 0; i < 6; i++) {
			logConversation(admin, refunds, "Refund " + i, sentence(random, "Refunds"), sentence(random, "Refunds"));
		}
		Delivered chat = Inbound.deliver(admin, Inbound.phone(), "Rita", "Where is my refund?",
				OffsetDateTime.now().minusMinutes(1));
		JsonNode first = admin.get(suggestionsOf(chat.chatId(), "")).json();
		assertThat(first.path("learning").path("state").asString()).isIn("learning", "not-enough-history");
		assertThat(first.path("purposes").isEmpty()).isTrue();

		JsonNode answer = untilLearned(admin, chat.chatId(), "");
		assertThat(answer.path("learning").path("state").asString()).isEqualTo("not-enough-history");
		assertThat(answer.path("learning").path("conversationsLearnedFrom").asInt()).isEqualTo(6);
		// 24 more to reach 30; the second purpose's 5 can be among them
		assertThat(answer.path("learning").path("needed").asInt()).isEqualTo(24);
		assertThat(answer.path("purposes").isEmpty()).isTrue();
		assertThat(PurposeClassifier.needed(40, List.of(38, 2))).as("a second purpose needs 5").isEqualTo(3);
		assertThat(PurposeClassifier.needed(30, List.of(25, 5))).isZero();
	}

	@Test
	void draftsASubjectAndSummaryFromThePickedMessagesNamingWhoSaidWhat() {
		TestWorkspace workspace = newWorkspace();
		Api admin = workspace.admin();
		String phone = Inbound.phone();
		OffsetDateTime now = OffsetDateTime.now();
		Inbound.deliver(admin, phone, "Carla", "Unrelated: could you change the email address on my account?",
				now.minusMinutes(20));
		Delivered first = Inbound.deliver(admin, phone, "Carla", "Hi there!", now.minusMinutes(10));
		Inbound.deliver(admin, phone, "Carla",
				"My jacket arrived with a broken zipper on the left pocket. I would like a replacement jacket.",
				now.minusMinutes(9));
		admin.post("/chats/" + first.chatId() + "/assign", Map.of("assigneeId", admin.memberId));
		admin.post("/chats/" + first.chatId() + "/messages", Map.of("body", "Thanks for waiting!"));
		String last = admin.post("/chats/" + first.chatId() + "/messages",
				Map.of("body", "I have arranged a free replacement jacket, shipped by courier tomorrow morning.")).id();

		Api agent = agent(workspace);
		var response = agent.get(suggestionsOf(first.chatId(), "?firstMessageId=" + first.messageId()
				+ "&lastMessageId=" + last));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode draft = response.json();
		String subject = draft.path("subject").asString();
		assertThat(subject).startsWith("My jacket arrived with a broken zipper").hasSizeLessThanOrEqualTo(80);
		String summary = draft.path("summary").asString();
		assertThat(summary).hasSizeLessThanOrEqualTo(600)
			.contains("Customer: My jacket arrived with a broken zipper on the left pocket.")
			.contains("Ada Admin: I have arranged a free replacement jacket")
			.doesNotContain("Hi there", "Thanks for waiting", "email address");
		assertThat(summary.indexOf("Customer:")).isLessThan(summary.indexOf("Ada Admin:"));

		// without picked messages: the chat's newest ones
		JsonNode recent = agent.get(suggestionsOf(first.chatId(), "")).json();
		assertThat(recent.path("summary").asString()).contains("email address");
		assertThat(ExtractiveSummaryProvider.shorten("word ".repeat(30).strip(), 80)).hasSizeLessThanOrEqualTo(80)
			.endsWith("word…");
	}

	@Test
	void refusesMessagesNotOfTheChatAndChatsOfAnotherWorkspace() {
		TestWorkspace workspace = newWorkspace();
		Api admin = workspace.admin();
		OffsetDateTime now = OffsetDateTime.now();
		String phone = Inbound.phone();
		Delivered early = Inbound.deliver(admin, phone, "Carla", "First question about my order", now.minusMinutes(5));
		Delivered late = Inbound.deliver(admin, phone, "Carla", "Second question about my order", now.minusMinutes(4));
		Delivered otherChat = Inbound.deliver(admin, Inbound.phone(), "Dan", "Another chat", now.minusMinutes(3));

		assertProblem(admin.get(suggestionsOf(early.chatId(), "?firstMessageId=" + otherChat.messageId())), 400,
				"firstMessageId");
		assertProblem(admin.get(suggestionsOf(early.chatId(), "?lastMessageId=999999999999")), 400, "lastMessageId");
		assertProblem(admin.get(suggestionsOf(early.chatId(), "?firstMessageId=abc")), 400, "firstMessageId");
		assertProblem(admin.get(suggestionsOf(early.chatId(),
				"?firstMessageId=" + late.messageId() + "&lastMessageId=" + early.messageId())), 400, "lastMessageId");

		TestWorkspace other = newWorkspace();
		assertProblem(other.admin().get(suggestionsOf(early.chatId(), "")), 404, null);
		assertProblem(other.admin().get(suggestionsOf(early.chatId(), "?firstMessageId=" + early.messageId())), 404,
				null);
		assertProblem(admin.get(suggestionsOf("999999999999", "")), 404, null);
		assertProblem(admin.get(suggestionsOf("x1", "")), 404, null);
		assertThat(anonymous().get(suggestionsOf(early.chatId(), "")).status()).isEqualTo(401);
	}

	private static void assertProblem(Api.Response response, int status, String field) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		if (field != null) {
			assertThat(response.json().path("errors").findValuesAsString("field")).contains(field);
		}
	}

	private static String suggestionsOf(String chatId, String query) {
		return "/chats/" + chatId + "/suggestions" + query;
	}

	/** A customer sentence of the purpose's words among words every purpose uses. */
	static String sentence(Random random, String purpose) {
		String[] words = VOCABULARY.get(purpose);
		List<String> parts = new ArrayList<>(List.of("hello", "about", "my", "order"));
		for (int i = 0; i < 3; i++) {
			parts.add(words[random.nextInt(words.length)]);
		}
		parts.add("please");
		java.util.Collections.shuffle(parts, random);
		return String.join(" ", parts) + ".";
	}

	/** A new chat with a customer message and a reply, logged as a conversation covering both. */
	static String logConversation(Api admin, String purposeId, String subject, String customer, String reply) {
		Delivered delivered = Inbound.deliver(admin, Inbound.phone(), "Customer", customer,
				OffsetDateTime.now().minusMinutes(5));
		assertThat(admin.post("/chats/" + delivered.chatId() + "/assign", Map.of("assigneeId", admin.memberId))
			.status()).isEqualTo(200);
		var sent = admin.post("/chats/" + delivered.chatId() + "/messages", Map.of("body", reply));
		assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
		var logged = admin.post("/conversations", Map.of("chatId", delivered.chatId(), "subject", subject,
				"purposeId", purposeId, "firstMessageId", delivered.messageId(), "lastMessageId", sent.id()));
		assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
		return logged.id();
	}

	/** The answer once the workspace's classifier has been trained (ready or not enough history). */
	private static JsonNode untilLearned(Api api, String chatId, String query) {
		JsonNode[] answer = new JsonNode[1];
		eventually("the classifier to be trained", () -> {
			var response = api.get(suggestionsOf(chatId, query));
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			answer[0] = response.json();
			return !"learning".equals(answer[0].path("learning").path("state").asString());
		});
		return answer[0];
	}

	static void eventually(String what, java.util.function.BooleanSupplier done) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!done.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited a minute for " + what).isLessThan(deadline);
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

}
