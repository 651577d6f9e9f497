package com.convonite.workspace;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.WebSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP hardening as a browser and an API client see it. */
@ExtendWith(OutputCaptureExtension.class)
class HardeningIntegrationTests extends ApiIntegrationTest {

	JdbcClient jdbc;

	@org.junit.jupiter.api.BeforeEach
	void sqlAsOwner() {
		this.jdbc = databaseOwner();
	}

	@Test
	void pagesAndApiAnswersCarryTheProtectiveHeaders() {
		for (String path : new String[] { "/login", "/api/v1/me" }) {
			var response = anonymous().getFromRoot(path);
			assertThat(response.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
			assertThat(response.header("X-Frame-Options")).as(path).isEqualTo("DENY");
		}
		var page = anonymous().getFromRoot("/login");
		String csp = page.header("Content-Security-Policy");
		assertThat(csp).contains("frame-ancestors 'none'").contains("object-src 'none'");
		String scripts = csp.replaceAll(".*script-src ([^;]*).*", "$1");
		assertThat(scripts).isEqualTo("'self'").doesNotContain("unsafe-inline");
		assertThat(page.header("Referrer-Policy")).isEqualTo("same-origin");
		assertThat(page.body()).doesNotContain("<script>").doesNotContain(" onclick=");
	}

	@Test
	void signingInChangesTheSessionIdAndBehindTlsTheCookieIsSecure() throws Exception {
		TestWorkspace workspace = newWorkspace();
		WebSession session = new WebSession(this.port);
		session.get("/login");
		String before = sessionId(session);
		var signedIn = session.postForm("/login", Map.of("email", workspace.adminEmail(), "password", PASSWORD));
		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(sessionId(session)).isNotNull().isNotEqualTo(before);
		assertThat(signedIn.headers().firstValue("Set-Cookie").orElse("")).contains("HttpOnly").contains("SameSite=Lax");

		HttpResponse<String> overTls = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/login"))
				.header("X-Forwarded-Proto", "https")
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(overTls.headers().firstValue("Set-Cookie").orElse("")).contains("Secure");
		assertThat(overTls.headers().firstValue("Strict-Transport-Security")).isPresent();
	}

	@Test
	void repeatedWrongPasswordsPauseSignInForThatAddressWithAClearMessage() {
		TestWorkspace workspace = newWorkspace();
		Api tokenClient = workspace.admin();
		for (int i = 0; i < 5; i++) {
			WebSession attempt = new WebSession(this.port);
			attempt.get("/login");
			var failed = attempt.postForm("/login", Map.of("email", workspace.adminEmail(), "password", "guess " + i));
			assertThat(failed.headers().firstValue("Location").orElse("")).endsWith("/login?error");
		}

		WebSession rightPassword = new WebSession(this.port);
		rightPassword.get("/login");
		var refused = rightPassword.postForm("/login",
				Map.of("email", workspace.adminEmail().toUpperCase(), "password", PASSWORD));
		assertThat(refused.headers().firstValue("Location").orElse("")).endsWith("/login?locked");
		assertThat(rightPassword.get("/login?locked").body())
			.contains("Too many failed sign-ins for this email address. Try again in 15 minutes.");

		var basic = Api.basic(this.port, workspace.adminEmail(), PASSWORD).get("/me");
		assertThat(basic.status()).isEqualTo(429);
		assertThat(basic.contentType()).startsWith("application/problem+json");
		assertThat(basic.header("Retry-After")).isNotNull();
		assertThat(basic.json().path("detail").asString()).contains("Try again in");

		assertThat(tokenClient.get("/me").status()).as("API tokens are not paused").isEqualTo(200);
		TestWorkspace other = newWorkspace();
		assertThat(Api.basic(this.port, other.adminEmail(), PASSWORD).get("/me").status())
			.as("other addresses are not paused").isEqualTo(200);
	}

	@Test
	void passwordsAndTokensAreStoredOnlyAsHashesAndNeverLogged(CapturedOutput output) {
		TestWorkspace workspace = newWorkspace();
		String wrongPassword = "not-the-password-" + UUID.randomUUID();
		assertThat(Api.basic(this.port, workspace.adminEmail(), wrongPassword).get("/me").status()).isEqualTo(401);
		var created = workspace.admin().post("/tokens", Map.of("name", "log check"));
		String token = created.text("token");
		assertThat(Api.bearer(this.port, token, null).get("/me").status()).isEqualTo(200);
		assertThat(Api.bearer(this.port, token + "x", null).get("/me").status()).isEqualTo(401);

		String passwordHash = this.jdbc.sql("select password_hash from member where lower(email) = lower(:email)")
			.param("email", workspace.adminEmail())
			.query(String.class)
			.single();
		assertThat(passwordHash).startsWith("{bcrypt}$2").doesNotContain(PASSWORD);
		assertThat(this.jdbc.sql("select count(*) from api_token where token_hash = :token or name = :token")
			.param("token", token)
			.query(Long.class)
			.single()).isZero();

		assertThat(output.getAll()).doesNotContain(wrongPassword).doesNotContain(PASSWORD).doesNotContain(token);
	}

	private static String sessionId(WebSession session) {
		return session.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals("JSESSIONID"))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElse(null);
	}

}
