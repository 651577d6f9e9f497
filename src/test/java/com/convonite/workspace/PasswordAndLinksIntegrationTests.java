package com.convonite.workspace;

import java.util.Map;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.WebSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, finding 7 and issue 14's account items: password rules (NIST SP 800-63B), changing one's own
 * password (which ends the other sessions and revokes the API tokens), and one-time invitation and reset links.
 */
class PasswordAndLinksIntegrationTests extends ApiIntegrationTest {

	private static final String NEW_PASSWORD = "plum orchard at dusk";

	@Test
	void commonAllSpaceAndOwnEmailPasswordsAreRefused() {
		TestWorkspace workspace = newWorkspace();
		String email = "rules-" + workspace.id() + "@example.com";
		for (String[] bad : new String[][] { { "password1", "most common" }, { "QWERTYUIOP", "most common" },
				{ "          ", "only spaces" }, { email.toUpperCase(java.util.Locale.ROOT), "email" },
				{ "rules-" + workspace.id(), "email" }, { "short", "at least 8" } }) {
			var refused = workspace.admin().post("/members",
					body("name", "Rules", "email", email, "password", bad[0], "role", "AGENT"));
			assertThat(refused.status()).as(bad[0]).isEqualTo(400);
			assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("password");
			assertThat(refused.json().path("errors").get(0).path("message").asString()).as(bad[0]).contains(bad[1]);
		}
		assertThat(workspace.admin()
			.post("/members", body("name", "Rules", "email", email, "password", NEW_PASSWORD, "role", "AGENT"))
			.status()).isEqualTo(201);
	}

	@Test
	void changingYourPasswordEndsYourOtherSessionsAndRevokesYourTokens() {
		TestWorkspace workspace = newWorkspace();
		Api agent = agent(workspace);
		WebSession here = WebSession.signIn(this.port, agent.email, PASSWORD);
		WebSession elsewhere = WebSession.signIn(this.port, agent.email, PASSWORD);
		assertThat(agent.get("/me").status()).isEqualTo(200);

		here.get("/profile");
		var wrong = here.postForm("/profile/password", Map.of("currentPassword", "not it", "newPassword", NEW_PASSWORD));
		assertThat(wrong.statusCode()).isEqualTo(200);
		assertThat(wrong.body()).contains("is not your current password");
		var common = here.postForm("/profile/password", Map.of("currentPassword", PASSWORD, "newPassword", "iloveyou1"));
		assertThat(common.body()).contains("most common passwords");

		var changed = here.postForm("/profile/password", Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD));
		assertThat(changed.statusCode()).isEqualTo(302);
		assertThat(here.get("/profile?passwordChanged").body()).contains("Your password was changed");
		assertThat(elsewhere.get("/chats").statusCode()).as("the other session ended").isIn(302, 401);
		assertThat(agent.get("/me").status()).as("the API token is revoked").isEqualTo(401);
		assertThat(Api.basic(this.port, agent.email, PASSWORD).get("/me").status()).isEqualTo(401);
		Api withNew = Api.basic(this.port, agent.email, NEW_PASSWORD);
		assertThat(withNew.get("/me").status()).isEqualTo(200);

		// The same over the API.
		var refused = withNew.post("/me/password", body("currentPassword", PASSWORD, "newPassword", "another fine phrase"));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("currentPassword");
		assertThat(withNew.post("/me/password", body("currentPassword", NEW_PASSWORD, "newPassword", "another fine phrase"))
			.status()).isEqualTo(204);
		assertThat(here.get("/chats").statusCode()).as("the web session too").isIn(302, 401);
		assertThat(Api.basic(this.port, agent.email, "another fine phrase").get("/me").status()).isEqualTo(200);
	}

	@Test
	void anInvitedMemberSetsTheirOwnPasswordThroughALinkThatWorksOnce() {
		TestWorkspace workspace = newWorkspace();
		String email = "invited-" + workspace.id() + "@example.com";
		assertThat(agent(workspace).post("/members/invitations", body("name", "Ivy", "email", email, "role", "AGENT"))
			.status()).as("admins only").isEqualTo(403);
		var invited = workspace.admin().post("/members/invitations", body("name", "Ivy", "email", email, "role", "AGENT"));
		assertThat(invited.status()).isEqualTo(201);
		String url = invited.text("url");
		String path = url.substring(url.indexOf("/account/"));
		String secret = path.substring(path.lastIndexOf('_') + 1);
		assertThat(databaseOwner().sql("select row_to_json(l)::text from account_link l where workspace_id = :w")
			.param("w", workspace.id())
			.query(String.class)
			.single()).as("only a hash of the link is stored").doesNotContain(secret);
		assertThat(Api.basic(this.port, email, "").get("/me").status()).isEqualTo(401);

		WebSession ivy = new WebSession(this.port);
		var page = ivy.get(path);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Welcome, Ivy").contains(email);
		var weak = ivy.postForm(path, Map.of("password", "password1"));
		assertThat(weak.statusCode()).isEqualTo(400);
		assertThat(weak.body()).contains("most common passwords");
		var set = ivy.postForm(path, Map.of("password", NEW_PASSWORD));
		assertThat(set.statusCode()).isEqualTo(302);
		assertThat(set.headers().firstValue("Location").orElse("")).endsWith("/chats");
		assertThat(ivy.get("/chats").statusCode()).as("signed in").isEqualTo(200);
		assertThat(Api.basic(this.port, email, NEW_PASSWORD).get("/me").status()).isEqualTo(200);

		WebSession again = new WebSession(this.port);
		assertThat(again.get(path).statusCode()).as("used once").isEqualTo(410);
		assertThat(again.get(path.replace(secret, "x" + secret.substring(1))).statusCode()).isEqualTo(410);
	}

	@Test
	void aResetLinkReplacesEarlierOnesExpiresAndEndsTheMembersSessionsAndTokens() {
		TestWorkspace workspace = newWorkspace();
		Api agent = agent(workspace);
		WebSession open = WebSession.signIn(this.port, agent.email, PASSWORD);
		var first = workspace.admin().post("/members/" + agent.memberId + "/password-reset-link");
		assertThat(first.status()).isEqualTo(201);
		var second = workspace.admin().post("/members/" + agent.memberId + "/password-reset-link");
		String firstPath = pathOf(first.text("url"));
		String secondPath = pathOf(second.text("url"));
		assertThat(new WebSession(this.port).get(firstPath).statusCode()).as("replaced").isEqualTo(410);

		WebSession reset = new WebSession(this.port);
		assertThat(reset.get(secondPath).body()).contains("New password for Andy Agent");
		assertThat(reset.postForm(secondPath, Map.of("password", NEW_PASSWORD)).statusCode()).isEqualTo(302);
		assertThat(open.get("/chats").statusCode()).as("their open session ended").isIn(302, 401);
		assertThat(agent.get("/me").status()).as("their token is revoked").isEqualTo(401);
		assertThat(Api.basic(this.port, agent.email, NEW_PASSWORD).get("/me").status()).isEqualTo(200);

		var expiring = workspace.admin().post("/members/" + agent.memberId + "/password-reset-link");
		databaseOwner().sql("update account_link set expires_at = now() - interval '1 second' where workspace_id = :w")
			.param("w", workspace.id())
			.update();
		assertThat(new WebSession(this.port).get(pathOf(expiring.text("url"))).statusCode()).isEqualTo(410);
		assertThat(workspace.admin().post("/members/999999999/password-reset-link").status()).isEqualTo(404);
	}

	private static String pathOf(String url) {
		return url.substring(url.indexOf("/account/"));
	}

}
