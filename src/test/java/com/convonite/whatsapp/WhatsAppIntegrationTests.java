package com.convonite.whatsapp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WhatsApp channel end to end: Meta's side played by signed HTTP deliveries of the documented payloads,
 * the Cloud API by a local mock server that records exactly what was sent.
 */
class WhatsAppIntegrationTests extends ApiIntegrationTest {

	static final String SENT_WAMID = "wamid.HBgLMTIwMTU1NTAxNDIVAgARGBI3NkZCMDU0QkY0RkY4RkE0NkIA";

	static final String CUSTOMER = "+12015550142";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void cloudApi(DynamicPropertyRegistry registry) {
		MockCloudApi.register(registry);
	}

	JdbcClient jdbc;

	@org.junit.jupiter.api.BeforeEach
	void sqlAsOwner() {
		this.jdbc = databaseOwner();
	}

	@Autowired
	WhatsAppDeliveries deliveries;

	private final MockCloudApi cloudApi = MockCloudApi.INSTANCE;

	// --- the settings ------------------------------------------------------------------------------

	@Test
	void anAdminSetsUpTheChannelAndSecretsAreNeverShownInFull() {
		var ws = newWorkspace();
		var before = ws.admin().get("/channels/whatsapp");
		assertThat(before.status()).isEqualTo(200);
		assertThat(before.json().path("configured").asBoolean()).isFalse();

		TestChannel channel = TestChannel.setUp(ws.admin(), this.port);
		var read = ws.admin().get("/channels/whatsapp");
		assertThat(read.status()).isEqualTo(200);
		JsonNode json = read.json();
		assertThat(json.path("configured").asBoolean()).isTrue();
		assertThat(json.path("phoneNumberId").asString()).isEqualTo(channel.phoneNumberId());
		assertThat(json.path("appSecret").asString()).isEqualTo("••••" + last4(channel.appSecret()));
		assertThat(json.path("accessToken").asString()).isEqualTo("••••" + last4(channel.accessToken()));
		assertThat(json.path("verifyToken").asString()).isEqualTo("••••" + last4(channel.verifyToken()));
		assertThat(json.path("callbackUrl").asString())
			.isEqualTo("http://localhost:" + this.port + "/webhooks/whatsapp/" + channel.key());
		assertThat(read.body()).doesNotContain(channel.appSecret(), channel.accessToken(), channel.verifyToken());
		// Encrypted at rest too.
		String stored = this.jdbc.sql("select verify_token || app_secret || access_token from whatsapp_channel where workspace_id = :ws")
			.param("ws", ws.id())
			.query(String.class)
			.single();
		assertThat(stored).doesNotContain(channel.appSecret(), channel.accessToken(), channel.verifyToken());

		// Blank secrets keep the stored ones: deliveries signed with the old app secret still count.
		var update = ws.admin().send("PUT", "/channels/whatsapp", Map.of("phoneNumberId", channel.phoneNumberId(),
				"appSecret", "", "version", json.path("version").asInt()), "application/json");
		assertThat(update.status()).as(update.toString()).isEqualTo(200);
		assertThat(update.json().path("appSecret").asString()).isEqualTo("••••" + last4(channel.appSecret()));
		assertThat(update.body()).doesNotContain(channel.appSecret(), channel.accessToken());
		assertThat(channel.deliver("message-text").statusCode()).isEqualTo(200);

		// Nothing changed, so no new version; a real change makes one, and then the old version is stale.
		assertThat(update.json().path("version").asInt()).isEqualTo(json.path("version").asInt());
		var changed = ws.admin().send("PUT", "/channels/whatsapp", Map.of("phoneNumberId", channel.phoneNumberId(),
				"verifyToken", "a-new-verify-token", "version", json.path("version").asInt()), "application/json");
		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		assertThat(changed.json().path("version").asInt()).isEqualTo(json.path("version").asInt() + 1);

		// A stale version is refused.
		var stale = ws.admin().send("PUT", "/channels/whatsapp", Map.of("phoneNumberId", channel.phoneNumberId(),
				"version", json.path("version").asInt()), "application/json");
		assertThat(stale.status()).isEqualTo(409);
		assertThat(stale.text("type")).isEqualTo("/problems/stale-version");
	}

