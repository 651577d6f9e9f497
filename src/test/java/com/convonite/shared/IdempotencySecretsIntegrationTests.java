package com.convonite.shared;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A secret shown once (a new API token, a webhook signing secret) is never kept in the idempotency table,
 * and a retry of its request says it was created instead of handing the secret out again (issue 13, item 5);
 * a body sent with an Idempotency-Key is held in memory only up to the API's body limit.
 */
class IdempotencySecretsIntegrationTests extends ApiIntegrationTest {

	@Test
	void aNewApiTokenIsNotStoredForReplayNorHandedOutAgain() {
		var ws = newWorkspace();
		Api retrying = ws.admin().with("Idempotency-Key", "token-" + System.nanoTime());
		var created = retrying.post("/tokens", body("name", "CI"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String token = created.text("token");
		assertThat(token).startsWith("cvn_");
		assertThat(storedBodies(ws.id())).noneMatch((stored) -> stored.contains(secretPart(token)));

		var replayed = retrying.post("/tokens", body("name", "CI"));
		assertThat(replayed.status()).isEqualTo(409);
		assertThat(replayed.contentType()).startsWith("application/problem+json");
		assertThat(replayed.json().path("type").asString()).isEqualTo("/problems/already-created-secret-shown-once");
		assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(replayed.body()).doesNotContain(secretPart(token));
		assertThat(ws.admin().get("/tokens").json().size()).as("one token made, not two").isEqualTo(2);
	}

	@Test
	void aWebhookSigningSecretIsNotStoredForReplay() {
		var ws = newWorkspace();
		String secret = "signing-secret-" + System.nanoTime();
		Api retrying = ws.admin().with("Idempotency-Key", "webhook-" + System.nanoTime());
		var request = body("url", "https://hooks.example.com/in", "secret", secret, "eventTypes",
				List.of("conversation.logged"));
		var created = retrying.post("/webhooks", request);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.body()).contains(secret);
		assertThat(storedBodies(ws.id())).noneMatch((stored) -> stored.contains(secret));

		var replayed = retrying.post("/webhooks", request);
		assertThat(replayed.status()).isEqualTo(409);
		assertThat(replayed.header("Location")).isEqualTo(created.header("Location"));
		assertThat(replayed.body()).doesNotContain(secret);
	}

	@Test
	void answersWithoutSecretsAreStillReplayed() {
		var ws = newWorkspace();
		Api retrying = ws.admin().with("Idempotency-Key", "purpose-" + System.nanoTime());
		var first = retrying.post("/purposes", body("name", "Refunds"));
		var again = retrying.post("/purposes", body("name", "Refunds"));
		assertThat(again.status()).isEqualTo(first.status()).isEqualTo(201);
		assertThat(again.body()).isEqualTo(first.body());
		assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
	}

	@Test
	void aKeyedBodyIsHeldOnlyUpToTheApiLimit() {
		var ws = newWorkspace();
		// the contact import endpoint takes 50 MiB files; a JSON body with a key there must not be buffered whole
		String large = "{\"x\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}";
		var refused = ws.admin().with("Idempotency-Key", "big-" + System.nanoTime())
			.raw("POST", "/contacts/imports", large, "application/json");
		assertThat(refused.status()).as(refused.toString()).isEqualTo(413);
		assertThat(refused.contentType()).startsWith("application/problem+json");
	}

	private List<String> storedBodies(long workspaceId) {
		return databaseOwner().sql("select coalesce(response_body, ''::bytea) from idempotency_key where workspace_id = :w")
			.param("w", workspaceId)
			.query((rs, n) -> new String(rs.getBytes(1), StandardCharsets.UTF_8))
			.list();
	}

	private static String secretPart(String token) {
		return token.substring(token.lastIndexOf('_') + 1);
	}

}
