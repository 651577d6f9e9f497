package com.convonite.conversation;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;
import com.convonite.support.Inbound.Delivered;
import com.convonite.support.WebSession;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Custom conversation fields over the API: definitions, every type's values and errors, requirements, archive. */
class ConversationFieldsIntegrationTests extends ApiIntegrationTest {

	TestWorkspace workspace;

	Api admin;

	Delivered chat;

	String purposeId;

	@BeforeEach
	void workspaceWithAChat() {
		this.workspace = newWorkspace();
		this.admin = this.workspace.admin();
		this.chat = Inbound.deliver(this.admin, Inbound.phone(), "Rita", "Hello?", OffsetDateTime.now(ZoneOffset.UTC));
		this.purposeId = this.admin.get("/purposes").json().get(0).path("id").asString();
	}

	private JsonNode field(String key, String type, String requirement, String... options) {
		var added = this.admin.post("/conversation-fields", body("key", key, "name", key.replace('_', ' ') + " field",
				"type", type, "requirement", requirement, "helpText", "About " + key,
				"options", (options.length > 0) ? List.of(options) : null));
		assertThat(added.status()).as(added.toString()).isEqualTo(201);
		return added.json();
	}

	private Api.Response log(Map<String, Object> fields, Object... more) {
		Map<String, Object> request = body("chatId", this.chat.chatId(), "subject", "Call back", "purposeId",
				this.purposeId, "fields", fields);
		request.putAll(body(more));
		return this.admin.post("/conversations", request);
	}

	private static List<String> errorFields(Api.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		return response.json().path("errors").findValuesAsString("field");
	}

	private void everyType() {
		field("topic", "TEXT", "OPTIONAL");
		field("notes", "LONG_TEXT", "OPTIONAL");
		field("order_total", "NUMBER", "OPTIONAL");
		field("visit_date", "DATE", "OPTIONAL");
		field("channel", "SINGLE_SELECT", "OPTIONAL", "Phone", "Email", "Walk-in");
		field("tags", "MULTI_SELECT", "OPTIONAL", "VIP", "Wholesale", "New");
		field("callback", "CHECKBOX", "OPTIONAL");
	}

	@Test
	void everyTypeIsStoredInItsOwnFormAndShownOnEveryView() {
		everyType();
		var logged = log(body("topic", "  Blender  ", "notes", "Line one\r\nLine two", "order_total", "12.50",
				"visit_date", "2026-03-02", "channel", "phone", "tags", List.of("New", "VIP"), "callback", true));
		assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
		JsonNode fields = logged.json().path("fields");
		assertThat(fields.path("topic").asString()).isEqualTo("Blender");
		assertThat(fields.path("notes").asString()).isEqualTo("Line one\nLine two");
		assertThat(fields.path("order_total").decimalValue()).isEqualByComparingTo("12.5");
		assertThat(fields.path("visit_date").asString()).isEqualTo("2026-03-02");
		assertThat(fields.path("channel").asString()).as("the choice as defined").isEqualTo("Phone");
		assertThat(fields.path("tags").valueStream().map(JsonNode::asString).toList()).as("in the field's order")
			.containsExactly("VIP", "New");
		assertThat(fields.path("callback").asBoolean()).isTrue();

		String id = logged.id();
		assertThat(this.admin.get("/conversations/" + id).json().path("fields")).isEqualTo(fields);
		assertThat(this.admin.get("/conversations?chatId=" + this.chat.chatId()).json().path("items").get(0).path("fields"))
			.isEqualTo(fields);

		var changed = this.admin.patch("/conversations/" + id, body("version", 0, "fields",
				body("channel", "Email", "order_total", 99, "notes", null)));
		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		JsonNode after = changed.json().path("fields");
		assertThat(after.path("channel").asString()).isEqualTo("Email");
		assertThat(after.path("order_total").asInt()).isEqualTo(99);
		assertThat(after.has("notes")).as("null clears").isFalse();
		assertThat(after.path("topic").asString()).as("keys left out stay").isEqualTo("Blender");

		JsonNode history = this.admin.get("/conversations/" + id + "/history").json();
		JsonNode last = history.get(history.size() - 1).path("changes");
		assertThat(last.findValuesAsString("field")).containsExactly("fields.notes", "fields.order_total",
				"fields.channel");
		assertThat(last.get(2).path("from").asString()).isEqualTo("Phone");
		assertThat(last.get(2).path("to").asString()).isEqualTo("Email");
		assertThat(last.get(1).path("from").asString()).isEqualTo("12.5");
		assertThat(history.get(0).path("changes").findValuesAsString("field")).contains("fields.tags", "fields.callback");
	}

