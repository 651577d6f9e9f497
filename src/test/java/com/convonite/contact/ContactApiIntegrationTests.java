package com.convonite.contact;

import java.util.ArrayList;
import java.util.List;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContactApiIntegrationTests extends ApiIntegrationTest {

	private static Api.Response create(Api api, String name, String phone) {
		return api.post("/contacts", body("name", name, "phone", phone));
	}

	@Test
	void createsContactWithPhoneInE164AndReadsItWithETag() {
		var ws = newWorkspace();
		var created = ws.admin().post("/contacts",
				body("name", " Ana Silva ", "phone", "+351 912-345-678", "email", "ana@example.com", "notes", "VIP"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.text("phone")).isEqualTo("+351912345678");
		assertThat(created.text("name")).isEqualTo("Ana Silva");
		assertThat(created.header("Location")).endsWith("/api/v1/contacts/" + created.id());
		var read = agent(ws).get("/contacts/" + created.id());
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.header("ETag")).isEqualTo("\"0\"");
		assertThat(read.text("email")).isEqualTo("ana@example.com");
	}

	@Test
	void numbersWithoutPlusAreReadInTheWorkspaceDefaultCountry() {
		var ws = newWorkspace();
		var us = create(ws.admin(), "Gus", "(650) 253-0000");
		assertThat(us.status()).as(us.toString()).isEqualTo(201);
		assertThat(us.text("phone")).isEqualTo("+16502530000");
		ws.admin().patch("/settings", body("version", 0, "defaultCountry", "PT"));
		var pt = create(ws.admin(), "Rui", "912 345 679");
		assertThat(pt.status()).as(pt.toString()).isEqualTo(201);
		assertThat(pt.text("phone")).isEqualTo("+351912345679");
	}

	@Test
	void invalidFieldsAreReportedTogether() {
		var ws = newWorkspace();
		var response = ws.admin().post("/contacts",
				body("name", " ", "phone", "12", "email", "nope", "notes", "x".repeat(10_001)));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().path("errors").findValuesAsString("field")).containsExactlyInAnyOrder("name",
				"phone", "email", "notes");
		var tooLong = create(ws.admin(), "x".repeat(201), "+351912345678");
		assertThat(tooLong.status()).isEqualTo(400);
		var letters = create(ws.admin(), "Ana", "call me");
		assertThat(letters.status()).isEqualTo(400);
		assertThat(letters.json().path("errors").get(0).path("field").asString()).isEqualTo("phone");
		var missingPhone = ws.admin().post("/contacts", body("name", "Ana"));
		assertThat(missingPhone.status()).isEqualTo(400);
	}

	@Test
	void phoneIsUniquePerWorkspaceButNotAcrossWorkspaces() {
		var ws = newWorkspace();
		assertThat(create(ws.admin(), "Ana", "+351912345678").status()).isEqualTo(201);
		var twin = create(ws.admin(), "Other", "+351 91 234 5678");
		assertThat(twin.status()).isEqualTo(409);
		assertThat(twin.json().path("type").asString()).isEqualTo("/problems/phone-taken");
		assertThat(twin.json().path("errors").get(0).path("message").asString())
			.isEqualTo("is already used by contact Ana");
		var other = newWorkspace();
		assertThat(create(other.admin(), "Ana elsewhere", "+351912345678").status()).isEqualTo(201);
	}

	@Test
	void patchNeedsVersionRefusesStaleOneAndChecksPhoneUniqueness() {
		var ws = newWorkspace();
		String id = create(ws.admin(), "Ana", "+351912345678").id();
		create(ws.admin(), "Bia", "+351912345670");
		Api agent = agent(ws);
		assertThat(agent.patch("/contacts/" + id, body("name", "Ana S")).status()).isEqualTo(428);
		var ok = agent.with("If-Match", "\"0\"").patch("/contacts/" + id, body("name", "Ana S", "email", null));
		assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
		assertThat(ok.text("name")).isEqualTo("Ana S");
		assertThat(ok.header("ETag")).isEqualTo("\"1\"");
		var stale = agent.patch("/contacts/" + id, body("version", 0, "notes", "late"));
		assertThat(stale.status()).isEqualTo(409);
		assertThat(stale.json().path("type").asString()).isEqualTo("/problems/stale-version");
		var taken = agent.patch("/contacts/" + id, body("version", 1, "phone", "+351912345670"));
		assertThat(taken.status()).isEqualTo(409);
		assertThat(taken.body()).contains("is already used by contact Bia");
		var samePhone = agent.patch("/contacts/" + id, body("version", 1, "phone", "+351 912 345 678"));
		assertThat(samePhone.status()).as(samePhone.toString()).isEqualTo(200);
		var blank = agent.patch("/contacts/" + id, body("version", 2, "name", null));
		assertThat(blank.status()).isEqualTo(400);
		var unknown = agent.patch("/contacts/" + id, body("version", 2, "nickname", "A"));
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.json().path("errors").get(0).path("field").asString()).isEqualTo("nickname");
	}

	@Test
	void searchMatchesNameIgnoringCaseAndAccentsAndPhoneDigits() {
		var ws = newWorkspace();
		create(ws.admin(), "José Álvares", "+351912345678");
		create(ws.admin(), "Maria", "+351934567890");
		create(ws.admin(), "Joana", "+351961111111");
		assertThat(names(ws.admin().get("/contacts?q=jose"))).containsExactly("José Álvares");
		assertThat(names(ws.admin().get("/contacts?q=ALVA"))).containsExactly("José Álvares");
		assertThat(names(ws.admin().get("/contacts?q=jo"))).containsExactly("Joana", "José Álvares");
		assertThat(names(ws.admin().get("/contacts?q=93456"))).containsExactly("Maria");
		assertThat(names(ws.admin().get("/contacts?q=%2B351%2093"))).containsExactly("Maria");
		assertThat(names(ws.admin().get("/contacts?q=%25"))).isEmpty();
		assertThat(names(ws.admin().get("/contacts"))).containsExactly("Joana", "José Álvares", "Maria");
	}

	@Test
	void listPagesByNameWithAnOpaqueCursor() {
		var ws = newWorkspace();
		for (int i = 0; i < 5; i++) {
			create(ws.admin(), "Same name", "+35191000000" + i);
		}
		create(ws.admin(), "alpha", "+351910000010");
		List<String> ids = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			var page = ws.admin().get("/contacts?limit=2" + (cursor != null ? "&cursor=" + cursor : ""));
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			page.json().path("items").forEach((item) -> ids.add(item.path("id").asString()));
			cursor = page.text("nextCursor");
			pages++;
		}
		while (cursor != null);
		assertThat(pages).isEqualTo(3);
		assertThat(ids).hasSize(6).doesNotHaveDuplicates();
		assertThat(ws.admin().get("/contacts?cursor=garbage").status()).isEqualTo(400);
		assertThat(ws.admin().get("/contacts?limit=0").status()).isEqualTo(400);
		assertThat(ws.admin().get("/contacts?limit=201").status()).isEqualTo(400);
	}

	@Test
	void onlyAdminsDeleteAndOnlyContactsWithoutChats() {
		var ws = newWorkspace();
		String lonely = create(ws.admin(), "Lonely", "+351912345678").id();
		Api agent = agent(ws);
		var refused = agent.delete("/contacts/" + lonely);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(ws.admin().delete("/contacts/" + lonely).status()).isEqualTo(204);
		assertThat(ws.admin().get("/contacts/" + lonely).status()).isEqualTo(404);
		assertThat(ws.admin().delete("/contacts/" + lonely).status()).isEqualTo(404);

		var delivered = ws.admin().post("/inbound/messages",
				body("externalId", "wamid.1", "from", body("phone", "+351934567890", "name", "Talker"), "body", "Hi"));
		assertThat(delivered.status()).as(delivered.toString()).isEqualTo(201);
		String talker = delivered.json().path("chat").path("contactId").asString();
		var inUse = ws.admin().delete("/contacts/" + talker);
		assertThat(inUse.status()).isEqualTo(409);
		assertThat(inUse.json().path("type").asString()).isEqualTo("/problems/contact-in-use");
		assertThat(inUse.json().path("detail").asString()).contains("Talker").contains("has chats");
		assertThat(ws.admin().get("/contacts/" + talker).status()).isEqualTo(200);
	}

	@Test
	void contactsOfAnotherWorkspaceAreInvisible() {
		var mine = newWorkspace();
		var theirs = newWorkspace();
		String id = create(theirs.admin(), "Secret Sam", "+351912345678").id();
		assertThat(mine.admin().get("/contacts/" + id).status()).isEqualTo(404);
		assertThat(mine.admin().patch("/contacts/" + id, body("version", 0, "name", "x")).status()).isEqualTo(404);
		assertThat(mine.admin().delete("/contacts/" + id).status()).isEqualTo(404);
		assertThat(mine.admin().get("/contacts").body()).doesNotContain("Secret Sam");
		assertThat(mine.admin().get("/contacts?q=Sam").json().path("items").size()).isZero();
		assertThat(mine.admin().get("/contacts?q=912345678").json().path("items").size()).isZero();
		assertThat(mine.admin().get("/contacts/abc").status()).isEqualTo(404);
		assertThat(theirs.admin().get("/contacts/" + id).text("name")).isEqualTo("Secret Sam");
	}

	@Test
	void facadeFindsNamesAndRefusesForeignIds() {
		var mine = newWorkspace();
		var theirs = newWorkspace();
		long id = Long.parseLong(create(mine.admin(), "Ana", "+351912345678").id());
		long foreign = Long.parseLong(create(theirs.admin(), "Sam", "+351912345678").id());
		assertThat(this.contacts.find(mine.id(), id)).isPresent();
		assertThat(this.contacts.find(mine.id(), foreign)).isEmpty();
		assertThat(this.contacts.names(mine.id(), List.of(id, foreign))).containsOnlyKeys(id).containsValue("Ana");
		assertThat(this.contacts.names(mine.id(), List.of())).isEmpty();
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> this.contacts.get(mine.id(), foreign))
			.isInstanceOf(com.convonite.shared.ProblemException.class);
	}

	@org.springframework.beans.factory.annotation.Autowired
	Contacts contacts;

	private static List<String> names(Api.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<String> names = new ArrayList<>();
		response.json().path("items").forEach((item) -> names.add(item.path("name").asString()));
		return names;
	}

}
