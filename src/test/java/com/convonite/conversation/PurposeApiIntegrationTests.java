package com.convonite.conversation;

import java.time.OffsetDateTime;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PurposeApiIntegrationTests extends ApiIntegrationTest {

	@Test
	void aNewWorkspaceStartsWithEnquiryIssueAndFeedback() {
		var workspace = newWorkspace();
		assertThat(workspace.admin().get("/purposes").json().findValuesAsString("name")).containsExactly("Enquiry",
				"Issue", "Feedback");
	}

	@Test
	void adminsAddRenameReorderAndArchive() {
		var workspace = newWorkspace();
		Api admin = workspace.admin();
		var added = admin.post("/purposes", body("name", "Price negotiation"));
		assertThat(added.status()).isEqualTo(201);
		assertThat(added.json().path("position").asInt()).isEqualTo(4);
		var renamed = admin.patch("/purposes/" + added.id(), body("version", 0, "name", "Negotiation"));
		assertThat(renamed.text("name")).isEqualTo("Negotiation");
		var moved = admin.patch("/purposes/" + added.id(), body("version", 1, "position", 1));
		assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
		assertThat(admin.get("/purposes").json().findValuesAsString("name")).containsExactly("Negotiation", "Enquiry",
				"Issue", "Feedback");
		int version = admin.get("/purposes/" + added.id()).json().path("version").asInt();
		assertThat(admin.patch("/purposes/" + added.id(), body("version", version, "archived", true)).status()).isEqualTo(200);
		assertThat(admin.get("/purposes?active=true").json().findValuesAsString("name")).doesNotContain("Negotiation");
		assertThat(admin.get("/purposes").json().findValuesAsString("name")).contains("Negotiation");
		var inserted = admin.post("/purposes", body("name", "Sales", "position", 2));
		assertThat(inserted.json().path("position").asInt()).isEqualTo(2);
		assertThat(admin.patch("/purposes/" + added.id(), body("version", 0, "position", 0)).status()).isIn(400, 409);
	}

	@Test
	void namesAreUniqueIgnoringCase() {
		var workspace = newWorkspace();
		var duplicate = workspace.admin().post("/purposes", body("name", "  enquiry "));
		assertThat(duplicate.status()).isEqualTo(400);
		assertThat(duplicate.json().path("errors").get(0).path("field").asString()).isEqualTo("name");
		String issue = workspace.admin().get("/purposes").json().get(1).path("id").asString();
		assertThat(workspace.admin().patch("/purposes/" + issue, body("version", 0, "name", "FEEDBACK")).status()).isEqualTo(400);
		assertThat(workspace.admin().post("/purposes", body("name", "")).status()).isEqualTo(400);
	}

	@Test
	void agentsCannotChangePurposes() {
		var workspace = newWorkspace();
		Api agent = agent(workspace);
		String id = agent.get("/purposes").json().get(0).path("id").asString();
		assertThat(agent.post("/purposes", body("name", "Mine")).status()).isEqualTo(403);
		assertThat(agent.patch("/purposes/" + id, body("version", 0, "name", "Mine")).status()).isEqualTo(403);
		assertThat(agent.delete("/purposes/" + id).status()).isEqualTo(403);
	}

	@Test
	void aPurposeInUseCanOnlyBeArchivedAndStaysOnOlderConversations() {
		var workspace = newWorkspace();
		Api admin = workspace.admin();
		String id = admin.post("/purposes", body("name", "Warranty")).id();
		var chat = Inbound.deliver(admin, Inbound.phone(), "Sam", "hi", OffsetDateTime.now());
		String conversation = admin.post("/conversations", body("chatId", chat.chatId(), "subject", "Warranty claim", "purposeId", id)).id();
		var refused = admin.delete("/purposes/" + id);
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().path("type").asString()).isEqualTo("/problems/purpose-in-use");
		admin.patch("/purposes/" + id, body("version", 0, "archived", true));
		var older = admin.get("/conversations/" + conversation).json();
		assertThat(older.path("purposeName").asString()).isEqualTo("Warranty");
		assertThat(older.path("purposeArchived").asBoolean()).isTrue();
		assertThat(admin.patch("/conversations/" + conversation, body("version", 0, "subject", "Still fine")).status()).isEqualTo(200);
		var refusedNew = admin.post("/conversations", body("chatId", chat.chatId(), "subject", "New", "purposeId", id));
		assertThat(refusedNew.status()).isEqualTo(400);
		assertThat(refusedNew.body()).contains("archived");
		String unused = admin.post("/purposes", body("name", "Unused")).id();
		assertThat(admin.delete("/purposes/" + unused).status()).isEqualTo(204);
	}

	@Test
	void purposesOfAnotherWorkspaceAnswer404() {
		var mine = newWorkspace();
		var theirs = newWorkspace();
		String id = theirs.admin().get("/purposes").json().get(0).path("id").asString();
		assertThat(mine.admin().get("/purposes/" + id).status()).isEqualTo(404);
		assertThat(mine.admin().patch("/purposes/" + id, body("version", 0, "name", "x")).status()).isEqualTo(404);
		assertThat(mine.admin().delete("/purposes/" + id).status()).isEqualTo(404);
	}

}