	@Test
	void badValuesAreRefusedByTypeWithTheFieldNamedAndNothingSaved() {
		everyType();
		var refused = log(body("topic", 12, "notes", List.of("x"), "order_total", "twelve", "visit_date", "02/03/2026",
				"channel", "Fax", "tags", List.of("VIP", "Gold"), "callback", "maybe", "nonsense", "x"));
		assertThat(errorFields(refused)).containsExactlyInAnyOrder("fields.topic", "fields.notes", "fields.order_total",
				"fields.visit_date", "fields.channel", "fields.tags", "fields.callback", "fields.nonsense");
		String messages = refused.json().path("errors").toString();
		assertThat(messages).contains("must be a number").contains("YYYY-MM-DD").contains("Phone, Email, Walk-in")
			.contains("true or false").contains("is not a conversation field");
		assertThat(this.admin.get("/conversations?chatId=" + this.chat.chatId()).json().path("total").asInt()).isZero();

		String id = log(body("order_total", 3)).id();
		var patch = this.admin.patch("/conversations/" + id, body("version", 0, "fields", body("order_total", "3,5")));
		assertThat(errorFields(patch)).containsExactly("fields.order_total");
		assertThat(this.admin.get("/conversations/" + id).json().path("fields").path("order_total").asInt()).isEqualTo(3);
		assertThat(errorFields(this.admin.patch("/conversations/" + id, body("version", 0, "fields", "x"))))
			.containsExactly("fields");
	}

	@Test
	void aFieldRequiredWhenLoggingMustBeGivenAndCannotBeCleared() {
		field("channel", "SINGLE_SELECT", "REQUIRED_ON_LOG", "Phone", "Email");
		field("callback", "CHECKBOX", "REQUIRED_ON_LOG");
		var refused = log(body("callback", false));
		assertThat(errorFields(refused)).containsExactlyInAnyOrder("fields.channel", "fields.callback");
		String id = log(body("channel", "Email", "callback", true)).id();
		var cleared = this.admin.patch("/conversations/" + id, body("version", 0, "fields", body("channel", "")));
		assertThat(errorFields(cleared)).containsExactly("fields.channel");
		assertThat(this.admin.patch("/conversations/" + id, body("version", 0, "subject", "Other")).status())
			.as("an edit that leaves the field alone").isEqualTo(200);
	}

	@Test
	void aFieldRequiredWhenClosingIsAskedForOnlyWhenTheConversationCloses() {
		field("outcome", "SINGLE_SELECT", "REQUIRED_ON_CLOSE", "Sold", "Lost");
		var open = log(body());
		assertThat(open.status()).as("logging it open needs no outcome").isEqualTo(201);
		var close = this.admin.post("/conversations/" + open.id() + "/close");
		assertThat(errorFields(close)).containsExactly("fields.outcome");
		assertThat(close.json().path("errors").get(0).path("message").asString())
			.isEqualTo("is required to close the conversation");
		assertThat(this.admin.get("/conversations/" + open.id()).text("status")).isEqualTo("OPEN");
		var closed = this.admin.patch("/conversations/" + open.id(),
				body("version", 0, "status", "CLOSED", "fields", body("outcome", "Sold")));
		assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
		assertThat(closed.text("status")).isEqualTo("CLOSED");
		var cleared = this.admin.patch("/conversations/" + open.id(), body("version", 1, "fields", body("outcome", null)));
		assertThat(errorFields(cleared)).as("a closed conversation keeps what closing asked for")
			.containsExactly("fields.outcome");
	}

