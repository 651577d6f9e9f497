package com.convonite.support;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One record of every kind the API serves, made through the API in one workspace, each carrying a marker
 * word that the isolation and hostile-input tests look for in other workspaces' answers. {@link #ids} maps the
 * collection name of a path ({@code chats} in {@code /chats/{id}}) to this workspace's record of that kind.
 */
public final class WorkspaceFixture {

	public final String marker;

	public final String phone;

	public final Map<String, String> ids = new LinkedHashMap<>();

	private WorkspaceFixture(String marker, String phone) {
		this.marker = marker;
		this.phone = phone;
	}

	/** Fills the workspace of {@code admin}, an admin's API client. */
	public static WorkspaceFixture fill(Api admin) {
		String marker = "Zanzibar" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		WorkspaceFixture fixture = new WorkspaceFixture(marker, Inbound.phone());
		String webhook = created(admin.post("/webhooks", Map.of("url", "http://127.0.0.1:9/" + marker, "description",
				marker + " hook", "eventTypes", java.util.List.of("conversation.logged"))), 201).id();
		fixture.put("webhooks", webhook);
		// the summary provider's settings, switched off (nothing is sent anywhere while the probes run)
		created(admin.send("PUT", "/settings/summary-provider", Map.of("baseUrl", "http://127.0.0.1:9/" + marker,
				"model", marker + "-model", "apiKey", marker + "-key"), "application/json"), 200);
		var delivered = Inbound.deliver(admin, fixture.phone, marker + " Customer", marker + " hello there",
				OffsetDateTime.now().minusMinutes(5));
		fixture.put("chats", delivered.chatId());
		fixture.put("contacts", delivered.contactId());
		created(admin.post("/chats/" + delivered.chatId() + "/assign", Map.of("assigneeId", admin.memberId)), 200);
		fixture.put("messages", created(admin.post("/chats/" + delivered.chatId() + "/messages",
				Map.of("type", "TEXT", "body", marker + " our reply")), 201).id());
		fixture.put("purposes", created(admin.post("/purposes", Map.of("name", marker + " purpose")), 201).id());
		String fieldKey = "f" + marker.substring("Zanzibar".length()).toLowerCase();
		var field = created(admin.post("/conversation-fields", Map.of("key", fieldKey, "name", marker + " field", "type",
				"SINGLE_SELECT", "helpText", marker + " help", "options", java.util.List.of(marker + " choice"))), 201);
		fixture.put("conversation-fields", field.id());
		fixture.put("options", field.json().path("options").get(0).path("id").asString());
		var member = created(admin.post("/members", Map.of("name", marker + " Member", "email",
				marker.toLowerCase() + "@example.com", "password", ApiIntegrationTest.PASSWORD, "role", "AGENT")), 201);
		fixture.put("members", member.id());
		var conversation = created(admin.post("/conversations", Map.of("chatId", delivered.chatId(), "subject",
				marker + " subject", "summary", marker + " summary", "purposeId", fixture.ids.get("purposes"),
				"fields", Map.of(fieldKey, marker + " choice"),
				"followUpTask", Map.of("title", marker + " task", "dueAt", OffsetDateTime.now().plusDays(1).toString()))),
				201);
		fixture.put("conversations", conversation.id());
		// closed an hour before the one above started, with the same contact and purpose: recontacted, so that the
		// recontact report has something of this workspace's to count (and so to leak)
		created(admin.post("/conversations", Map.of("chatId", delivered.chatId(), "subject", marker + " earlier",
				"purposeId", fixture.ids.get("purposes"), "status", "CLOSED", "startTime",
				OffsetDateTime.now().minusHours(3).toString(), "endTime", OffsetDateTime.now().minusHours(1).toString())),
				201);
		// the chat closed (with a conversation logged since it was opened) and reopened: the Chats and logging
		// coverage reports and the chat history have a time it was open, and one it was closed, to count (and leak)
		created(admin.post("/chats/" + delivered.chatId() + "/close"), 200);
		created(admin.post("/chats/" + delivered.chatId() + "/reopen"), 200);
		fixture.put("tasks", conversation.json().path("followUpTask").path("id").asString());
		fixture.put("tokens", created(admin.post("/tokens", Map.of("name", marker + " token")), 201).id());
		fixture.put("imports", created(admin.raw("POST", "/contacts/imports?fileName=" + marker + ".csv",
				"name,phone\n" + marker + " Imported," + Inbound.phone() + "\n", "text/csv"), 202).id());
		eventually("the contact import to finish",
				() -> !"IN_PROGRESS".equals(admin.get("/contacts/imports/" + fixture.ids.get("imports")).text("status")));
		fixture.put("deliveries", firstDelivery(admin, webhook));
		return fixture;
	}

	/** The delivery that logging the conversation made for the endpoint; it is prepared just after the commit. */
	private static String firstDelivery(Api admin, String webhook) {
		String[] id = new String[1];
		eventually("a webhook delivery for the logged conversation", () -> {
			var items = created(admin.get("/webhooks/" + webhook + "/deliveries"), 200).json().path("items");
			id[0] = items.isEmpty() ? null : items.get(0).path("id").asString();
			return id[0] != null;
		});
		return id[0];
	}

	private static void eventually(String what, java.util.function.BooleanSupplier done) {
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
		while (System.nanoTime() < deadline) {
			if (done.getAsBoolean()) {
				return;
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new AssertionError("Waited 30 s for " + what);
	}

	private void put(String kind, String id) {
		assertThat(id).as(kind + " id").isNotBlank();
		this.ids.put(kind, id);
	}

	private static Api.Response created(Api.Response response, int status) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		return response;
	}

}
