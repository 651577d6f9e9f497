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
		var delivered = Inbound.deliver(admin, fixture.phone, marker + " Customer", marker + " hello there",
				OffsetDateTime.now().minusMinutes(5));
		fixture.put("chats", delivered.chatId());
		fixture.put("contacts", delivered.contactId());
		created(admin.post("/chats/" + delivered.chatId() + "/assign", Map.of("assigneeId", admin.memberId)), 200);
		fixture.put("messages", created(admin.post("/chats/" + delivered.chatId() + "/messages",
				Map.of("type", "TEXT", "body", marker + " our reply")), 201).id());
		fixture.put("purposes", created(admin.post("/purposes", Map.of("name", marker + " purpose")), 201).id());
		var member = created(admin.post("/members", Map.of("name", marker + " Member", "email",
				marker.toLowerCase() + "@example.com", "password", ApiIntegrationTest.PASSWORD, "role", "AGENT")), 201);
		fixture.put("members", member.id());
		var conversation = created(admin.post("/conversations", Map.of("chatId", delivered.chatId(), "subject",
				marker + " subject", "summary", marker + " summary", "purposeId", fixture.ids.get("purposes"),
				"followUpTask", Map.of("title", marker + " task", "dueAt", OffsetDateTime.now().plusDays(1).toString()))),
				201);
		fixture.put("conversations", conversation.id());
		fixture.put("tasks", conversation.json().path("followUpTask").path("id").asString());
		fixture.put("tokens", created(admin.post("/tokens", Map.of("name", marker + " token")), 201).id());
		return fixture;
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