	@Test
	void archivedFieldsAndChoicesKeepTheirValuesButTakeNoNewOnes() {
		JsonNode channel = field("channel", "SINGLE_SELECT", "OPTIONAL", "Phone", "Fax");
		JsonNode topic = field("topic", "TEXT", "REQUIRED_ON_LOG");
		String id = log(body("channel", "Fax", "topic", "Old")).id();
		String fax = channel.path("options").get(1).path("id").asString();
		var archivedOption = this.admin.patch("/conversation-fields/" + channel.path("id").asString() + "/options/" + fax,
				body("archived", true));
		assertThat(archivedOption.status()).as(archivedOption.toString()).isEqualTo(200);
		var archivedField = this.admin.patch("/conversation-fields/" + topic.path("id").asString(),
				body("version", 0, "archived", true));
		assertThat(archivedField.status()).as(archivedField.toString()).isEqualTo(200);

		JsonNode old = this.admin.get("/conversations/" + id).json().path("fields");
		assertThat(old.path("channel").asString()).isEqualTo("Fax");
		assertThat(old.path("topic").asString()).isEqualTo("Old");
		assertThat(this.admin.patch("/conversations/" + id, body("version", 0, "subject", "Still editable")).status())
			.isEqualTo(200);
		assertThat(this.admin.get("/conversations/" + id).json().path("fields")).isEqualTo(old);

		var newOne = log(body("channel", "Fax", "topic", "New"));
		assertThat(errorFields(newOne)).containsExactlyInAnyOrder("fields.channel", "fields.topic");
		assertThat(log(body("channel", "Phone")).status()).as("an archived field is no longer required").isEqualTo(201);
		assertThat(this.admin.get("/conversation-fields?active=true").json().findValuesAsString("key"))
			.containsExactly("channel");
	}

	@Test
	void definitionsAreCheckedAndOnlyAdminsChangeThem() {
		assertThat(errorFields(this.admin.post("/conversation-fields", body("key", "Bad Key", "name", "", "type", null))))
			.containsExactlyInAnyOrder("key", "name", "type");
		assertThat(errorFields(this.admin.post("/conversation-fields", body("key", "channel", "name", "Channel",
				"type", "SINGLE_SELECT")))).containsExactly("options");
		assertThat(errorFields(this.admin.post("/conversation-fields", body("key", "channel", "name", "Channel",
				"type", "SINGLE_SELECT", "options", List.of("A, B"))))).containsExactly("options");
		JsonNode channel = field("channel", "SINGLE_SELECT", "OPTIONAL", "Phone");
		assertThat(errorFields(this.admin.post("/conversation-fields", body("key", "channel", "name", "Other",
				"type", "TEXT")))).containsExactly("key");
		assertThat(errorFields(this.admin.post("/conversation-fields", body("key", "other", "name", "CHANNEL FIELD",
				"type", "TEXT")))).containsExactly("name");
		String fieldId = channel.path("id").asString();
		var withOption = this.admin.post("/conversation-fields/" + fieldId + "/options", body("label", "Email"));
		assertThat(withOption.status()).isEqualTo(201);
		String email = withOption.json().path("options").get(1).path("id").asString();
		var moved = this.admin.patch("/conversation-fields/" + fieldId + "/options/" + email, body("position", 1));
		assertThat(moved.json().path("options").findValuesAsString("label")).containsExactly("Email", "Phone");

		Api agent = agent(this.workspace);
		assertThat(agent.get("/conversation-fields").json().findValuesAsString("key")).containsExactly("channel");
		assertThat(agent.post("/conversation-fields", body("key", "x", "name", "X", "type", "TEXT")).status()).isEqualTo(403);
		assertThat(agent.patch("/conversation-fields/" + fieldId, body("version", 0, "name", "Mine")).status()).isEqualTo(403);
		assertThat(agent.post("/conversation-fields/" + fieldId + "/options", body("label", "Mine")).status()).isEqualTo(403);
		assertThat(agent.send("PUT", "/closing-rules", body("required", List.of("summary")), "application/json").status())
			.isEqualTo(403);
		var renamed = this.admin.patch("/conversation-fields/" + fieldId, body("version", 2, "name", "Channel",
				"requirement", "REQUIRED_ON_CLOSE", "position", 1));
		assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
		assertThat(renamed.text("requirement")).isEqualTo("REQUIRED_ON_CLOSE");
		assertThat(this.admin.patch("/conversation-fields/" + fieldId, body("version", 0, "name", "Stale")).status())
			.isEqualTo(409);
	}

