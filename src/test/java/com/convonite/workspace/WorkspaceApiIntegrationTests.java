package com.convonite.workspace;

import java.util.List;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkspaceApiIntegrationTests extends ApiIntegrationTest {

	@Test
	void signUpCreatesWorkspaceWithAdminWhoCanSignInWithBasic() {
		var response = anonymous().post("/workspaces", body("workspaceName", "Bolo Bakery", "adminName", "Bea",
				"adminEmail", "Bea." + System.nanoTime() + "@Example.com", "adminPassword", PASSWORD));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		String email = response.json().path("admin").path("email").asString();
		var me = Api.basic(this.port, email.toLowerCase(), PASSWORD).get("/me");
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().path("workspace").path("name").asString()).isEqualTo("Bolo Bakery");
		assertThat(me.json().path("member").path("role").asString()).isEqualTo("ADMIN");
	}

	@Test
	void signUpRefusesInvalidFieldsWithAFieldList() {
		var response = anonymous().post("/workspaces",
				body("workspaceName", " ", "adminName", "Bea", "adminEmail", "not-an-email", "adminPassword", "short"));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().path("errors").findValuesAsString("field")).containsExactlyInAnyOrder(
				"workspaceName", "adminEmail", "adminPassword");
	}

	@Test
	void wrongPasswordAndUnknownTokenAnswer401Problem() {
		var workspace = newWorkspace();
		var wrong = Api.basic(this.port, workspace.adminEmail(), "wrong password").get("/me");
		assertThat(wrong.status()).isEqualTo(401);
		assertThat(wrong.contentType()).startsWith("application/problem+json");
		assertThat(Api.bearer(this.port, "cvn_unknown", null).get("/me").status()).isEqualTo(401);
		assertThat(anonymous().get("/me").status()).isEqualTo(401);
	}

	@Test
	void tokensAreShownOnceListedWithoutSecretAndStopWorkingWhenRevoked() {
		var workspace = newWorkspace();
		var created = workspace.admin().post("/tokens", body("name", "CI script"));
		assertThat(created.status()).isEqualTo(201);
		String token = created.text("token");
		assertThat(token).matches("cvn_" + created.id() + "_[A-Za-z0-9_-]{43}");
		Api viaToken = Api.bearer(this.port, token, null);
		assertThat(viaToken.get("/me").status()).isEqualTo(200);
		// bcrypt once, then the secret is known to have matched
		assertThat(viaToken.get("/me").json().path("member").path("id").asString())
			.isEqualTo(workspace.admin().memberId);
		var list = workspace.admin().get("/tokens");
		assertThat(list.body()).contains("CI script").doesNotContain(token);
		assertThat(workspace.admin().delete("/tokens/" + created.id()).status()).isEqualTo(204);
		assertRefused(viaToken.get("/me"));
		assertThat(workspace.admin().get("/tokens").body()).doesNotContain("CI script");
	}

	@Test
	void malformedTokensAndWrongSecretsAnswer401ProblemAndTheRealTokenStillWorks() {
		var workspace = newWorkspace();
		var created = workspace.admin().post("/tokens", body("name", "real"));
		String token = created.text("token");
		String id = created.id();
		String secret = token.substring(("cvn_" + id + "_").length());
		String otherSecret = ((secret.charAt(0) == 'A') ? "B" : "A") + secret.substring(1);
		for (String bad : List.of("cvn_unknown", "cvn_", "cvn_" + id, "cvn_" + id + "_", "xyz_" + id + "_" + secret,
				"cvn_abc_" + secret, "cvn_" + id + "x_" + secret, "cvn_0" + id + "_" + secret, "cvn_-" + id + "_" + secret,
				"cvn_" + id + "_" + secret + "A", "cvn_" + id + "_" + secret.substring(1),
				"cvn_" + id + "_" + secret.substring(1) + "!", "cvn_" + "9".repeat(19) + "_" + secret,
				"cvn_" + id + "_" + secret + "x".repeat(200), "CVN_" + id + "_" + secret,
				"cvn_999999999999_" + secret, "cvn_" + id + "_" + otherSecret)) {
			assertRefused(Api.bearer(this.port, bad, null).get("/me"));
		}
		assertThat(Api.bearer(this.port, token, null).get("/me").status()).isEqualTo(200);
	}

	@Test
	void aRoleChangeAppliesToTheMembersTokensAtOnce() {
		var workspace = newWorkspace();
		Api second = member(workspace, Role.ADMIN, "Second Admin");
		assertThat(second.get("/webhooks").status()).isEqualTo(200);
		assertThat(second.get("/webhooks").status()).isEqualTo(200);
		var demoted = workspace.admin().patch("/members/" + second.memberId, body("version", 0, "role", "AGENT"));
		assertThat(demoted.status()).as(demoted.toString()).isEqualTo(200);
		var refused = second.get("/webhooks");
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(second.get("/me").json().path("member").path("role").asString()).isEqualTo("AGENT");
		var renamed = workspace.admin().patch("/members/" + second.memberId, body("version", 1, "name", "Sam Second"));
		assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
		assertThat(second.get("/me").json().path("member").path("name").asString()).isEqualTo("Sam Second");
	}

	@Test
	void aTokenRevokedOrAMemberDemotedThroughAnotherInstanceHoldsHereAtOnceAndUseIsRecorded() {
		var workspace = newWorkspace();
		Api second = member(workspace, Role.ADMIN, "Second Admin");
		var used = workspace.admin().post("/tokens", body("name", "used"));
		for (var listed : workspace.admin().get("/tokens").json()) {
			if (listed.path("id").asString().equals(used.id())) {
				assertThat(listed.path("lastUsedAt").isNull() || listed.path("lastUsedAt").isMissingNode()).isTrue();
			}
		}
		Api client = Api.bearer(this.port, used.text("token"), null);
		assertThat(client.get("/me").status()).isEqualTo(200);
		assertThat(client.get("/me").status()).isEqualTo(200);
		assertThat(databaseOwner().sql("select last_used_at is not null from api_token where id = ?")
			.param(Long.parseLong(used.id()))
			.query(Boolean.class)
			.single()).as("last_used_at written on first use").isTrue();
		assertThat(second.get("/webhooks").status()).isEqualTo(200);
		// Changed behind this instance's back, as another instance of the product would: no signal, no eviction
		// here, and yet the very next request sees it.
		databaseOwner().sql("update api_token set revoked_at = now() where id = ?")
			.param(Long.parseLong(used.id()))
			.update();
		assertRefused(client.get("/me"));
		databaseOwner().sql("update member set role = 'AGENT' where id = ?")
			.param(Long.parseLong(second.memberId))
			.update();
		assertThat(second.get("/webhooks").status()).isEqualTo(403);
		databaseOwner().sql("update member set active = false where id = ?")
			.param(Long.parseLong(second.memberId))
			.update();
		assertRefused(second.get("/me"));
	}

	private static void assertRefused(Api.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(401);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().path("type").asString()).isEqualTo("/problems/unauthorized");
		assertThat(response.header("WWW-Authenticate")).contains("Bearer");
	}

	@Test
	void tokensOfAnotherWorkspaceCannotBeRevoked() {
		var mine = newWorkspace();
		var theirs = newWorkspace();
		var created = theirs.admin().post("/tokens", body("name", "theirs"));
		assertThat(mine.admin().delete("/tokens/" + created.id()).status()).isEqualTo(404);
		assertThat(Api.bearer(this.port, created.text("token"), null).get("/me").status()).isEqualTo(200);
	}

	@Test
	void adminsAddMembersAndAgentsCannot() {
		var workspace = newWorkspace();
		Api agent = agent(workspace);
		var refused = agent.post("/members", body("name", "Zed", "email", "zed" + System.nanoTime() + "@example.com",
				"password", PASSWORD, "role", "AGENT"));
		assertThat(refused.status()).isEqualTo(403);
		var added = workspace.admin().post("/members", body("name", "Zed", "email",
				"zed" + System.nanoTime() + "@example.com", "password", PASSWORD, "role", "AGENT"));
		assertThat(added.status()).isEqualTo(201);
		assertThat(added.header("Location")).endsWith("/api/v1/members/" + added.id());
		assertThat(added.body()).doesNotContain("password");
	}

	@Test
	void memberEmailsAreUniqueCaseInsensitively() {
		var workspace = newWorkspace();
		var duplicate = workspace.admin().post("/members",
				body("name", "Twin", "email", workspace.adminEmail().toUpperCase(), "password", PASSWORD, "role", "AGENT"));
		assertThat(duplicate.status()).isEqualTo(400);
		assertThat(duplicate.body()).contains("already used");
	}

	@Test
	void unknownRoleIsAClearValidationError() {
		var workspace = newWorkspace();
		var response = workspace.admin().post("/members",
				body("name", "X", "email", "x" + System.nanoTime() + "@example.com", "password", PASSWORD, "role", "BOSS"));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).contains("role").contains("ADMIN, AGENT");
	}

	@Test
	void lastActiveAdminCannotBeDemotedOrDeactivated() {
		var workspace = newWorkspace();
		String adminId = workspace.admin().memberId;
		var demote = workspace.admin().patch("/members/" + adminId, body("version", 0, "role", "AGENT"));
		assertThat(demote.status()).isEqualTo(409);
		assertThat(demote.json().path("type").asString()).isEqualTo("/problems/last-admin");
		var deactivate = workspace.admin().patch("/members/" + adminId, body("version", 0, "active", false));
		assertThat(deactivate.status()).isEqualTo(409);
	}

	@Test
	void deactivatedMembersCannotSignIn() {
		var workspace = newWorkspace();
		Api agent = agent(workspace);
		assertThat(agent.get("/me").status()).isEqualTo(200);
		assertThat(agent.get("/me").status()).as("the token's verification is remembered").isEqualTo(200);
		var patched = workspace.admin().patch("/members/" + agent.memberId, body("version", 0, "active", false));
		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertRefused(agent.get("/me"));
		assertThat(Api.basic(this.port, agent.email, PASSWORD).get("/me").status()).isEqualTo(401);
		var reactivated = workspace.admin().patch("/members/" + agent.memberId, body("version", 1, "active", true));
		assertThat(reactivated.status()).as(reactivated.toString()).isEqualTo(200);
		assertThat(agent.get("/me").status()).isEqualTo(200);
	}

	@Test
	void agentsMayRenameThemselvesButNotChangeRoles() {
		var workspace = newWorkspace();
		Api agent = agent(workspace);
		assertThat(agent.patch("/members/" + agent.memberId, body("version", 0, "name", "Andy B")).status())
			.isEqualTo(200);
		assertThat(agent.patch("/members/" + agent.memberId, body("version", 1, "role", "ADMIN")).status())
			.isEqualTo(403);
		assertThat(agent.patch("/members/" + workspace.admin().memberId, body("version", 0, "name", "Evil")).status())
			.isEqualTo(403);
	}

	@Test
	void patchWithoutVersionIsRefusedAndStaleVersionConflicts() {
		var workspace = newWorkspace();
		var noVersion = workspace.admin().patch("/settings", body("timeZone", "Europe/Lisbon"));
		assertThat(noVersion.status()).isEqualTo(428);
		var ok = workspace.admin().with("If-Match", "\"0\"").patch("/settings", body("timeZone", "Europe/Lisbon"));
		assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
		assertThat(ok.text("timeZone")).isEqualTo("Europe/Lisbon");
		var stale = workspace.admin().patch("/settings", body("version", 0, "timeZone", "UTC"));
		assertThat(stale.status()).isEqualTo(409);
		assertThat(stale.json().path("type").asString()).isEqualTo("/problems/stale-version");
	}

	@Test
	void settingsAreAdminOnlyAndValidated() {
		var workspace = newWorkspace();
		Api agent = agent(workspace);
		assertThat(agent.get("/settings").json().path("requireConversationToCloseChat").asBoolean()).isFalse();
		assertThat(agent.patch("/settings", body("version", 0, "requireConversationToCloseChat", true)).status())
			.isEqualTo(403);
		var bad = workspace.admin().patch("/settings", body("version", 0, "timeZone", "Mars/Olympus"));
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().path("errors").get(0).path("field").asString()).isEqualTo("timeZone");
	}

	@Test
	void membersOfAnotherWorkspaceAreInvisible() {
		var mine = newWorkspace();
		var theirs = newWorkspace();
		assertThat(mine.admin().get("/members/" + theirs.admin().memberId).status()).isEqualTo(404);
		assertThat(mine.admin().patch("/members/" + theirs.admin().memberId, body("version", 0, "name", "x")).status())
			.isEqualTo(404);
		assertThat(mine.admin().get("/members").body()).doesNotContain(theirs.adminEmail());
	}

}
