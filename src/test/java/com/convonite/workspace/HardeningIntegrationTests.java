package com.convonite.workspace;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
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
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP hardening as a browser and an API client see it. */
@ExtendWith(OutputCaptureExtension.class)
class HardeningIntegrationTests extends ApiIntegrationTest {

	JdbcClient jdbc;

	@Autowired
	PasswordEncoder passwordEncoder;

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

		// The token is stored only as a bcrypt hash: neither the token, nor its secret, nor a fast hash of it.
		String secret = token.substring(("cvn_" + created.id() + "_").length());
		String sha256 = sha256Hex(token);
		String secretHash = this.jdbc.sql("select secret_hash from api_token where id = :id")
			.param("id", Long.parseLong(created.id()))
			.query(String.class)
			.single();
		assertThat(secretHash).startsWith("{bcrypt}$2").doesNotContain(secret).isNotEqualTo(sha256);
		assertThat(this.passwordEncoder.matches(token, secretHash)).isTrue();
		String storedRow = this.jdbc.sql("select row_to_json(t)::text from api_token t where id = :id")
			.param("id", Long.parseLong(created.id()))
			.query(String.class)
			.single();
		assertThat(storedRow).doesNotContain(secret)
			.doesNotContainIgnoringCase(sha256)
			.doesNotContain(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)));
		assertThat(this.jdbc.sql("""
				select column_name from information_schema.columns
				where table_schema = 'public' and table_name = 'api_token' and column_name like '%hash%'
				""").query(String.class).list()).containsExactly("secret_hash");

		assertThat(output.getAll()).doesNotContain(wrongPassword)
			.doesNotContain(PASSWORD)
			.doesNotContain(secret)
			.doesNotContainIgnoringCase(sha256);
	}

	@Test
	void repeatedWrongSecretsPauseThatTokenIdButNotATokenInUse() {
		TestWorkspace workspace = newWorkspace();
		var inUse = workspace.admin().post("/tokens", Map.of("name", "in use"));
		String token = inUse.text("token");
		Api client = Api.bearer(this.port, token, null);
		assertThat(client.get("/me").status()).isEqualTo(200);
		String guessPrefix = "cvn_" + inUse.id() + "_";
		for (int i = 0; i < 5; i++) {
			var guess = Api.bearer(this.port, guessPrefix + guessedSecret(i), null).get("/me");
			assertThat(guess.status()).as(guess.toString()).isEqualTo(401);
			assertThat(guess.contentType()).startsWith("application/problem+json");
		}
		var paused = Api.bearer(this.port, guessPrefix + guessedSecret(5), null).get("/me");
		assertThat(paused.status()).as(paused.toString()).isEqualTo(429);
		assertThat(paused.contentType()).startsWith("application/problem+json");
		assertThat(paused.json().path("type").asString()).isEqualTo("/problems/sign-in-throttled");
		assertThat(paused.json().path("detail").asString())
			.isEqualTo("Too many failed sign-ins with this API token. Try again in 15 minutes.");
		assertThat(Long.parseLong(paused.header("Retry-After"))).isBetween(1L, 15 * 60L);
		assertThat(client.get("/me").status()).as("the token in use (verified already) still works").isEqualTo(200);
		assertThat(workspace.admin().get("/me").status()).as("other tokens are not paused").isEqualTo(200);
		assertThat(Api.basic(this.port, workspace.adminEmail(), PASSWORD).get("/me").status())
			.as("nor is the member's password").isEqualTo(200);

		// A token not verified on this instance yet is paused with its id, even with the right secret.
		var unused = workspace.admin().post("/tokens", Map.of("name", "not used yet"));
		for (int i = 0; i < 5; i++) {
			assertThat(Api.bearer(this.port, "cvn_" + unused.id() + "_" + guessedSecret(i), null).get("/me").status())
				.isEqualTo(401);
		}
		var right = Api.bearer(this.port, unused.text("token"), null).get("/me");
		assertThat(right.status()).isEqualTo(429);
		assertThat(right.header("Retry-After")).isNotNull();

		// Wrong passwords for a made-up email address do not count against a token id.
		var another = workspace.admin().post("/tokens", Map.of("name", "another"));
		for (int i = 0; i < 6; i++) {
			WebSession attempt = new WebSession(this.port);
			attempt.get("/login");
			attempt.postForm("/login", Map.of("email", "api-token:" + another.id(), "password", "guess " + i));
		}
		assertThat(Api.bearer(this.port, another.text("token"), null).get("/me").status()).isEqualTo(200);
	}

	private static String guessedSecret(int n) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(("guess " + n).getBytes(StandardCharsets.UTF_8)));
	}

	private static String sha256Hex(String text) {
		return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)));
	}

	private static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
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
