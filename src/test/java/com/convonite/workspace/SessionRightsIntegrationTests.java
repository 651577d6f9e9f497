package com.convonite.workspace;

import java.time.Duration;
import java.util.Map;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.LiveStream;
import com.convonite.support.WebSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, finding 1: rights taken away take effect at once on sessions, tokens and live-update streams that
 * are already open; web sessions live in PostgreSQL, indexed by member id.
 */
class SessionRightsIntegrationTests extends ApiIntegrationTest {

	JdbcClient owner;

	@BeforeEach
	void sqlAsOwner() {
		this.owner = databaseOwner();
	}

	@Test
	void aDeactivatedAdminsOpenSessionIsSignedOutAtOnceAndTheirStreamsClose() throws Exception {
		TestWorkspace workspace = newWorkspace();
		Api second = member(workspace, Role.ADMIN, "Second Admin");
		WebSession browser = WebSession.signIn(this.port, second.email, PASSWORD);
		assertThat(sessionsOf(second.memberId)).as("the session is in PostgreSQL, indexed by member id").isEqualTo(1);
		assertThat(browser.get("/settings/members").statusCode()).isEqualTo(200);
		LiveStream stream = browser.events();
		assertThat(stream.status).isEqualTo(200);
		assertThat(second.get("/members").status()).isEqualTo(200);

		assertThat(workspace.admin().patch("/members/" + second.memberId, body("version", 0, "active", false)).status())
			.isEqualTo(200);

		assertThat(stream.endsWithin(Duration.ofSeconds(5))).as("the open stream is closed").isTrue();
		assertThat(sessionsOf(second.memberId)).isZero();
		var page = browser.get("/settings/members");
		assertThat(page.statusCode()).as("not signed in any more").isIn(302, 401);
		if (page.statusCode() == 302) {
			assertThat(page.headers().firstValue("Location").orElse("")).endsWith("/login");
		}
		// Nothing an admin could do with the old session: add an admin, reactivate themselves.
		var addAdmin = browser.postForm("/settings/members",
				Map.of("name", "Mallory", "email", "mallory-" + second.memberId + "@example.com", "password",
						"a long enough password", "role", "ADMIN"));
		assertThat(addAdmin.statusCode()).isIn(302, 403);
		assertThat(addAdmin.headers().firstValue("Location").orElse("")).doesNotContain("/settings/members");
		assertThat(this.owner.sql("select count(*) from member where email like 'mallory-%'").query(Long.class).single())
			.isZero();
		assertThat(browser.events().status).as("no new stream").isNotEqualTo(200);
		assertThat(second.get("/members").status()).as("their API token").isEqualTo(401);
	}

	@Test
	void aDemotedAdminHasAnAgentsRightsOnTheNextRequestOfTheirOpenSession() throws Exception {
		TestWorkspace workspace = newWorkspace();
		Api second = member(workspace, Role.ADMIN, "Second Admin");
		WebSession browser = WebSession.signIn(this.port, second.email, PASSWORD);
		assertThat(browser.get("/settings/members").statusCode()).isEqualTo(200);
		LiveStream stream = browser.events();
		assertThat(second.get("/settings").status()).isEqualTo(200);
		assertThat(second.patch("/settings", body("version", 0, "timeZone", "Europe/Lisbon")).status())
			.as("the token is verified, and cached, as an admin's").isEqualTo(200);

		assertThat(workspace.admin().patch("/members/" + second.memberId, body("version", 0, "role", "AGENT")).status())
			.isEqualTo(200);

		assertThat(browser.get("/settings/members").statusCode()).as("admin page").isEqualTo(403);
		assertThat(browser.get("/chats").statusCode()).as("still signed in, as an agent").isEqualTo(200);
		assertThat(stream.endsWithin(Duration.ofSeconds(5))).as("the stream reconnects with the new role").isTrue();
		LiveStream again = browser.events();
		assertThat(again.status).isEqualTo(200);
		again.close();
		assertThat(second.patch("/settings", body("version", 1, "timeZone", "Europe/Paris")).status())
			.as("the cached token lost its admin rights").isEqualTo(403);
		assertThat(Api.basic(this.port, second.email, PASSWORD).patch("/settings", body("version", 1, "timeZone", "UTC"))
			.status()).isEqualTo(403);
	}

	@Test
	void signingOutEndsTheSessionAndClosesItsStreamsOnly() throws Exception {
		TestWorkspace workspace = newWorkspace();
		WebSession first = WebSession.signIn(this.port, workspace.adminEmail(), PASSWORD);
		WebSession second = WebSession.signIn(this.port, workspace.adminEmail(), PASSWORD);
		LiveStream firstStream = first.events();
		LiveStream secondStream = second.events();
		assertThat(sessionsOf(Long.toString(workspace.adminMember().memberId()))).isEqualTo(2);

		var out = first.postRaw("/logout",
				"_csrf=" + java.net.URLEncoder.encode(first.csrfToken(), java.nio.charset.StandardCharsets.UTF_8),
				Map.of("Accept", "text/html"));
		assertThat(out.statusCode()).as(out.body()).isEqualTo(302);
		assertThat(out.headers().firstValue("Location").orElse("")).endsWith("/login?signedOut");

		assertThat(firstStream.endsWithin(Duration.ofSeconds(5))).isTrue();
		assertThat(secondStream.isOpen()).isTrue();
		assertThat(sessionsOf(Long.toString(workspace.adminMember().memberId()))).isEqualTo(1);
		assertThat(first.get("/chats").statusCode()).as("signed out").isIn(302, 401);
		assertThat(second.get("/chats").statusCode()).isEqualTo(200);
		secondStream.close();
	}

	private long sessionsOf(String memberId) {
		return this.owner.sql("select count(*) from spring_session where principal_name = :id")
			.param("id", memberId)
			.query(Long.class)
			.single();
	}

}
