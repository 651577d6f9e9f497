package com.convonite.workspace;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.WebSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A secret the web app shows once (a new API token, an invitation or password-reset link, a webhook's signing
 * secret) is shown in the answer to the form that made it, and never stored readable: not as a flash attribute
 * of the web session, which Spring Session keeps in the database (spring_session_attributes).
 */
class SecretsShownOnceIntegrationTests extends ApiIntegrationTest {

	@Test
	void aSecretShownOnceIsInTheAnswerAndNeverInTheStoredWebSession() {
		TestWorkspace workspace = newWorkspace();
		String agentId = agent(workspace).memberId;
		WebSession web = WebSession.signIn(this.port, workspace.adminEmail(), PASSWORD);

		web.get("/profile");
		HttpResponse<String> token = web.postForm("/profile/tokens", Map.of("tokenName", "Zapier"));
		assertNotStored(shown(token, "new-token-value"), "the new API token");

		web.get("/settings/members");
		HttpResponse<String> invited = web.postForm("/settings/members/invitations",
				Map.of("name", "Ivy", "email", "ivy-" + System.nanoTime() + "@example.com", "role", "AGENT"));
		assertNotStored(shown(invited, "shown-link-value"), "the invitation link");

		web.get("/settings/members");
		HttpResponse<String> reset = web.postForm("/settings/members/" + agentId + "/reset-link",
				Map.of());
		assertNotStored(shown(reset, "shown-link-value"), "the password reset link");

		web.get("/settings/webhooks/new");
		HttpResponse<String> webhook = web.postForm("/settings/webhooks", Map.of("url", "https://example.com/hook",
				"description", "CRM", "eventTypes", "conversation.logged", "active", "true"));
		assertNotStored(shown(webhook, "secret-once"), "the webhook's signing secret");
	}

	/** The value of the read-only field the page shows the secret in, from the form's own answer. */
	private static String shown(HttpResponse<String> answer, String fieldId) {
		assertThat(answer.statusCode()).as(answer.uri() + " answers with the page itself").isEqualTo(200);
		Matcher field = Pattern.compile("<input id=\"" + fieldId + "\"[^>]*value=\"([^\"]+)\"").matcher(answer.body());
		assertThat(field.find()).as(answer.uri() + " shows the secret in #" + fieldId).isTrue();
		return field.group(1);
	}

	private void assertNotStored(String secret, String what) {
		// its last 16 characters: random in every secret shown, whatever prefix or address comes before them
		assertThat(secret).hasSizeGreaterThanOrEqualTo(24);
		String proper = secret.substring(secret.length() - 16);
		long stored = databaseOwner()
			.sql("select count(*) from spring_session_attributes where position(convert_to(:secret, 'UTF8') in attribute_bytes) > 0")
			.param("secret", proper)
			.query(Long.class)
			.single();
		assertThat(stored).as(what + " stored in a web session row").isZero();
	}

}
