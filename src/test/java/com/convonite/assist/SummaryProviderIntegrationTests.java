package com.convonite.assist;

import java.time.OffsetDateTime;
import java.util.Map;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;
import com.convonite.support.Inbound.Delivered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The optional OpenAI-compatible summary provider, against a local server that speaks the chat-completions format:
 * what is sent (the model, the instructions, only the picked messages, the key as a bearer token), what comes
 * back, and what the user is told when it fails (an error, a timeout, nobody listening), with the built-in draft
 * in its place; the key never shown back nor logged; each workspace's settings its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class SummaryProviderIntegrationTests extends ApiIntegrationTest {

	static final String KEY = "sk-test-7f3c9a1e5b2d4c6e8a0f1b3d5c7e9a1b";

	static final String SETTINGS = "/settings/summary-provider";

	record Picked(String chatId, String first, String last) {
	}

	@Test
	void sendsOnlyThePickedMessagesInTheChatCompletionsFormatAndDraftsFromTheAnswer(CapturedOutput output)
			throws Exception {
		try (ChatCompletionsMock mock = new ChatCompletionsMock()) {
			TestWorkspace workspace = newWorkspace();
			Api admin = workspace.admin();
			JsonNode off = admin.get(SETTINGS).json();
			assertThat(off.path("configured").asBoolean()).isFalse();
			assertThat(off.path("enabled").asBoolean()).as("off by default").isFalse();

			var saved = save(admin, Map.of("enabled", true, "baseUrl", mock.baseUrl() + "/", "model", "test-model",
					"apiKey", KEY, "timeoutSeconds", 5));
			assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
			assertThat(saved.json().path("baseUrl").asString()).as("trailing slash dropped").isEqualTo(mock.baseUrl());
			assertThat(saved.json().path("apiKey").asString()).isEqualTo("••••9a1b");
			assertThat(saved.body()).doesNotContain(KEY);
			assertThat(admin.get(SETTINGS).body()).doesNotContain(KEY).contains("••••9a1b");
			String stored = databaseOwner().sql("select api_key from summary_provider where workspace_id = :id")
				.param("id", workspace.id())
				.query(String.class)
				.single();
			assertThat(stored).as("the key as stored").isNotBlank().doesNotContain(KEY).doesNotContain("9a1b");

			Picked picked = conversationWithNeighbours(admin);
			Api agent = agent(workspace);
			var answer = agent.get("/chats/" + picked.chatId() + "/suggestions?firstMessageId=" + picked.first()
					+ "&lastMessageId=" + picked.last());
			assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
			assertThat(answer.json().path("draftedBy").asString()).isEqualTo("openai-compatible");
			assertThat(answer.json().path("subject").asString()).isEqualTo("Refund for a double charge");
			assertThat(answer.json().path("summary").asString())
				.isEqualTo("The customer was charged twice; the agent refunded one charge.");
			assertThat(answer.json().path("draftProblem").isNull()).isTrue();
			assertThat(answer.body()).doesNotContain(KEY);

			assertThat(mock.received).hasSize(1);
			ChatCompletionsMock.Received request = mock.received.get(0);
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.path()).isEqualTo("/v1/chat/completions");
			assertThat(request.authorization()).isEqualTo("Bearer " + KEY);
			assertThat(request.contentType()).startsWith("application/json");
			assertThat(request.body().path("model").asString()).isEqualTo("test-model");
			JsonNode messages = request.body().path("messages");
			assertThat(messages.size()).isEqualTo(2);
			assertThat(messages.get(0).path("role").asString()).isEqualTo("system");
			assertThat(messages.get(0).path("content").asString()).contains("Subject:", "Summary:");
			assertThat(messages.get(1).path("role").asString()).isEqualTo("user");
			assertThat(messages.get(1).path("content").asString()).as("only the picked messages, in order")
				.isEqualTo("""
						Customer: I was charged twice for order 4411 on my credit card.
						Customer: Can you refund one of the charges?
						Ada Admin: I have refunded the second charge, it shows in 3 days.""");

			// models often wrap the labels in markdown; without labels, the first line is the subject
			mock.completes("**Subject:** Double charge refunded\n\n**Summary:** Refunded the second charge.");
			JsonNode markdown = agent.get("/chats/" + picked.chatId() + "/suggestions?firstMessageId=" + picked.first()
					+ "&lastMessageId=" + picked.last()).json();
			assertThat(markdown.path("subject").asString()).isEqualTo("Double charge refunded");
			assertThat(markdown.path("summary").asString()).isEqualTo("Refunded the second charge.");

			// the endpoint refuses: its own reason, the built-in draft in its place, the key masked everywhere
			mock.answers(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
					+ "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}", 0);
			JsonNode refused = agent.get("/chats/" + picked.chatId() + "/suggestions?firstMessageId=" + picked.first()
					+ "&lastMessageId=" + picked.last()).json();
			assertThat(refused.path("draftProblem").asString())
				.isEqualTo("The summary service answered HTTP 401: Incorrect API key provided: ••••9a1b");
			assertThat(refused.path("draftedBy").asString()).isEqualTo("built-in");
			assertThat(refused.path("subject").asString()).isNotBlank();

			// an answer that is no chat completion
			mock.answers(200, "{\"result\":\"ok\"}", 0);
			assertThat(agent.get("/chats/" + picked.chatId() + "/suggestions?firstMessageId=" + picked.first()).json()
				.path("draftProblem").asString()).contains("not a chat completion");

			// too slow: the timeout holds, and says how long it waited
			assertThat(save(admin, Map.of("enabled", true, "baseUrl", mock.baseUrl(), "model", "test-model",
					"timeoutSeconds", 1)).status()).isEqualTo(200);
			mock.answers(200, "{}", 4000);
			long started = System.nanoTime();
			JsonNode slow = agent.get("/chats/" + picked.chatId() + "/suggestions?firstMessageId=" + picked.first()
					+ "&lastMessageId=" + picked.last()).json();
			assertThat((System.nanoTime() - started) / 1_000_000).as("ms waited").isLessThan(3500);
			assertThat(slow.path("draftProblem").asString())
				.isEqualTo("The summary service did not answer within 1 second");
			assertThat(slow.path("subject").asString()).isNotBlank();
			assertThat(mock.received.get(mock.received.size() - 1).authorization())
				.as("a blank key kept the stored one").isEqualTo("Bearer " + KEY);

			// nobody listening there
			try (ChatCompletionsMock gone = new ChatCompletionsMock()) {
				assertThat(save(admin, Map.of("enabled", true, "baseUrl", gone.baseUrl(), "model", "m")).status())
					.isEqualTo(200);
			}
			JsonNode unreachable = agent.get("/chats/" + picked.chatId() + "/suggestions").json();
			assertThat(unreachable.path("draftProblem").asString()).startsWith("Could not reach the summary service at http://127.0.0.1:");

			// switched off: nothing is sent anywhere
			int before = mock.received.size();
			assertThat(save(admin, Map.of("enabled", false, "baseUrl", mock.baseUrl(), "model", "test-model"))
				.status()).isEqualTo(200);
			JsonNode builtIn = agent.get("/chats/" + picked.chatId() + "/suggestions").json();
			assertThat(builtIn.path("draftedBy").asString()).isEqualTo("built-in");
			assertThat(builtIn.path("draftProblem").isNull()).isTrue();
			assertThat(mock.received).hasSize(before);

			// removing the key: none sent
			assertThat(save(admin, Map.of("enabled", true, "baseUrl", mock.baseUrl(), "model", "test-model",
					"removeApiKey", true)).json().path("apiKey").isNull()).isTrue();
			mock.completes("Subject: Without a key\nSummary: Fine.");
			assertThat(agent.get("/chats/" + picked.chatId() + "/suggestions").json().path("subject").asString())
				.isEqualTo("Without a key");
			assertThat(mock.received.get(mock.received.size() - 1).authorization()).isNull();

			await();
			assertThat(output.getAll()).as("the key in any log line").doesNotContain(KEY)
				.contains("Summary provider " + mock.baseUrl());
		}
	}

	@Test
	void onlyAdminsChangeTheSettingsAndBadOnesAreRefusedByField() {
		TestWorkspace workspace = newWorkspace();
		Api admin = workspace.admin();
		assertProblem(save(admin, Map.of("enabled", true)), 400, "baseUrl");
		assertProblem(save(admin, Map.of("enabled", true, "baseUrl", "http://localhost:11434/v1")), 400, "model");
		assertProblem(save(admin, Map.of("baseUrl", "ftp://example.com/v1")), 400, "baseUrl");
		assertProblem(save(admin, Map.of("baseUrl", "not a url")), 400, "baseUrl");
		assertProblem(save(admin, Map.of("baseUrl", "https://user:pw@example.com/v1")), 400, "baseUrl");
		assertProblem(save(admin, Map.of("baseUrl", "https://api.openai.com/v1/chat/completions")), 400, "baseUrl");
		assertProblem(save(admin, Map.of("timeoutSeconds", 0)), 400, "timeoutSeconds");
		assertProblem(save(admin, Map.of("timeoutSeconds", 121)), 400, "timeoutSeconds");
		assertProblem(save(admin, Map.of("apiKey", "two words")), 400, "apiKey");
		assertThat(admin.get(SETTINGS).json().path("configured").asBoolean()).as("nothing saved by a refusal").isFalse();

		var saved = save(admin, Map.of("baseUrl", "http://localhost:11434/v1", "model", "llama3.2"));
		assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
		assertThat(saved.json().path("enabled").asBoolean()).isFalse();
		assertThat(saved.json().path("timeoutSeconds").asInt()).isEqualTo(20);
		int version = saved.json().path("version").asInt();
		assertThat(save(admin, Map.of("baseUrl", "http://localhost:11434/v1", "model", "llama3.2", "version", version))
			.json().path("version").asInt()).as("saved unchanged: same version").isEqualTo(version);
		assertThat(save(admin, Map.of("baseUrl", "http://localhost:11434/v1", "model", "qwen", "version", version))
			.status()).isEqualTo(200);
		assertProblem(save(admin, Map.of("baseUrl", "http://localhost:11434/v1", "model", "other", "version", version)),
				409, null);

		Api agent = agent(workspace);
		assertProblem(agent.get(SETTINGS), 403, null);
		assertProblem(save(agent, Map.of("enabled", false, "baseUrl", "http://evil.example/v1", "model", "x")), 403,
				null);
		assertThat(admin.get(SETTINGS).json().path("model").asString()).isEqualTo("qwen");
		assertThat(anonymous().get(SETTINGS).status()).isEqualTo(401);
	}

	@Test
	void oneWorkspacesProviderIsNeverUsedForAnother() throws Exception {
		try (ChatCompletionsMock mock = new ChatCompletionsMock()) {
			TestWorkspace mine = newWorkspace();
			assertThat(save(mine.admin(), Map.of("enabled", true, "baseUrl", mock.baseUrl(), "model", "test-model",
					"apiKey", KEY)).status()).isEqualTo(200);
			TestWorkspace theirs = newWorkspace();
			JsonNode theirSettings = theirs.admin().get(SETTINGS).json();
			assertThat(theirSettings.path("configured").asBoolean()).isFalse();
			assertThat(theirSettings.toString()).doesNotContain(mock.baseUrl(), "••••");

			Picked picked = conversationWithNeighbours(theirs.admin());
			JsonNode theirDraft = theirs.admin().get("/chats/" + picked.chatId() + "/suggestions?firstMessageId="
					+ picked.first() + "&lastMessageId=" + picked.last()).json();
			assertThat(theirDraft.path("draftedBy").asString()).isEqualTo("built-in");
			assertThat(mock.received).as("their messages sent to my endpoint").isEmpty();

			Picked mineChat = conversationWithNeighbours(mine.admin());
			assertThat(mine.admin().get("/chats/" + mineChat.chatId() + "/suggestions").json().path("draftedBy")
				.asString()).isEqualTo("openai-compatible");
			assertThat(mock.received).hasSize(1);
			// their chat asked from my workspace is not found, and nothing is sent
			assertProblem(mine.admin().get("/chats/" + picked.chatId() + "/suggestions"), 404, null);
			assertThat(mock.received).hasSize(1);
		}
	}

	/** A chat with a message before and after a three-message conversation; answers the picked first and last. */
	private static Picked conversationWithNeighbours(Api admin) {
		String phone = Inbound.phone();
		OffsetDateTime now = OffsetDateTime.now();
		Inbound.deliver(admin, phone, "Rita", "Unrelated: please update my delivery address to Elm Street.",
				now.minusMinutes(30));
		Delivered first = Inbound.deliver(admin, phone, "Rita", "I was charged twice for order 4411 on my credit card.",
				now.minusMinutes(10));
		Inbound.deliver(admin, phone, "Rita", "Can you refund one\nof the charges?", now.minusMinutes(9));
		assertThat(admin.post("/chats/" + first.chatId() + "/assign", Map.of("assigneeId", admin.memberId)).status())
			.isEqualTo(200);
		String last = admin.post("/chats/" + first.chatId() + "/messages",
				Map.of("body", "I have refunded the second charge, it shows in 3 days.")).id();
		admin.post("/chats/" + first.chatId() + "/messages", Map.of("body", "Anything else about your order history?"));
		return new Picked(first.chatId(), first.messageId(), last);
	}

	private static Api.Response save(Api api, Map<String, Object> body) {
		return api.send("PUT", SETTINGS, body, "application/json");
	}

	private static void assertProblem(Api.Response response, int status, String field) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		if (field != null) {
			assertThat(response.json().path("errors").findValuesAsString("field")).contains(field);
		}
	}

	/** Lets the last request's log lines reach the captured output. */
	private static void await() throws InterruptedException {
		Thread.sleep(200);
	}

}