	@Test
	void selectAndCheckboxFieldsFilterTheListAndEveryFieldHasAColumnInTheExport() {
		field("channel", "SINGLE_SELECT", "OPTIONAL", "Phone", "Email");
		field("tags", "MULTI_SELECT", "OPTIONAL", "VIP", "New");
		field("callback", "CHECKBOX", "OPTIONAL");
		String phoneVip = log(body("channel", "Phone", "tags", List.of("VIP"), "callback", true), "subject", "one").id();
		String emailNew = log(body("channel", "Email", "tags", List.of("New", "VIP")), "subject", "two").id();
		String nothing = log(body(), "subject", "three").id();
		assertThat(ids("field=channel:phone")).containsExactly(phoneVip);
		assertThat(ids("field=channel:Phone&field=channel:Email")).containsExactlyInAnyOrder(phoneVip, emailNew);
		assertThat(ids("field=tags:VIP")).containsExactlyInAnyOrder(phoneVip, emailNew);
		assertThat(ids("field=tags:VIP&field=channel:Email")).containsExactly(emailNew);
		assertThat(ids("field=callback:true")).containsExactly(phoneVip);
		assertThat(ids("field=callback:false")).containsExactlyInAnyOrder(emailNew, nothing);
		assertThat(errorFields(this.admin.get("/conversations?field=channel:Fax"))).containsExactly("field");
		assertThat(errorFields(this.admin.get("/conversations?field=nope:x"))).containsExactly("field");

		WebSession web = WebSession.signIn(this.port, this.workspace.adminEmail(), PASSWORD);
		String tab = web.get("/conversations?field=channel:Phone").body();
		assertThat(tab).contains("/conversations/" + phoneVip + "\"").doesNotContain("/conversations/" + emailNew + "\"")
			.containsPattern("value=\"channel:Phone\"[^>]*checked").contains("value=\"callback:false\"");

		var csv = this.admin.get("/conversations/export?field=tags:New");
		assertThat(csv.status()).isEqualTo(200);
		List<String> lines = csv.body().lines().toList();
		assertThat(lines.get(0)).endsWith(",version,field_channel,field_tags,field_callback");
		assertThat(lines).hasSize(2);
		assertThat(lines.get(1)).endsWith(",Email,\"VIP, New\",");
	}

	@Test
	void theSettingsPageAddsArrangesAndRefusesWithTheMessageAtTheField() {
		WebSession web = WebSession.signIn(this.port, this.workspace.adminEmail(), PASSWORD);
		var added = web.postForm("/settings/conversation-fields", Map.of("name", "Outcome", "key", "outcome", "type",
				"SINGLE_SELECT", "requirement", "REQUIRED_ON_CLOSE", "helpText", "How it ended", "options",
				"Sold\r\nLost\r\nUndecided"));
		assertThat(added.statusCode()).as(added.body()).isEqualTo(302);
		JsonNode field = this.admin.get("/conversation-fields").json().get(0);
		assertThat(field.path("options").findValuesAsString("label")).containsExactly("Sold", "Lost", "Undecided");
		String fieldId = field.path("id").asString();
		String undecided = field.path("options").get(2).path("id").asString();
		var moved = web.postForm("/settings/conversation-fields/" + fieldId + "/options/" + undecided,
				Map.of("position", "2"));
		assertThat(moved.statusCode()).as(moved.body()).isEqualTo(302);
		var archived = web.postForm("/settings/conversation-fields/" + fieldId + "/options/" + undecided,
				Map.of("archived", "true"));
		assertThat(archived.statusCode()).isEqualTo(302);
		field = this.admin.get("/conversation-fields/" + fieldId).json();
		assertThat(field.path("options").findValuesAsString("label")).containsExactly("Sold", "Undecided", "Lost");
		assertThat(field.path("options").get(1).path("archived").asBoolean()).isTrue();

		var refused = web.postForm("/settings/conversation-fields", Map.of("name", "Outcome", "key", "Out come",
				"type", "TEXT"));
		assertThat(refused.statusCode()).isEqualTo(200);
		assertThat(refused.body()).contains("id=\"field-error\"").contains("must be lower-case letters")
			.contains("value=\"Out come\"");
		var rules = web.postForm("/settings/closing-rules", Map.of("required", "summary"));
		assertThat(rules.statusCode()).isEqualTo(302);
		assertThat(this.admin.get("/closing-rules").json().path("required").get(0).asString()).isEqualTo("summary");
		String page = web.get("/settings/conversation-fields").body();
		assertThat(page).contains("Also required to close: Outcome").contains("aria-label=\"Unarchive Undecided\"");
	}

	private List<String> ids(String query) {
		var page = this.admin.get("/conversations?chatId=" + this.chat.chatId() + "&" + query);
		assertThat(page.status()).as(page.toString()).isEqualTo(200);
		return page.json().path("items").findValuesAsString("id");
	}

}