	@Test
	void theFirstSaveNeedsEveryValueAndSaysWhichAreMissing() {
		var ws = newWorkspace();
		var response = ws.admin().send("PUT", "/channels/whatsapp", Map.of("phoneNumberId", "12ab"), "application/json");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		List<String> fields = new ArrayList<>();
		response.json().path("errors").forEach((e) -> fields.add(e.path("field").asString()));
		assertThat(fields).containsExactlyInAnyOrder("phoneNumberId", "verifyToken", "appSecret", "accessToken");
	}

	@Test
	void onlyAdminsSeeOrChangeTheChannel() {
		var ws = newWorkspace();
		TestChannel.setUp(ws.admin(), this.port);
		Api agent = agent(ws);
		var read = agent.get("/channels/whatsapp");
		assertThat(read.status()).isEqualTo(403);
		assertThat(read.contentType()).startsWith("application/problem+json");
		assertThat(agent.send("PUT", "/channels/whatsapp", Map.of("phoneNumberId", "123456789"), "application/json")
			.status()).isEqualTo(403);
		assertThat(ws.admin().get("/channels/whatsapp").json().path("phoneNumberId").asString())
			.isEqualTo(WebhookPayloadsTests.PHONE_NUMBER_ID);
	}

	// --- the webhook -------------------------------------------------------------------------------

