package com.convonite.workspace;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.LiveStream;
import com.convonite.support.WebSession;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, findings 2, 4, 8 and 9: live-update streams are capped; the sign-in pause counts one normalised
 * address per member and client, in PostgreSQL, answers known and unknown addresses alike and cannot be set off
 * by a stranger for the member's own client; sign-up is limited per client and does not say where an address
 * is used. Clients are told apart by X-Forwarded-For (the connector trusts it from loopback).
 */
@TestPropertySource(properties = { "convonite.sign-in.max-failures-per-client=12", "convonite.signup.max-per-client=3",
		"convonite.events.max-streams=10", "convonite.events.max-streams-per-member=4",
		"convonite.events.max-streams-per-session=3" })
class SignInProtectionIntegrationTests extends ApiIntegrationTest {

	private static final AtomicInteger CLIENTS = new AtomicInteger((int) (System.nanoTime() % 200));

	/** A client address of its own for each use, so that counts of earlier runs and tests do not mix in. */
	private static String newClient() {
		int n = CLIENTS.incrementAndGet();
		long salt = Math.abs(UUID.randomUUID().getMostSignificantBits() % 250);
		return "10." + salt + "." + (n / 250 % 250) + "." + (n % 250 + 1);
	}

	private String signIn(String client, String email, String password) {
		WebSession browser = new WebSession(this.port);
		browser.get("/login");
		HttpResponse<String> answer = browser.postRaw("/login",
				WebSession.encode(Map.of("email", email, "password", password, "_csrf", browser.csrfToken())),
				Map.of("X-Forwarded-For", client));
		assertThat(answer.statusCode()).isEqualTo(302);
		return answer.headers().firstValue("Location").orElse("");
	}

	@Test
	void aLookAlikeAddressDoesNotSignInAndFailuresCountPerMemberHoweverTheAddressIsTyped() {
		TestWorkspace workspace = newWorkspace();
		String email = workspace.adminEmail();
		String lookAlike = "adm\u0130n" + email.substring("admin".length());
		String client = newClient();
		assertThat(signIn(client, lookAlike, PASSWORD)).as("U+0130 is not i").endsWith("/login?error");
		for (int i = 0; i < 5; i++) {
			String typed = (i % 2 == 0) ? email.toUpperCase(java.util.Locale.ROOT) : "  " + email + " ";
			assertThat(signIn(client, typed, "guess " + i)).endsWith("/login?error");
		}
		assertThat(signIn(client, email, PASSWORD)).as("paused for the member, typed any way").endsWith("/login?locked");
		assertThat(databaseOwner().sql("select count(*) from sign_in_failure where subject like 'member:%|' || :client")
			.param("client", client)
			.query(Long.class)
			.single()).as("counted in PostgreSQL, under the member's id").isEqualTo(5);
	}

	@Test
	void aStrangerCannotPauseTheMembersOwnClientAndUnknownAddressesAreAnsweredAlike() {
		TestWorkspace workspace = newWorkspace();
		String stranger = newClient();
		String unknown = "nobody-" + UUID.randomUUID() + "@example.com";
		List<Long> knownMillis = new ArrayList<>();
		List<Long> unknownMillis = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			long start = System.nanoTime();
			String known = signIn(stranger, workspace.adminEmail(), "guess " + i);
			knownMillis.add((System.nanoTime() - start) / 1_000_000);
			start = System.nanoTime();
			String notKnown = signIn(stranger, unknown, "guess " + i);
			unknownMillis.add((System.nanoTime() - start) / 1_000_000);
			assertThat(notKnown).isEqualTo(known);
		}
		assertThat(signIn(stranger, workspace.adminEmail(), PASSWORD)).endsWith("/login?locked");
		assertThat(signIn(stranger, unknown, PASSWORD)).as("an unknown address pauses the same way")
			.endsWith("/login?locked");
		// Same bcrypt work either way: an unknown address is not answered faster.
		long knownMedian = knownMillis.stream().sorted().toList().get(2);
		long unknownMedian = unknownMillis.stream().sorted().toList().get(2);
		assertThat(unknownMedian).as("unknown %s ms vs known %s ms", unknownMillis, knownMillis)
			.isGreaterThanOrEqualTo(knownMedian / 3);

