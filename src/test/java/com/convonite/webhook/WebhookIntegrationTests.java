package com.convonite.webhook;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.convonite.shared.WorkspaceScope;
import com.convonite.support.Api;
import com.convonite.support.ApiContract;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.IncompleteEventPublications;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outgoing webhooks end to end: the real application and PostgreSQL, events caused over the REST API, and a local
 * HTTP server ({@link WebhookReceiver}) that checks each delivery's signature on its own. The test profile allows
 * loopback targets and shortens the backoff to 2 s doubling up to 4 s.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebhookIntegrationTests extends ApiIntegrationTest {

	static final Duration WAIT = Duration.ofSeconds(15);

	static final List<String> ALL_TYPES = Arrays.stream(WebhookEventType.values()).map(WebhookEventType::typeName).toList();

	@Autowired
	JdbcClient jdbc;

	@Autowired
	IncompleteEventPublications incomplete;

	WebhookReceiver receiver;

	@BeforeEach
	void startReceiver() throws Exception {
		this.receiver = new WebhookReceiver();
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.close();
	}

	// --- what is sent ------------------------------------------------------------------------------------

	@Test
	void everyEventTypeArrivesSignedWithTheResourceAsTheApiShowsIt() throws Exception {
		var ws = newWorkspace();
		Api admin = ws.admin();
		String secret = "a-secret-the-admin-chose-0123456789";
		var endpoint = admin.post("/webhooks", body("url", this.receiver.url(), "secret", secret, "eventTypes", ALL_TYPES));
		assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);

		var chat = Inbound.deliver(admin, Inbound.phone(), "Rita", "Is my order on its way?", OffsetDateTime.now(ZoneOffset.UTC));
		assertThat(admin.post("/chats/" + chat.chatId() + "/assign", body("assigneeId", admin.memberId)).status()).isEqualTo(200);
		var sent = admin.post("/chats/" + chat.chatId() + "/messages", body("type", "text", "body", "It left today."));
		assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
		var conversation = admin.post("/conversations", body("chatId", chat.chatId(), "subject", "Where is my order",
				"purposeId", purpose(admin), "followUpTask", body("title", "Check the courier")));
		assertThat(conversation.status()).as(conversation.toString()).isEqualTo(201);
		String conversationId = conversation.id();
		String taskId = conversation.json().path("followUpTask").path("id").asString();
		assertThat(admin.patch("/conversations/" + conversationId, body("version", 0, "summary", "Parcel is with the courier"))
			.status()).isEqualTo(200);
		assertThat(admin.post("/conversations/" + conversationId + "/close").status()).isEqualTo(200);
		assertThat(admin.post("/conversations/" + conversationId + "/reopen").status()).isEqualTo(200);
		assertThat(admin.post("/tasks/" + taskId + "/complete").status()).isEqualTo(200);
		assertThat(admin.post("/chats/" + chat.chatId() + "/close").status()).isEqualTo(200);
		assertThat(admin.post("/chats/" + chat.chatId() + "/reopen").status()).isEqualTo(200);
		assertThat(admin.delete("/conversations/" + conversationId).status()).isEqualTo(204);

		// One event of each type, and chat.opened twice (the delivery, then the reopen); deliveries run on their
		// own threads, so they may arrive in any order.
		Map<String, List<WebhookReceiver.Received>> byType = new HashMap<>();
		int expected = ALL_TYPES.size() + 1;
		long deadline = System.currentTimeMillis() + WAIT.toMillis();
		for (int received = 0; received < expected && System.currentTimeMillis() < deadline; received++) {
			var request = this.receiver.next(WAIT);
			byType.computeIfAbsent(request.header("Convonite-Event-Type"), (k) -> new java.util.ArrayList<>()).add(request);
		}
		assertThat(byType.keySet()).containsExactlyInAnyOrderElementsOf(ALL_TYPES);

		for (var requests : byType.values()) {
			for (var request : requests) {
				JsonNode json = request.json();
				assertThat(request.signatureValid(secret)).as("signature of " + request.body()).isTrue();
				assertThat(request.signatureValid("some-other-secret-0123456")).isFalse();
				assertThat(request.header("Content-Type")).startsWith("application/json");
				assertThat(request.header("Convonite-Event-Id")).isEqualTo(json.path("id").asString());
				assertThat(UUID.fromString(json.path("id").asString())).isNotNull();
				assertThat(json.path("type").asString()).isEqualTo(request.header("Convonite-Event-Type"));
				assertThat(OffsetDateTime.parse(json.path("time").asString())).isNotNull();
				assertThat(Long.parseLong(request.header("Convonite-Timestamp")))
					.isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
				assertThat(json.path("workspace").path("id").asString()).isEqualTo(Long.toString(ws.id()));
				// what integrators generate their receivers from: the document's webhooks section
				ApiContract.checkWebhook(this.port, request.header("Convonite-Event-Type"), request::header,
						request.body());
			}
		}
		keepSample(byType.get("conversation.logged").get(0), secret);
		JsonNode received = only(byType, "message.received").path("data");
		assertThat(received.path("id").asString()).isEqualTo(chat.messageId());
		assertThat(received.path("body").asString()).isEqualTo("Is my order on its way?");
		assertThat(received.path("direction").asString()).isEqualTo("IN");
		assertThat(only(byType, "message.sent").path("data").path("body").asString()).isEqualTo("It left today.");
		JsonNode assigned = only(byType, "chat.assigned").path("data");
		assertThat(assigned.path("id").asString()).isEqualTo(chat.chatId());
		assertThat(assigned.path("assigneeId").asString()).isEqualTo(admin.memberId);
		assertThat(byType.get("chat.opened")).hasSize(2);
		assertThat(only(byType, "chat.closed").path("data").path("id").asString()).isEqualTo(chat.chatId());
		JsonNode logged = only(byType, "conversation.logged").path("data");
		assertThat(logged.path("id").asString()).isEqualTo(conversationId);
		assertThat(logged.path("chatId").asString()).isEqualTo(chat.chatId());
		assertThat(logged.path("contactId").asString()).isEqualTo(chat.contactId());
		assertThat(only(byType, "conversation.updated").path("data").path("id").asString()).isEqualTo(conversationId);
		assertThat(only(byType, "conversation.closed").path("data").path("id").asString()).isEqualTo(conversationId);
		assertThat(only(byType, "conversation.reopened").path("data").path("id").asString()).isEqualTo(conversationId);
		assertThat(only(byType, "conversation.deleted").path("data").toString())
			.isEqualTo("{\"id\":\"" + conversationId + "\"}");
		assertThat(only(byType, "task.created").path("data").path("title").asString()).isEqualTo("Check the courier");
		assertThat(only(byType, "task.created").path("data").path("id").asString()).isEqualTo(taskId);
		assertThat(only(byType, "task.completed").path("data").path("id").asString()).isEqualTo(taskId);

		var log = admin.get("/webhooks/" + endpoint.id() + "/deliveries?limit=200");
		assertThat(log.status()).isEqualTo(200);
		assertThat(log.json().path("items")).hasSize(byType.values().stream().mapToInt(List::size).sum());
		this.receiver.drain(Duration.ofMillis(500));
		for (JsonNode delivery : admin.get("/webhooks/" + endpoint.id() + "/deliveries?limit=200").json().path("items")) {
			assertThat(delivery.path("status").asString()).isEqualTo("DELIVERED");
			assertThat(delivery.path("responseCode").asInt()).isEqualTo(200);
			assertThat(delivery.path("attempts").asInt()).isEqualTo(1);
		}
	}

	@Test
	void onlySubscribedTypesAreSentAndAnInactiveEndpointGetsNothing() throws Exception {
		var ws = newWorkspace();
		Api admin = ws.admin();
		try (var inactiveReceiver = new WebhookReceiver()) {
			assertThat(admin.post("/webhooks", body("url", this.receiver.url(), "eventTypes", List.of("conversation.logged")))
				.status()).isEqualTo(201);
			var inactive = admin.post("/webhooks",
					body("url", inactiveReceiver.url(), "eventTypes", ALL_TYPES, "active", false));
			assertThat(inactive.status()).isEqualTo(201);
			assertThat(inactive.json().path("active").asBoolean()).isFalse();

			var chat = Inbound.deliver(admin, Inbound.phone(), "Sam", "Hello", OffsetDateTime.now(ZoneOffset.UTC));
			String conversationId = logConversation(admin, chat.chatId());

			var request = this.receiver.next(WAIT);
			assertThat(request.header("Convonite-Event-Type")).isEqualTo("conversation.logged");
			assertThat(request.json().path("data").path("id").asString()).isEqualTo(conversationId);
			assertThat(this.receiver.drain(Duration.ofSeconds(2))).isEmpty();
			assertThat(inactiveReceiver.drain(Duration.ZERO)).isEmpty();
			assertThat(admin.get("/webhooks/" + inactive.id() + "/deliveries").json().path("items")).isEmpty();
		}
	}

	// --- retries, giving up, redelivery ---------------------------------------------------------------------

	@Test
	void aFailingEndpointIsRetriedWithGrowingBackoffAndTheLogShowsAttemptsAndCodes() throws Exception {
		var ws = newWorkspace();
		Api admin = ws.admin();
		var endpoint = admin.post("/webhooks", body("url", this.receiver.url(), "eventTypes", List.of("conversation.logged")));
		this.receiver.answer(500, 503, 200);
		var chat = Inbound.deliver(admin, Inbound.phone(), "Ana", "Hi", OffsetDateTime.now(ZoneOffset.UTC));
		logConversation(admin, chat.chatId());

		var first = this.receiver.next(WAIT);
		JsonNode afterFirst = waitForDelivery(admin, endpoint.id(), (d) -> d.path("attempts").asInt() == 1);
		assertThat(afterFirst.path("status").asString()).isEqualTo("PENDING");
		assertThat(afterFirst.path("responseCode").asInt()).isEqualTo(500);
		assertThat(afterFirst.path("lastError").asString()).isEqualTo("HTTP 500: receiver says no");
		assertThat(afterFirst.path("nextAttemptAt").isNull()).isFalse();

		var second = this.receiver.next(WAIT);
		var third = this.receiver.next(WAIT);
		assertThat(List.of(second, third)).allSatisfy((r) -> {
			assertThat(r.body()).isEqualTo(first.body());
			assertThat(r.header("Convonite-Event-Id")).isEqualTo(first.header("Convonite-Event-Id"));
		});
		// 2 s after the first failure, then 4 s after the second (doubled)
		assertThat(second.receivedAtMillis() - first.receivedAtMillis()).isGreaterThanOrEqualTo(1900);
		assertThat(third.receivedAtMillis() - second.receivedAtMillis()).isGreaterThanOrEqualTo(3900);

		JsonNode done = waitForDelivery(admin, endpoint.id(), (d) -> d.path("status").asString().equals("DELIVERED"));
		assertThat(done.path("attempts").asInt()).isEqualTo(3);
		assertThat(done.path("responseCode").asInt()).isEqualTo(200);
		assertThat(done.path("deliveredAt").isNull()).isFalse();
	}

	@Test
	void aDeliveryStillFailingWhenItsRetryWindowEndsIsMarkedFailed() throws Exception {
		var ws = newWorkspace();
		Api admin = ws.admin();
		var endpoint = admin.post("/webhooks", body("url", this.receiver.url(), "eventTypes", List.of("conversation.logged")));
		this.receiver.answer(500, 500, 500);
		var chat = Inbound.deliver(admin, Inbound.phone(), "Ivo", "Hi", OffsetDateTime.now(ZoneOffset.UTC));
		logConversation(admin, chat.chatId());
		this.receiver.next(WAIT);
		JsonNode pending = waitForDelivery(admin, endpoint.id(), (d) -> d.path("attempts").asInt() == 1);
		// as if 24 hours had passed since the event
		WorkspaceScope.run(ws.id(), () -> this.jdbc.sql("update webhook_delivery set retry_until = now() where workspace_id = ? and id = ?")
			.params(ws.id(), Long.parseLong(pending.path("id").asString()))
			.update());
		this.receiver.next(WAIT);
		JsonNode failed = waitForDelivery(admin, endpoint.id(), (d) -> d.path("status").asString().equals("FAILED"));
		assertThat(failed.path("attempts").asInt()).isEqualTo(2);
		assertThat(failed.path("nextAttemptAt").isNull()).isTrue();
		assertThat(this.receiver.drain(Duration.ofSeconds(3))).isEmpty();
	}

	@Test
	void redeliverySendsTheSameEventAgain() throws Exception {
		var ws = newWorkspace();
		Api admin = ws.admin();
		var endpoint = admin.post("/webhooks", body("url", this.receiver.url(), "eventTypes", List.of("conversation.logged")));
		var chat = Inbound.deliver(admin, Inbound.phone(), "Lia", "Hi", OffsetDateTime.now(ZoneOffset.UTC));
		logConversation(admin, chat.chatId());
		var first = this.receiver.next(WAIT);
		JsonNode delivered = waitForDelivery(admin, endpoint.id(), (d) -> d.path("status").asString().equals("DELIVERED"));

		var redelivered = admin.post("/webhooks/" + endpoint.id() + "/deliveries/" + delivered.path("id").asString()
				+ "/redeliver");
		assertThat(redelivered.status()).as(redelivered.toString()).isEqualTo(200);
		assertThat(redelivered.text("status")).isEqualTo("PENDING");
		var again = this.receiver.next(WAIT);
		assertThat(again.body()).isEqualTo(first.body());
		assertThat(again.header("Convonite-Event-Id")).isEqualTo(first.header("Convonite-Event-Id"));
		JsonNode after = waitForDelivery(admin, endpoint.id(),
				(d) -> d.path("status").asString().equals("DELIVERED") && d.path("attempts").asInt() == 2);
		assertThat(after.path("id").asString()).isEqualTo(delivered.path("id").asString());
		assertThat(admin.post("/webhooks/" + endpoint.id() + "/deliveries/999999999/redeliver").status()).isEqualTo(404);
	}

	// --- what reaches the log, and where a delivery may connect -------------------------------------------------

	@Test
	void aFailingAnswerIsLoggedAsItsStatusCodeAndAShortExcerptWithoutControlCharacters() throws Exception {
		var ws = newWorkspace();
		Api admin = ws.admin();
		var endpoint = admin.post("/webhooks", body("url", this.receiver.url(), "eventTypes", List.of("conversation.logged")));
		this.receiver.refuseWith("line one\r\nFAKE LOG LINE \u001b[31mred\u0000\u202e " + "x".repeat(100_000));
		this.receiver.answer(500);
		var chat = Inbound.deliver(admin, Inbound.phone(), "Noa", "Hi", OffsetDateTime.now(ZoneOffset.UTC));
		logConversation(admin, chat.chatId());
		this.receiver.next(WAIT);

		JsonNode failed = waitForDelivery(admin, endpoint.id(), (d) -> d.path("attempts").asInt() == 1);
		assertThat(failed.path("responseCode").asInt()).isEqualTo(500);
		String logged = failed.path("lastError").asString();
		assertThat(logged).startsWith("HTTP 500: line one FAKE LOG LINE [31mred x");
		assertThat(logged.length()).isLessThanOrEqualTo("HTTP 500: ".length() + WebhookSender.BODY_EXCERPT_MAX);
		assertThat(logged.codePoints()).noneMatch((c) -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
	}

	@Test
	void aDeliveryConnectsOnlyToTheAddressesThatPassedTheCheckNotToWhatTheNameResolvesToLater() throws Exception {
		var ws = newWorkspace();
		Api admin = ws.admin();
		String byName = this.receiver.url().replace("127.0.0.1", "localhost");
		var endpoint = admin.post("/webhooks", body("url", byName, "eventTypes", List.of("conversation.logged")));
		var chat = Inbound.deliver(admin, Inbound.phone(), "Kai", "Hi", OffsetDateTime.now(ZoneOffset.UTC));
		logConversation(admin, chat.chatId());
		this.receiver.next(WAIT);
		waitForDelivery(admin, endpoint.id(), (d) -> d.path("status").asString().equals("DELIVERED"));
		// the product's own sender leaves this endpoint alone from now on
		assertThat(admin.patch("/webhooks/" + endpoint.id(), body("version", 0, "active", false)).status()).isEqualTo(200);
		JdbcWebhookRepository.Claimed delivery = claimed(ws.id(), Long.parseLong(endpoint.id()));

		// A name that answers a public address to the first look-up and 127.0.0.1 to every later one (rebinding)
		java.util.concurrent.atomic.AtomicInteger lookUps = new java.util.concurrent.atomic.AtomicInteger();
		WebhookTargets rebinding = new WebhookTargets(false, (host) -> new java.net.InetAddress[] {
				java.net.InetAddress.getByName(lookUps.getAndIncrement() == 0 ? "203.0.113.10" : "127.0.0.1") });
		WorkspaceScope.run(ws.id(), () -> sender(rebinding).attempt(delivery));
		assertThat(this.receiver.drain(Duration.ofSeconds(1))).isEmpty();
		JsonNode refused = admin.get("/webhooks/" + endpoint.id() + "/deliveries").json().path("items").get(0);
		assertThat(refused.path("lastError").asString())
			.isEqualTo("Not sent: the URL points to a loopback, private or link-local address (127.0.0.1); "
					+ "webhooks are sent only to public addresses");
		assertThat(refused.path("responseCode").isNull()).isTrue();

		// and the connection goes to the address the check returned, under the URL's own host name
		WebhookTargets checkedName = new WebhookTargets(true, (host) -> new java.net.InetAddress[] {
				java.net.InetAddress.getByName(host.equals("hooks.rebind.invalid") ? "127.0.0.1" : "192.0.2.1") });
		String port = byName.replaceAll(".*:(\\d+)/.*", "$1");
		var toName = new JdbcWebhookRepository.Claimed(delivery.id(), delivery.workspaceId(), delivery.endpointId(),
				"http://hooks.rebind.invalid:" + port + "/hooks", delivery.secretEncrypted(), delivery.eventId(),
				delivery.eventType(), delivery.payload(), delivery.attempts() + 1, delivery.retryUntil());
		WorkspaceScope.run(ws.id(), () -> sender(checkedName).attempt(toName));
		var arrived = this.receiver.next(WAIT);
		assertThat(arrived.header("Host")).isEqualTo("hooks.rebind.invalid:" + port);
		assertThat(admin.get("/webhooks/" + endpoint.id() + "/deliveries").json().path("items").get(0).path("status")
			.asString()).isEqualTo("DELIVERED");
	}

	// --- the outbox ----------------------------------------------------------------------------------------

	@Test
	void anEventWhosePreparationNeverRanIsDeliveredWhenIncompletePublicationsAreResubmittedAndOnlyOnce()
			throws Exception {
		var ws = newWorkspace();
		Api admin = ws.admin();
		admin.post("/webhooks", body("url", this.receiver.url(), "eventTypes", List.of("conversation.logged")));
		var chat = Inbound.deliver(admin, Inbound.phone(), "Max", "Hi", OffsetDateTime.now(ZoneOffset.UTC));
		logConversation(admin, chat.chatId());
		var delivered = this.receiver.next(WAIT);
		String eventId = delivered.header("Convonite-Event-Id");

		// The state a crash right after the commit leaves behind: the change and its event publication are stored,
		// the listener that prepares deliveries never completed. Made here from the real publication, with a new id.
		String lostEventId = UUID.randomUUID().toString();
		copyPublicationAsIncomplete(eventId, lostEventId);
		copyPublicationAsIncomplete(eventId, eventId);
		this.incomplete.resubmitIncompletePublications((publication) -> publication.getEvent() instanceof WebhookEventOccurred event
				&& (event.id().toString().equals(lostEventId) || event.id().toString().equals(eventId)));

		var recovered = this.receiver.next(WAIT);
		assertThat(recovered.header("Convonite-Event-Id")).isEqualTo(lostEventId);
		assertThat(recovered.json().path("type").asString()).isEqualTo("conversation.logged");
		// the re-published event that already had its delivery made none twice
		assertThat(this.receiver.drain(Duration.ofSeconds(2))).isEmpty();
		assertThat(WorkspaceScope.call(ws.id(), () -> this.jdbc
			.sql("select count(*) from webhook_delivery where workspace_id = ? and event_id = cast(? as uuid)")
			.params(ws.id(), eventId)
			.query(Integer.class)
			.single())).isEqualTo(1);
	}

	// --- endpoints: validation, secrets, isolation, roles -----------------------------------------------------

	@Test
	void theSecretIsShownInFullOnlyWhenCreatedAndNeverLogged(CapturedOutput output) throws Exception {
		var ws = newWorkspace();
		Api admin = ws.admin();
		var generated = admin.post("/webhooks", body("url", this.receiver.url(), "eventTypes", List.of("conversation.logged")));
		assertThat(generated.status()).isEqualTo(201);
		String secret = generated.text("secret");
		assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(30);
		assertThat(generated.text("secretHint")).isEqualTo("••••" + secret.substring(secret.length() - 4));
		assertThat(generated.header("Location")).isEqualTo("/api/v1/webhooks/" + generated.id());

		var read = admin.get("/webhooks/" + generated.id());
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().has("secret")).isFalse();
		assertThat(read.body()).doesNotContain(secret);
		assertThat(admin.get("/webhooks").body()).doesNotContain(secret);
		var changed = admin.patch("/webhooks/" + generated.id(), body("version", 0, "secret", "a-new-secret-for-rotation-42"));
		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		assertThat(changed.body()).doesNotContain("a-new-secret-for-rotation-42");
		assertThat(changed.text("secretHint")).isEqualTo("••••n-42");

		this.receiver.answer(500);
		var chat = Inbound.deliver(admin, Inbound.phone(), "Eva", "Hi", OffsetDateTime.now(ZoneOffset.UTC));
		logConversation(admin, chat.chatId());
		var first = this.receiver.next(WAIT);
		assertThat(first.signatureValid("a-new-secret-for-rotation-42")).isTrue();
		this.receiver.next(WAIT);
		String stored = WorkspaceScope.call(ws.id(), () -> this.jdbc.sql("select secret_encrypted from webhook_endpoint where id = ?")
			.param(Long.parseLong(generated.id()))
			.query(String.class)
			.single());
		assertThat(stored).doesNotContain("a-new-secret-for-rotation-42");
		assertThat(output.getAll()).doesNotContain(secret).doesNotContain("a-new-secret-for-rotation-42");
	}

	@Test
	void invalidEndpointsAreRefusedFieldByField() {
		var ws = newWorkspace();
		Api admin = ws.admin();
		var refused = admin.post("/webhooks", body("url", "ftp://example.com/x", "secret", "short",
				"eventTypes", List.of("conversation.logged", "order.shipped")));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(fields(refused)).containsEntry("url", "must start with https:// or http://")
			.containsKey("secret")
			.containsKey("eventTypes");
		assertThat(fields(refused).get("eventTypes")).contains("order.shipped");
		assertThat(fields(admin.post("/webhooks", body("eventTypes", List.of())))).containsKeys("url", "eventTypes");
		assertThat(fields(admin.post("/webhooks", body("url", "https://user:pw@example.com/", "eventTypes", ALL_TYPES))))
			.containsKey("url");

		var endpoint = admin.post("/webhooks", body("url", this.receiver.url(), "eventTypes", ALL_TYPES));
		assertThat(admin.patch("/webhooks/" + endpoint.id(), body("active", false)).status()).isEqualTo(428);
		assertThat(admin.patch("/webhooks/" + endpoint.id(), body("version", 0, "active", false)).status()).isEqualTo(200);
		assertThat(admin.patch("/webhooks/" + endpoint.id(), body("version", 0, "active", true)).status()).isEqualTo(409);
		assertThat(fields(admin.patch("/webhooks/" + endpoint.id(), body("version", 1, "eventTypes", "chat.closed"))))
			.containsKey("eventTypes");
		assertThat(fields(admin.patch("/webhooks/" + endpoint.id(), body("version", 1, "colour", "red")))).containsKey("colour");
		assertThat(admin.get("/webhooks/abc").status()).isEqualTo(404);
		assertThat(admin.get("/webhooks?cursor=nonsense").status()).isEqualTo(400);
	}

	@Test
	void anotherWorkspacesEventsAndEndpointsStayInvisible() throws Exception {
		var mine = newWorkspace();
		var theirs = newWorkspace();
		var endpoint = mine.admin().post("/webhooks", body("url", this.receiver.url(), "eventTypes", ALL_TYPES));
		var chat = Inbound.deliver(mine.admin(), Inbound.phone(), "Rui", "Hi", OffsetDateTime.now(ZoneOffset.UTC));
		this.receiver.drain(Duration.ofSeconds(2));
		String deliveryId = mine.admin().get("/webhooks/" + endpoint.id() + "/deliveries").json().path("items").get(0)
			.path("id").asString();

		var other = Inbound.deliver(theirs.admin(), Inbound.phone(), "Zoe", "Hi", OffsetDateTime.now(ZoneOffset.UTC));
		logConversation(theirs.admin(), other.chatId());
		assertThat(this.receiver.drain(Duration.ofSeconds(2))).isEmpty();

		Api them = theirs.admin();
		var theirEndpoint = them.post("/webhooks", body("url", "https://example.com/x", "eventTypes", List.of("chat.closed")));
		assertThat(them.get("/webhooks/" + endpoint.id()).status()).isEqualTo(404);
		assertThat(them.patch("/webhooks/" + endpoint.id(), body("version", 0, "active", false)).status()).isEqualTo(404);
		assertThat(them.get("/webhooks/" + endpoint.id() + "/deliveries").status()).isEqualTo(404);
		assertThat(them.post("/webhooks/" + endpoint.id() + "/deliveries/" + deliveryId + "/redeliver").status()).isEqualTo(404);
		assertThat(them.post("/webhooks/" + theirEndpoint.id() + "/deliveries/" + deliveryId + "/redeliver").status())
			.isEqualTo(404);
		assertThat(them.delete("/webhooks/" + endpoint.id()).status()).isEqualTo(404);
		assertThat(them.get("/webhooks").body()).doesNotContain(this.receiver.url()).contains(theirEndpoint.id());
		assertThat(mine.admin().get("/webhooks/" + endpoint.id()).json().path("active").asBoolean()).isTrue();
		assertThat(chat.chatId()).isNotNull();
	}

	@Test
	void agentsAreRefusedEveryWebhookEndpoint() {
		var ws = newWorkspace();
		Api agent = agent(ws);
		var endpoint = ws.admin().post("/webhooks", body("url", this.receiver.url(), "eventTypes", ALL_TYPES));
		String base = "/webhooks/" + endpoint.id();
		assertThat(agent.get("/webhooks").status()).isEqualTo(403);
		assertThat(agent.post("/webhooks", body("url", this.receiver.url(), "eventTypes", ALL_TYPES)).status()).isEqualTo(403);
		assertThat(agent.get(base).status()).isEqualTo(403);
		assertThat(agent.patch(base, body("version", 0, "active", false)).status()).isEqualTo(403);
		assertThat(agent.delete(base).status()).isEqualTo(403);
		assertThat(agent.get(base + "/deliveries").status()).isEqualTo(403);
		assertThat(agent.post(base + "/deliveries/1/redeliver").status()).isEqualTo(403);
		assertThat(agent.get("/webhooks/424242424").status()).isEqualTo(403);
		assertThat(ws.admin().get(base).json().path("active").asBoolean()).isTrue();
	}

	@Test
	void deletingAnEndpointStopsDeliveries() throws Exception {
		var ws = newWorkspace();
		Api admin = ws.admin();
		var endpoint = admin.post("/webhooks", body("url", this.receiver.url(), "eventTypes", List.of("conversation.logged")));
		assertThat(admin.delete("/webhooks/" + endpoint.id()).status()).isEqualTo(204);
		assertThat(admin.get("/webhooks/" + endpoint.id()).status()).isEqualTo(404);
		var chat = Inbound.deliver(admin, Inbound.phone(), "Ada", "Hi", OffsetDateTime.now(ZoneOffset.UTC));
		logConversation(admin, chat.chatId());
		assertThat(this.receiver.drain(Duration.ofSeconds(2))).isEmpty();
	}

	@Test
	void theOpenApiDocumentListsTheWebhookEndpoints() {
		var doc = anonymous().getFromRoot("/v3/api-docs");
		assertThat(doc.status()).isEqualTo(200);
		JsonNode paths = doc.json().path("paths");
		assertThat(paths.has("/api/v1/webhooks")).isTrue();
		assertThat(paths.has("/api/v1/webhooks/{id}")).isTrue();
		assertThat(paths.has("/api/v1/webhooks/{id}/deliveries")).isTrue();
		assertThat(paths.has("/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver")).isTrue();
		assertThat(paths.path("/api/v1/webhooks").path("post").path("tags").get(0).asString()).isEqualTo("Webhooks");
	}

	// --- helpers ---------------------------------------------------------------------------------------------

	@Autowired
	JdbcWebhookRepository repository;

	@Autowired
	com.convonite.shared.Secrets secrets;

	@Autowired
	@org.springframework.beans.factory.annotation.Qualifier("applicationTaskExecutor")
	java.util.concurrent.Executor executor;

	/** A sender like the product's, with these targets. */
	private WebhookSender sender(WebhookTargets targets) {
		return new WebhookSender(this.repository, this.secrets, targets, this.executor, Duration.ofSeconds(5),
				Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(4), 20);
	}

	/** The endpoint's latest delivery as the sender claims it. */
	private JdbcWebhookRepository.Claimed claimed(long workspaceId, long endpointId) {
		return WorkspaceScope.call(workspaceId, () -> this.jdbc.sql("""
				select d.id, d.workspace_id, d.endpoint_id, e.url, e.secret_encrypted, d.event_id, d.event_type,
				  d.payload, d.attempts, d.retry_until
				from webhook_delivery d join webhook_endpoint e on e.workspace_id = d.workspace_id and e.id = d.endpoint_id
				where d.workspace_id = ? and d.endpoint_id = ? order by d.id desc limit 1
				""").params(workspaceId, endpointId)
			.query((rs, n) -> new JdbcWebhookRepository.Claimed(rs.getLong(1), rs.getLong(2), rs.getLong(3),
					rs.getString(4), rs.getString(5), rs.getObject(6, UUID.class), rs.getString(7), rs.getString(8),
					rs.getInt(9), rs.getObject(10, OffsetDateTime.class)))
			.single());
	}

	/** Copies the completed (so archived) publication of the event back into the outbox, as never completed. */
	private void copyPublicationAsIncomplete(String eventId, String newEventId) throws InterruptedException {
		// The delivery can reach the receiver a moment before its listener's publication is archived.
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		int copied;
		do {
			copied = this.jdbc.sql("""
				insert into event_publication (id, listener_id, event_type, serialized_event, publication_date, status,
				  completion_attempts)
				select gen_random_uuid(), listener_id, event_type, replace(serialized_event, :eventId, :newEventId),
				  publication_date, 'PUBLISHED', 0
				from event_publication_archive
				where event_type like '%WebhookEventOccurred' and serialized_event like '%' || :eventId || '%'
				""").param("eventId", eventId).param("newEventId", newEventId).update();
			if (copied == 0) {
				Thread.sleep(100);
			}
		}
		while (copied == 0 && System.nanoTime() < deadline);
		assertThat(copied).isEqualTo(1);
	}

	/** Keeps one real delivery under target/webhook-sample, for trying the verification examples of docs/webhooks.md. */
	private static void keepSample(WebhookReceiver.Received request, String secret) throws java.io.IOException {
		java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/webhook-sample"));
		java.nio.file.Files.writeString(dir.resolve("body.json"), request.body());
		java.nio.file.Files.writeString(dir.resolve("secret"), secret);
		java.nio.file.Files.writeString(dir.resolve("timestamp"), request.header("Convonite-Timestamp"));
		java.nio.file.Files.writeString(dir.resolve("signature"), request.header("Convonite-Signature"));
	}

	private static JsonNode only(Map<String, List<WebhookReceiver.Received>> byType, String type) {
		assertThat(byType.get(type)).as(type).hasSize(1);
		return byType.get(type).get(0).json();
	}

	private static String purpose(Api admin) {
		return admin.get("/purposes").json().get(0).path("id").asString();
	}

	private static String logConversation(Api admin, String chatId) {
		var logged = admin.post("/conversations", body("chatId", chatId, "subject", "Question", "purposeId", purpose(admin)));
		assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
		return logged.id();
	}

	private static Map<String, String> fields(Api.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		Map<String, String> fields = new HashMap<>();
		response.json().path("errors").forEach((e) -> fields.put(e.path("field").asString(), e.path("message").asString()));
		return fields;
	}

	private JsonNode waitForDelivery(Api admin, String endpointId, java.util.function.Predicate<JsonNode> condition)
			throws InterruptedException {
		long deadline = System.currentTimeMillis() + WAIT.toMillis();
		JsonNode last = null;
		while (System.currentTimeMillis() < deadline) {
			last = admin.get("/webhooks/" + endpointId + "/deliveries").json().path("items").get(0);
			if (last != null && condition.test(last)) {
				return last;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("The delivery never got there; last seen: " + last);
	}

}