	@Test
	void theVerificationHandshakeEchoesTheChallengeOnlyForTheRightToken() {
		var ws = newWorkspace();
		TestChannel channel = TestChannel.setUp(ws.admin(), this.port);
		var ok = channel.handshake(channel.key(), "subscribe", channel.verifyToken(), "1158201444");
		assertThat(ok.statusCode()).isEqualTo(200);
		assertThat(ok.body()).isEqualTo("1158201444");

		var wrong = channel.handshake(channel.key(), "subscribe", "not-the-token", "1158201444");
		assertThat(wrong.statusCode()).isEqualTo(403);
		assertThat(wrong.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		assertThat(wrong.body()).doesNotContain("1158201444").doesNotContain(channel.verifyToken());

		assertThat(channel.handshake("no-such-key", "subscribe", channel.verifyToken(), "1").statusCode()).isEqualTo(404);
	}

	@Test
	void aDeliveryWithoutAValidSignatureIsRefusedAndNothingIsStored() {
		var ws = newWorkspace();
		TestChannel channel = TestChannel.setUp(ws.admin(), this.port);
		byte[] body = WebhookPayloadsTests.payload("message-text");

		var missing = channel.post(channel.key(), body, null);
		assertThat(missing.statusCode()).isEqualTo(401);
		assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		var forged = channel.post(channel.key(), body, WebhookSignatures.sign(body, "some-other-app-secret"));
		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(forged.body()).contains("/problems/signature-mismatch");
		// Signed for another body: the signature covers the raw bytes, so one changed byte fails it.
		byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("another color", "a refund")
			.getBytes(StandardCharsets.UTF_8);
		assertThat(channel.post(channel.key(), tampered, WebhookSignatures.sign(body, channel.appSecret())).statusCode())
			.isEqualTo(403);

		assertThat(storedDeliveries(ws.id())).isZero();
		assertThat(ws.admin().get("/chats?view=all").json().path("items").size()).isZero();
	}

	@Test
	void everyMessageTypeBecomesAMessageInTheCustomersChat() {
		var ws = newWorkspace();
		TestChannel channel = TestChannel.setUp(ws.admin(), this.port);
		List<String> payloads = List.of("message-text", "message-image", "message-document", "message-audio",
				"message-video", "message-sticker", "message-location", "message-contacts",
				"message-interactive-button-reply", "message-interactive-list-reply", "message-button",
				"message-reaction");
		for (String payload : payloads) {
			var response = channel.deliver(payload);
			assertThat(response.statusCode()).as(payload + ": " + response.body()).isEqualTo(200);
		}
		JsonNode chat = eventually(() -> ws.admin().get("/chats?view=all").json().path("items"),
				(items) -> items.size() == 1 && items.get(0).path("unreadCount").asInt() == payloads.size()).get(0);
		assertThat(chat.path("contactName").asString()).isEqualTo("Sheena Nelson");
		assertThat(chat.path("contactPhone").asString()).isEqualTo(CUSTOMER);
		assertThat(chat.path("channel").asString()).isEqualTo("whatsapp");

		JsonNode messages = ws.admin().get("/chats/" + chat.path("id").asString() + "/messages?limit=50").json().path("items");
		List<String> summary = new ArrayList<>();
		messages.forEach((m) -> summary.add(m.path("type").asString() + "|" + m.path("body").asString("")
				+ "|" + m.path("direction").asString()));
		assertThat(summary).containsExactlyInAnyOrder("TEXT|Does it come in another color?|IN",
				"IMAGE|The scratch on the lid|IN", "DOCUMENT|My invoice|IN", "AUDIO||IN",
				"VIDEO|How it looks when it rattles|IN", "STICKER||IN",
				"LOCATION|Meta Headquarters, 1 Hacker Way, Menlo Park, CA 94025|IN",
				"CONTACTS|Barbara J. Johnson (+1 (201) 555-0199)|IN", "REPLY|Change the date|IN",
				"REPLY|Express shipping|IN", "REPLY|Yes, confirm|IN", "REACTION|\uD83D\uDC4D|IN");
		JsonNode document = find(messages, "DOCUMENT");
		assertThat(document.path("media").path("filename").asString()).isEqualTo("invoice-2291.pdf");
		assertThat(document.path("media").path("mimeType").asString()).isEqualTo("application/pdf");
		assertThat(document.path("media").path("mediaId").asString()).isEqualTo("1376223850470843");
		assertThat(document.path("media").path("sha256").asString()).isEqualTo("Ctbo+pgOaWsYTcHBAkN69EIDK8OBPlw43R9zjqOuMHU=");
		assertThat(document.path("externalId").asString()).startsWith("wamid.");
		assertThat(document.path("sentAt").asString()).isEqualTo("2025-06-08T20:59:43Z");
		assertThat(find(messages, "LOCATION").path("media").path("latitude").asDouble()).isEqualTo(37.483307);
		assertThat(this.jdbc.sql("select count(*) from whatsapp_delivery where workspace_id = :ws and processed_at is not null")
			.param("ws", ws.id()).query(Long.class).single()).isEqualTo(payloads.size());
	}

	/**
	 * A photo that came over WhatsApp shows in the thread as a thumbnail with its caption, served from the
	 * product's own address: fetched from the Cloud API with the channel's token, checked against the digest the
	 * webhook announced, sent with a sandboxing policy, and only to the workspace's members.
	 */
	@Test
	void aPhotoFromWhatsAppIsShownInTheThreadFromTheProductsOwnAddress() throws Exception {
		var ws = newWorkspace();
		TestChannel channel = TestChannel.setUp(ws.admin(), this.port);
		byte[] photo = java.util.Base64.getDecoder()
			.decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
		String digest = java.util.Base64.getEncoder()
			.encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(photo));
		String payload = new String(WebhookPayloadsTests.payload("message-image"), StandardCharsets.UTF_8)
			.replace("SBEHVc6rD12Tnk/HJpG71Uh1o8DPGr8cOHtk1VVnQ2c=", digest)
			.replace("image/jpeg", "image/png");
		assertThat(channel.deliver(payload.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
		JsonNode chat = eventually(() -> ws.admin().get("/chats?view=all").json().path("items"),
				(items) -> items.size() == 1).get(0);
		String chatId = chat.path("id").asString();
		String messageId = find(ws.admin().get("/chats/" + chatId + "/messages").json().path("items"), "IMAGE")
			.path("id").asString();
		String address = "/chats/" + chatId + "/messages/" + messageId + "/media";

		var web = com.convonite.support.WebSession.signIn(this.port, ws.adminEmail(), PASSWORD);
		String page = web.get("/chats/" + chatId).body();
		assertThat(page).contains("src=\"" + address + "\"").contains("The scratch on the lid");

		this.cloudApi.media(channel.accessToken(), "1003383421387256", "image/png", photo);
		var file = web.getBytes(address);
		assertThat(file.statusCode()).isEqualTo(200);
		assertThat(file.body()).isEqualTo(photo);
		assertThat(file.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(file.headers().firstValue("Content-Disposition").orElse("")).startsWith("inline");
		assertThat(file.headers().firstValue("Content-Security-Policy").orElse("")).contains("sandbox");
		assertThat(file.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		RecordedRequest lookup = this.cloudApi.takeRequest(channel.accessToken());
		assertThat(lookup.getTarget()).isEqualTo("/" + MockCloudApi.API_VERSION + "/1003383421387256");
		assertThat(this.cloudApi.takeRequest(channel.accessToken()).getTarget()).startsWith("/whatsapp_business/attachments/");

		// Not the file the webhook announced (its digest differs): not handed out.
		this.cloudApi.media(channel.accessToken(), "1003383421387256", "image/png", "<script>x</script>".getBytes());
		assertThat(web.getBytes(address).statusCode()).isEqualTo(404);
		// Another workspace's member gets nothing.
		var stranger = com.convonite.support.WebSession.signIn(this.port, newWorkspace().adminEmail(), PASSWORD);
		assertThat(stranger.getBytes(address).statusCode()).isEqualTo(404);
	}

	@Test
	void aReplayedSignedDeliveryIsAcknowledgedButNotStoredAgain() throws Exception {
		var ws = newWorkspace();
		TestChannel channel = TestChannel.setUp(ws.admin(), this.port);
		byte[] body = WebhookPayloadsTests.payload("message-text");
		var first = channel.deliver(body);
		assertThat(first.statusCode()).isEqualTo(200);
		String firstId = JSON.readTree(first.body()).path("deliveryId").asString();

		// the same signed bytes again, once and then eight at a time (as several instances would receive them)
		var again = channel.deliver(body);
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(again.body()).path("deliveryId").asString()).isEqualTo(firstId);
		var parallel = java.util.concurrent.Executors.newFixedThreadPool(8);
		try {
			var answers = new ArrayList<java.util.concurrent.Future<java.net.http.HttpResponse<String>>>();
			for (int i = 0; i < 8; i++) {
				answers.add(parallel.submit(() -> channel.deliver(body)));
			}
			for (var answer : answers) {
				assertThat(answer.get(15, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			}
		}
		finally {
			parallel.shutdownNow();
		}
		assertThat(storedDeliveries(ws.id())).isEqualTo(1);

		// Another body carrying the same message (Meta re-serialised it) is stored, and dropped by its message id.
		byte[] reserialised = (new String(body, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
		assertThat(channel.deliver(reserialised).statusCode()).isEqualTo(200);
		eventually(() -> this.jdbc.sql("select count(*) from whatsapp_delivery where workspace_id = :ws and processed_at is not null")
			.param("ws", ws.id()).query(Long.class).single(), (n) -> n == 2);
		JsonNode chats = ws.admin().get("/chats?view=all").json().path("items");
		assertThat(chats.size()).isEqualTo(1);
		assertThat(chats.get(0).path("unreadCount").asInt()).isEqualTo(1);
		assertThat(ws.admin().get("/chats/" + chats.get(0).path("id").asString() + "/messages").json().path("items").size())
			.isEqualTo(1);
	}

	@Test
	void aDeliveryIsQueuedInItsOwnTableWithoutAnEventPublication() {
		var ws = newWorkspace();
		TestChannel channel = TestChannel.setUp(ws.admin(), this.port);
		deliverAndWait(ws.id(), channel, "message-text");
		// The stored delivery is what the processing threads drain; acknowledging it writes nothing else, and
		// nothing of the WhatsApp module goes through the event outbox.
		assertThat(this.jdbc.sql("""
				select (select count(*) from event_publication where event_type like 'com.convonite.whatsapp.%')
				     + (select count(*) from event_publication_archive where event_type like 'com.convonite.whatsapp.%')
				""").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("select attempts from whatsapp_delivery where workspace_id = :ws")
			.param("ws", ws.id()).query(Integer.class).single()).isEqualTo(1);
	}

	@Test
	void anAcknowledgedDeliveryLeftUnprocessedIsPickedUpBySweep() {
		var ws = newWorkspace();
		TestChannel.setUp(ws.admin(), this.port);
		// As if the process died right after answering 200: the row is there, nothing was processed.
		this.jdbc.sql("""
				insert into whatsapp_delivery (workspace_id, body, received_at)
				values (:ws, :body, now() - interval '2 minutes')
				""").param("ws", ws.id()).param("body", WebhookPayloadsTests.payload("message-image")).update();
		this.deliveries.sweep();
		JsonNode chats = ws.admin().get("/chats?view=all").json().path("items");
		assertThat(chats.size()).isEqualTo(1);
		assertThat(ws.admin().get("/chats/" + chats.get(0).path("id").asString() + "/messages").json()
			.path("items").get(0).path("type").asString()).isEqualTo("IMAGE");
		assertThat(this.jdbc.sql("select count(*) from whatsapp_delivery where workspace_id = :ws and processed_at is null")
			.param("ws", ws.id()).query(Long.class).single()).isZero();
		// Sweeping again changes nothing.
		this.deliveries.sweep();
		assertThat(ws.admin().get("/chats/" + chats.get(0).path("id").asString() + "/messages").json().path("items").size())
			.isEqualTo(1);
	}

	// --- sending -----------------------------------------------------------------------------------

	@Test
	void sendingPostsExactlyTheDocumentedRequestAndStatusesOnlyMoveForward() throws Exception {
		var ws = newWorkspace();
		TestChannel channel = TestChannel.setUp(ws.admin(), this.port);
		String chatId = assignedChat(ws.admin());
		this.cloudApi.accept(channel.accessToken(), SENT_WAMID);

		var sent = ws.admin().post("/chats/" + chatId + "/messages", body("type", "text", "body", "Yes: red, blue and \"sand\"."));
		assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
		assertThat(sent.text("deliveryStatus")).isEqualTo("PENDING");
		RecordedRequest request = this.cloudApi.takeRequest(channel.accessToken());
		assertThat(request).isNotNull();
		assertThat(request.getMethod()).isEqualTo("POST");
		assertThat(request.getTarget()).isEqualTo("/v23.0/" + channel.phoneNumberId() + "/messages");
		assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + channel.accessToken());
		assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
		assertThat(JSON.readTree(request.getBody().utf8())).isEqualTo(JSON.readTree("""
				{"messaging_product": "whatsapp", "recipient_type": "individual", "to": "12015550142",
				 "type": "text", "text": {"preview_url": false, "body": "Yes: red, blue and \\"sand\\"."}}"""));

		String messageId = sent.id();
		JsonNode message = eventually(() -> message(ws.admin(), chatId, messageId), (m) -> m.path("deliveryStatus").asString().equals("SENT"));
		assertThat(message.path("externalId").asString()).isEqualTo(SENT_WAMID);

		deliverAndWait(ws.id(), channel, "status-delivered");
		assertThat(message(ws.admin(), chatId, messageId).path("deliveryStatus").asString()).isEqualTo("DELIVERED");
		deliverAndWait(ws.id(), channel, "status-read");
		assertThat(message(ws.admin(), chatId, messageId).path("deliveryStatus").asString()).isEqualTo("READ");
		// Late or repeated reports never move it back.
		deliverAndWait(ws.id(), channel, "status-delivered");
		deliverAndWait(ws.id(), channel, "status-sent");
		deliverAndWait(ws.id(), channel, "status-failed");
		JsonNode after = message(ws.admin(), chatId, messageId);
		assertThat(after.path("deliveryStatus").asString()).isEqualTo("READ");
		assertThat(after.path("failureReason").isNull()).isTrue();
		assertThat(this.cloudApi.pendingRequests(channel.accessToken())).isZero();
	}

	@Test
	void aFailedStatusFromWhatsAppCarriesItsReason() {
		var ws = newWorkspace();
		TestChannel channel = TestChannel.setUp(ws.admin(), this.port);
		String chatId = assignedChat(ws.admin());
		this.cloudApi.accept(channel.accessToken(), SENT_WAMID);
		String messageId = ws.admin().post("/chats/" + chatId + "/messages", body("body", "Hello again")).id();
		eventually(() -> message(ws.admin(), chatId, messageId), (m) -> m.path("deliveryStatus").asString().equals("SENT"));
		deliverAndWait(ws.id(), channel, "status-failed");
		JsonNode failed = message(ws.admin(), chatId, messageId);
		assertThat(failed.path("deliveryStatus").asString()).isEqualTo("FAILED");
		assertThat(failed.path("failureReason").asString()).startsWith("Re-engagement message (131047): Message failed");
	}

	@Test
	void aStatusThatOvertakesTheSendIsAppliedLater() {
		var ws = newWorkspace();
		TestChannel channel = TestChannel.setUp(ws.admin(), this.port);
		String chatId = assignedChat(ws.admin());
		assertThat(channel.deliver("status-delivered").statusCode()).isEqualTo(200);
		eventually(() -> this.jdbc.sql("select coalesce(outcome, '') from whatsapp_delivery where workspace_id = :ws")
			.param("ws", ws.id()).query(String.class).single(), (o) -> o.contains("not known yet"));
		assertThat(storedDeliveries(ws.id())).isEqualTo(1);

		this.cloudApi.accept(channel.accessToken(), SENT_WAMID);
		String messageId = ws.admin().post("/chats/" + chatId + "/messages", body("body", "Your parcel left today")).id();
		eventually(() -> message(ws.admin(), chatId, messageId), (m) -> m.path("deliveryStatus").asString().equals("SENT"));
		this.jdbc.sql("update whatsapp_delivery set received_at = now() - interval '1 minute' where workspace_id = :ws")
			.param("ws", ws.id()).update();
		this.deliveries.sweep();
		assertThat(message(ws.admin(), chatId, messageId).path("deliveryStatus").asString()).isEqualTo("DELIVERED");
	}

	@Test
	void aRefusedSendIsMarkedFailedWithWhatsAppsReasonThenRetriedSuccessfully() throws Exception {
		var ws = newWorkspace();
		TestChannel channel = TestChannel.setUp(ws.admin(), this.port);
		String chatId = assignedChat(ws.admin());
		this.cloudApi.answer(channel.accessToken(), MockCloudApi.json(400, """
				{"error": {"message": "(#131030) Recipient phone number not in allowed list", "type": "OAuthException",
				 "code": 131030, "error_data": {"messaging_product": "whatsapp",
				 "details": "Recipient phone number not in allowed list: Add recipient phone number to recipient list and try again."},
				 "error_subcode": 2655007, "fbtrace_id": "Az8or2yhqkZfEZ-_4Qn_Bam"}}"""));
		String messageId = ws.admin().post("/chats/" + chatId + "/messages", body("body", "See you tomorrow")).id();
		JsonNode failed = eventually(() -> message(ws.admin(), chatId, messageId),
				(m) -> m.path("deliveryStatus").asString().equals("FAILED"));
		assertThat(failed.path("failureReason").asString()).isEqualTo("WhatsApp refused the message (HTTP 400): "
				+ "(#131030) Recipient phone number not in allowed list — Recipient phone number not in allowed list: "
				+ "Add recipient phone number to recipient list and try again.");
		assertThat(this.cloudApi.takeRequest(channel.accessToken())).isNotNull();

		// Only the assignee retries, and only a failed message.
		Api agent = agent(ws);
		assertThat(agent.post("/chats/" + chatId + "/messages/" + messageId + "/retry").status()).isEqualTo(403);

		this.cloudApi.accept(channel.accessToken(), SENT_WAMID);
		var retried = ws.admin().post("/chats/" + chatId + "/messages/" + messageId + "/retry");
		assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
		assertThat(retried.text("deliveryStatus")).isEqualTo("PENDING");
		assertThat(retried.text("failureReason")).isNull();
		RecordedRequest again = this.cloudApi.takeRequest(channel.accessToken());
		assertThat(JSON.readTree(again.getBody().utf8()).path("text").path("body").asString()).isEqualTo("See you tomorrow");
		JsonNode sent = eventually(() -> message(ws.admin(), chatId, messageId),
				(m) -> m.path("deliveryStatus").asString().equals("SENT"));
		assertThat(sent.path("externalId").asString()).isEqualTo(SENT_WAMID);

		var notFailed = ws.admin().post("/chats/" + chatId + "/messages/" + messageId + "/retry");
		assertThat(notFailed.status()).isEqualTo(409);
		assertThat(notFailed.text("type")).isEqualTo("/problems/message-not-failed");
	}

	@Autowired
	WhatsAppSender sender;

	/**
	 * The same send delivered twice at once (the outbox resubmits an event still waiting on a busy instance while
	 * another runs it) calls the Cloud API once: the customer gets the message once. The sender checked only that
	 * the message was still PENDING, which both deliveries saw while the first waited for WhatsApp's answer.
	 */
	@Test
	void aSendDeliveredTwiceAtOnceReachesWhatsAppOnce() throws Exception {
		var ws = newWorkspace();
		TestChannel channel = TestChannel.setUp(ws.admin(), this.port);
		String chatId = assignedChat(ws.admin());
		this.cloudApi.answer(channel.accessToken(), new mockwebserver3.MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/json")
			.headersDelay(1200, java.util.concurrent.TimeUnit.MILLISECONDS)
			.body("""
					{"messaging_product":"whatsapp","contacts":[{"input":"12015550142","wa_id":"12015550142"}],
					 "messages":[{"id":"%s"}]}""".formatted(SENT_WAMID))
			.build());
		String messageId = ws.admin().post("/chats/" + chatId + "/messages", body("body", "Once, please")).id();
		assertThat(this.cloudApi.takeRequest(channel.accessToken())).as("the first send").isNotNull();

		// while WhatsApp has not answered the first, the same event again
		try {
			com.convonite.shared.WorkspaceScope.run(ws.id(),
					() -> this.sender.send(ws.id(), Long.parseLong(chatId), Long.parseLong(messageId)));
		}
		catch (RuntimeException ex) {
			// told to come back later: what a second delivery of the event may be told
		}
		JsonNode sent = eventually(() -> message(ws.admin(), chatId, messageId),
				(m) -> m.path("deliveryStatus").asString().equals("SENT"));
		assertThat(sent.path("externalId").asString()).isEqualTo(SENT_WAMID);
		Thread.sleep(500);
		assertThat(this.cloudApi.pendingRequests(channel.accessToken())).as("requests to WhatsApp after the first")
			.isZero();
	}

	@Test
	void aCloudApiThatDoesNotAnswerInTimeFailsTheMessage() {
		var ws = newWorkspace();
		TestChannel channel = TestChannel.setUp(ws.admin(), this.port);
		String chatId = assignedChat(ws.admin());
		this.cloudApi.answer(channel.accessToken(), new MockResponse.Builder().code(200)
			.headersDelay(6, TimeUnit.SECONDS)
			.body("{\"messages\":[{\"id\":\"wamid.late\"}]}")
			.build());
		String messageId = ws.admin().post("/chats/" + chatId + "/messages", body("body", "Are you there?")).id();
		JsonNode failed = eventually(() -> message(ws.admin(), chatId, messageId),
				(m) -> m.path("deliveryStatus").asString().equals("FAILED"));
		assertThat(failed.path("failureReason").asString()).startsWith("WhatsApp did not answer within 2 seconds");
	}

	@Test
	void sendingWithoutAChannelFailsWithAReasonThatSaysSo() {
		var ws = newWorkspace();
		String chatId = assignedChat(ws.admin());
		String messageId = ws.admin().post("/chats/" + chatId + "/messages", body("body", "Hello")).id();
		JsonNode failed = eventually(() -> message(ws.admin(), chatId, messageId),
				(m) -> m.path("deliveryStatus").asString().equals("FAILED"));
		assertThat(failed.path("failureReason").asString()).contains("WhatsApp channel is not set up");
	}

	// --- workspaces never meet ---------------------------------------------------------------------

	@Test
	void anotherWorkspacesChannelAndMessagesAreOutOfReach() {
		var mine = newWorkspace();
		var theirs = newWorkspace();
		TestChannel myChannel = TestChannel.setUp(mine.admin(), this.port);
		TestChannel theirChannel = TestChannel.setUp(theirs.admin(), this.port);
		assertThat(myChannel.key()).isNotEqualTo(theirChannel.key());

		// Their key with my secret: refused, nothing stored anywhere.
		byte[] body = WebhookPayloadsTests.payload("message-text");
		assertThat(myChannel.post(theirChannel.key(), body, WebhookSignatures.sign(body, myChannel.appSecret())).statusCode())
			.isEqualTo(403);
		assertThat(myChannel.handshake(theirChannel.key(), "subscribe", myChannel.verifyToken(), "42").statusCode())
			.isEqualTo(403);
		assertThat(storedDeliveries(theirs.id())).isZero();
		assertThat(storedDeliveries(mine.id())).isZero();
		var unknown = myChannel.post("x" + myChannel.key(), body, WebhookSignatures.sign(body, myChannel.appSecret()));
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

		// A delivery to my channel lands in my workspace only.
		assertThat(myChannel.deliver("message-text").statusCode()).isEqualTo(200);
		eventually(() -> mine.admin().get("/chats?view=all").json().path("items").size(), (n) -> n == 1);
		assertThat(theirs.admin().get("/chats?view=all").json().path("items").size()).isZero();

		// Their failed message cannot be retried from my workspace: 404, as if it did not exist.
		String theirChat = assignedChat(theirs.admin());
		String theirMessage = theirs.admin().post("/chats/" + theirChat + "/messages", body("body", "Hi")).id();
		eventually(() -> message(theirs.admin(), theirChat, theirMessage),
				(m) -> m.path("deliveryStatus").asString().equals("FAILED"));
		var foreignChat = mine.admin().post("/chats/" + theirChat + "/messages/" + theirMessage + "/retry");
		assertThat(foreignChat.status()).isEqualTo(404);
		assertThat(foreignChat.body()).doesNotContain("Hi");
		String myChat = mine.admin().get("/chats?view=all").json().path("items").get(0).path("id").asString();
		assertThat(mine.admin().post("/chats/" + myChat + "/messages/" + theirMessage + "/retry").status()).isEqualTo(404);
		assertThat(message(theirs.admin(), theirChat, theirMessage).path("deliveryStatus").asString()).isEqualTo("FAILED");
	}

	@Test
	void theOpenApiDocumentDescribesTheNewEndpoints() {
		var doc = anonymous().getFromRoot("/v3/api-docs").json().path("paths");
		assertThat(doc.has("/api/v1/channels/whatsapp")).isTrue();
		assertThat(doc.has("/api/v1/chats/{id}/messages/{messageId}/retry")).isTrue();
	}

	// --- helpers -----------------------------------------------------------------------------------

	/** A chat with the payloads' customer, written to just now, assigned to the given member. */
	private String assignedChat(Api member) {
		var delivered = Inbound.deliver(member, CUSTOMER, "Sheena Nelson", "Is my order on its way?",
				OffsetDateTime.now().minusMinutes(1));
		var assigned = member.post("/chats/" + delivered.chatId() + "/assign", body("assigneeId", member.memberId));
		assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
		return delivered.chatId();
	}

	private void deliverAndWait(long workspaceId, TestChannel channel, String payload) {
		var response = channel.deliver(payload);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		String id = JSON.readTree(response.body()).path("deliveryId").asString();
		eventually(() -> this.jdbc.sql("select count(*) from whatsapp_delivery where workspace_id = :ws and id = :id and processed_at is not null")
			.param("ws", workspaceId).param("id", Long.parseLong(id)).query(Long.class).single(), (n) -> n == 1);
	}

	private static JsonNode message(Api api, String chatId, String messageId) {
		for (JsonNode m : api.get("/chats/" + chatId + "/messages?limit=200").json().path("items")) {
			if (m.path("id").asString().equals(messageId)) {
				return m;
			}
		}
		throw new AssertionError("No message " + messageId + " in chat " + chatId);
	}

	private static JsonNode find(JsonNode messages, String type) {
		for (JsonNode m : messages) {
			if (m.path("type").asString().equals(type)) {
				return m;
			}
		}
		throw new AssertionError("No " + type + " message");
	}

	private long storedDeliveries(long workspaceId) {
		return this.jdbc.sql("select count(*) from whatsapp_delivery where workspace_id = :ws")
			.param("ws", workspaceId).query(Long.class).single();
	}

	private static String last4(String secret) {
		return secret.substring(secret.length() - 4);
	}

	static <T> T eventually(Supplier<T> probe, Predicate<T> done) {
		long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		T value = probe.get();
		while (!done.test(value)) {
			if (System.nanoTime() > end) {
				throw new AssertionError("Not reached within 15 s; last seen: " + value);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
			value = probe.get();
		}
		return value;
	}

}