		assertThat(signIn(newClient(), workspace.adminEmail(), PASSWORD)).as("the member's own client signs in")
			.doesNotContain("/login");
	}

	@Test
	void oneClientGuessingOverManyAddressesIsPaused() {
		TestWorkspace workspace = newWorkspace();
		String client = newClient();
		for (int i = 0; i < 12; i++) {
			signIn(client, "someone-" + i + "-" + UUID.randomUUID() + "@example.com", "guess");
		}
		assertThat(signIn(client, workspace.adminEmail(), PASSWORD)).endsWith("/login?locked");
		assertThat(signIn(newClient(), workspace.adminEmail(), PASSWORD)).doesNotContain("/login");
	}

	@Test
	void signUpIsLimitedPerClientAndDoesNotSayWhereAnAddressIsUsed() {
		TestWorkspace taken = newWorkspace();
		Api client = anonymous().with("X-Forwarded-For", newClient());
		var refused = client.post("/workspaces", body("workspaceName", "Copycat", "adminName", "Eve", "adminEmail",
				taken.adminEmail().toUpperCase(java.util.Locale.ROOT), "adminPassword", "a long enough password"));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().path("errors").get(0).path("message").asString())
			.isEqualTo("cannot be used: choose another address");
		for (int i = 0; i < 2; i++) {
			assertThat(client.post("/workspaces", body("workspaceName", "Shop " + i, "adminName", "Eve", "adminEmail",
					"eve-" + UUID.randomUUID() + "@example.com", "adminPassword", "a long enough password")).status())
				.isEqualTo(201);
		}
		var limited = client.post("/workspaces", body("workspaceName", "One more", "adminName", "Eve", "adminEmail",
				"eve-" + UUID.randomUUID() + "@example.com", "adminPassword", "a long enough password"));
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.contentType()).startsWith("application/problem+json");
		assertThat(limited.header("Retry-After")).isNotNull();
		assertThat(anonymous().with("X-Forwarded-For", newClient())
			.post("/workspaces", body("workspaceName", "Elsewhere", "adminName", "Eve", "adminEmail",
					"eve-" + UUID.randomUUID() + "@example.com", "adminPassword", "a long enough password"))
			.status()).as("another client").isEqualTo(201);

		// Adding a member: the same words, whether the address is used in this workspace's neighbour or not.
		var added = taken.admin().post("/members", body("name", "Copy", "email", newWorkspace().adminEmail(), "password",
				"a long enough password", "role", "AGENT"));
		assertThat(added.status()).isEqualTo(400);
		assertThat(added.json().path("errors").get(0).path("message").asString())
			.isEqualTo("cannot be used: choose another address");
	}

	@Test
	void liveUpdateStreamsAreCappedPerSessionPerMemberAndInAll() throws Exception {
		TestWorkspace workspace = newWorkspace();
		WebSession browser = WebSession.signIn(this.port, workspace.adminEmail(), PASSWORD);
		List<LiveStream> streams = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			streams.add(browser.events());
		}
		assertThat(streams.get(0).endsWithin(Duration.ofSeconds(5))).as("the oldest of the session's closes").isTrue();
		assertThat(streams.get(0).seen).contains("event:closed");
		assertThat(streams.subList(1, 4)).allMatch(LiveStream::isOpen);

		WebSession other = WebSession.signIn(this.port, workspace.adminEmail(), PASSWORD);
		LiveStream fromOther = other.events();
		assertThat(streams.get(1).isOpen()).as("4 streams of the member are allowed").isTrue();
		LiveStream fromOtherAgain = other.events();
		assertThat(streams.get(1).endsWithin(Duration.ofSeconds(5))).as("the member's oldest closes").isTrue();
		assertThat(fromOther.isOpen()).isTrue();
		assertThat(fromOtherAgain.isOpen()).isTrue();

		// Three more members fill the instance's 10 streams (4 + 3 + 3); the next one is refused with 503.
		List<LiveStream> more = new ArrayList<>();
		for (int m = 0; m < 2; m++) {
			Api member = member(workspace, Role.AGENT, "Agent " + m);
			WebSession session = WebSession.signIn(this.port, member.email, PASSWORD);
			for (int i = 0; i < 3; i++) {
				more.add(session.events());
			}
		}
		assertThat(more).allMatch((s) -> s.status == 200);
		Api last = member(workspace, Role.AGENT, "Last Agent");
		WebSession lastSession = WebSession.signIn(this.port, last.email, PASSWORD);
		LiveStream refused = lastSession.events();
		assertThat(refused.status).isEqualTo(503);
		assertThat(refused.body).contains("live-update streams");
		assertThat(lastSession.get("/chats").statusCode()).as("pages still work").isEqualTo(200);

		streams.forEach(LiveStream::close);
		more.forEach(LiveStream::close);
		fromOther.close();
		fromOtherAgain.close();
	}

}
