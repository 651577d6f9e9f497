package com.convonite.shared;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.WebSession;
import com.convonite.task.FollowUpTasks;
import com.convonite.task.NewFollowUpTask;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a request may come from and where an answer may send the browser: return addresses stay on this
 * site, cross-site API changes are refused, browsers get no Basic challenge, and the operator's metrics take
 * the operator's token, never a workspace admin's credentials (issue 13, items 10 to 12).
 */
class RequestOriginIntegrationTests extends ApiIntegrationTest {

	private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@Autowired
	FollowUpTasks followUpTasks;

	@Autowired
	org.springframework.boot.web.server.context.WebServerApplicationContext webServer;

	@Test
	void theTaskPagesFollowOnlyLocalReturnAddresses() {
		var ws = newWorkspace();
		var task = this.followUpTasks.create(ws.adminMember(),
				new NewFollowUpTask(null, null, null, "Call back", null, null, null));
		WebSession web = WebSession.signIn(this.port, ws.adminEmail(), PASSWORD);
		for (String hostile : new String[] { "/%09/evil.example", "//evil.example", "/%5Cevil.example",
				"https://evil.example/", "/%0d%0a/evil.example", "%2F%2Fevil.example", "/%E2%80%8B/evil.example",
				"/%20/evil.example", "javascript:alert(1)" }) {
			var page = web.get("/tasks/" + task.id() + "/edit?back=" + hostile);
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.body()).as(hostile).doesNotContain("evil.example").doesNotContain("javascript:");
			assertThat(page.body()).contains("href=\"/tasks\"");
			var done = web.postForm("/tasks/" + task.id() + "/complete",
					Map.of("back", java.net.URLDecoder.decode(hostile, java.nio.charset.StandardCharsets.UTF_8)));
			assertThat(done.headers().firstValue("Location").orElseThrow()).as(hostile).endsWith("/tasks");
			web.postForm("/tasks/" + task.id() + "/reopen", Map.of());
		}
		var kept = web.get("/tasks/" + task.id() + "/edit?back=%2Ftasks%3Fstatus%3DDONE");
		assertThat(kept.body()).contains("href=\"/tasks?status=DONE\"");
	}

	@Test
	void taskPanelsOfUnknownOrOtherWorkspacesRecordsAre404() {
		var ws = newWorkspace();
		var theirs = newWorkspace();
		var chat = com.convonite.support.Inbound.deliver(theirs.admin(), com.convonite.support.Inbound.phone(), "Ola",
				"Hi", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
		var conversation = theirs.admin().post("/conversations", body("chatId", chat.chatId(), "subject", "Question",
				"purposeId", theirs.admin().get("/purposes").json().get(0).path("id").asString(),
				"followUpTask", body("title", "Call back")));
		assertThat(conversation.status()).as(conversation.toString()).isEqualTo(201);
		WebSession them = WebSession.signIn(this.port, theirs.adminEmail(), PASSWORD);
		assertThat(them.get("/contacts/" + chat.contactId() + "/tasks-panel").body()).contains("Call back");
		assertThat(them.get("/conversations/" + conversation.id() + "/tasks-panel").body()).contains("Call back");

		WebSession web = WebSession.signIn(this.port, ws.adminEmail(), PASSWORD);
		Map<String, String> htmx = Map.of("HX-Request", "true");
		for (String path : new String[] { "/contacts/999999999/tasks-panel", "/contacts/999999999/tasks-panel?status=open",
				"/conversations/999999999/tasks-panel", "/contacts/" + chat.contactId() + "/tasks-panel",
				"/contacts/" + chat.contactId() + "/tasks-panel?status=open",
				"/conversations/" + conversation.id() + "/tasks-panel" }) {
			for (var answer : java.util.List.of(web.get(path), web.get(path, htmx))) {
				assertThat(answer.statusCode()).as(path).isEqualTo(404);
				assertThat(answer.body()).as(path).doesNotContain("Call back");
			}
		}
	}

	@Test
	void crossSiteChangesToTheApiAreRefusedBeforeCredentialsAreRead() {
		var ws = newWorkspace();
		Api basic = Api.basic(this.port, ws.adminEmail(), PASSWORD);
		Map<String, String> fromElsewhere = Map.of("Origin", "https://evil.example");
		for (Map<String, String> headers : new Map[] { fromElsewhere, Map.of("Sec-Fetch-Site", "cross-site"),
				Map.of("Sec-Fetch-Site", "same-site"), Map.of("Origin", "null") }) {
			Api browser = basic;
			for (var header : headers.entrySet()) {
				browser = browser.with(header.getKey(), header.getValue());
			}
			var bodiless = browser.post("/tokens");
			assertThat(bodiless.status()).as(headers.toString()).isEqualTo(403);
			assertThat(bodiless.contentType()).startsWith("application/problem+json");
			assertThat(bodiless.json().path("type").asString()).isEqualTo("/problems/cross-site-request");
			var multipart = browser.raw("POST", "/contacts/imports",
					"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\n\r\nphone\r\n+351912345678\r\n--b--\r\n",
					"multipart/form-data; boundary=b");
			assertThat(multipart.status()).as(headers.toString()).isEqualTo(403);
			assertThat(browser.post("/purposes", Map.of("name", "Sneaky")).status()).isEqualTo(403);
			assertThat(browser.delete("/tokens/1").status()).isEqualTo(403);
		}
		assertThat(ws.admin().get("/purposes").body()).doesNotContain("Sneaky");
		// the same site, and clients that are not browsers, go on as before
		assertThat(basic.with("Origin", "http://localhost:" + this.port).with("Sec-Fetch-Site", "same-origin")
			.post("/purposes", Map.of("name", "Same site")).status()).isEqualTo(201);
		assertThat(basic.post("/purposes", Map.of("name", "From a script")).status()).isEqualTo(201);
		assertThat(basic.with("Origin", "https://evil.example").get("/purposes").status()).isEqualTo(200);
	}

	@Test
	void browsersGetNoBasicChallenge() {
		var browser = anonymous().with("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0")
			.with("Accept", "text/html")
			.get("/conversations");
		assertThat(browser.status()).isEqualTo(401);
		assertThat(browser.header("WWW-Authenticate")).doesNotContainIgnoringCase("basic");
		var fetch = anonymous().with("Sec-Fetch-Mode", "cors").get("/conversations");
		assertThat(fetch.header("WWW-Authenticate")).doesNotContainIgnoringCase("basic");
		assertThat(anonymous().get("/conversations").header("WWW-Authenticate")).contains("Basic");
		var page = anonymous().with("User-Agent", "Mozilla/5.0").getFromRoot("/actuator/prometheus");
		assertThat(page.header("WWW-Authenticate")).doesNotContainIgnoringCase("basic");
	}

	@Test
	void metricsTakeTheOperatorTokenAndNoMembersCredentials() throws Exception {
		var ws = newWorkspace();
		assertThat(Api.basic(this.port, ws.adminEmail(), PASSWORD).getFromRoot("/actuator/prometheus").status())
			.isEqualTo(401);
		assertThat(ws.admin().getFromRoot("/actuator/prometheus").status()).isEqualTo(401);
		assertThat(ws.admin().getFromRoot("/actuator/metrics").status()).isEqualTo(401);
		WebSession web = WebSession.signIn(this.port, ws.adminEmail(), PASSWORD);
		assertThat(web.get("/actuator/prometheus").statusCode()).isEqualTo(401);
		assertThat(anonymous().with("Authorization", "Bearer wrong").getFromRoot("/actuator/prometheus").status())
			.isEqualTo(401);
		var operator = anonymous().with("Authorization", "Bearer test-operator-token").getFromRoot("/actuator/prometheus");
		assertThat(operator.status()).isEqualTo(200);
		assertThat(operator.body()).contains("jvm_memory_used_bytes");
		assertThat(anonymous().getFromRoot("/actuator/health/readiness").status()).isEqualTo(200);
		assertThat(anonymous().getFromRoot("/actuator/health").status()).isEqualTo(200);
	}

	@Test
	void forwardedHeadersAreTrustedOnlyFromTheConfiguredProxy() throws Exception {
		String forwarded = "X-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\nX-Forwarded-For: 203.0.113.9\r\n";
		String fromElsewhere = rawGet("127.0.0.2", "/chats", forwarded);
		assertThat(fromElsewhere).startsWith("HTTP/1.1 302");
		assertThat(fromElsewhere).doesNotContain("evil.example").doesNotContain("Strict-Transport-Security");
		String fromTheProxy = rawGet("127.0.0.1", "/chats", forwarded);
		assertThat(fromTheProxy).contains("Location: https://evil.example/login").contains("Strict-Transport-Security");

		// No peer address on a private network here to connect from, so the running server's own setting is asked
		// instead: Tomcat's default would trust 10/8, 172.16/12, 192.168/16, 169.254/16 and all of 127/8.
		var tomcat = ((org.springframework.boot.tomcat.TomcatWebServer) this.webServer.getWebServer()).getTomcat();
		String trusted = java.util.Arrays.stream(tomcat.getEngine().getPipeline().getValves())
			.filter(org.apache.catalina.valves.RemoteIpValve.class::isInstance)
			.map((valve) -> ((org.apache.catalina.valves.RemoteIpValve) valve).getInternalProxies())
			.findFirst()
			.orElseThrow();
		for (String peer : new String[] { "10.0.0.5", "172.16.3.4", "192.168.1.2", "169.254.169.254", "127.0.0.2",
				"100.64.0.1", "fd00:0:0:0:0:0:0:1" }) {
			assertThat(java.util.regex.Pattern.matches(trusted, peer)).as(peer).isFalse();
		}
		assertThat(java.util.regex.Pattern.matches(trusted, "127.0.0.1")).isTrue();
		assertThat(java.util.regex.Pattern.matches(trusted, "0:0:0:0:0:0:0:1")).isTrue();
	}

	private String rawGet(String fromAddress, String path, String headers) throws Exception {
		try (java.net.Socket socket = new java.net.Socket()) {
			socket.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName(fromAddress), 0));
			socket.connect(new java.net.InetSocketAddress("127.0.0.1", this.port), 5000);
			socket.setSoTimeout(10000);
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + this.port + "\r\n" + headers
						+ "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
		}
	}

	@Test
	void theOpenApiDocumentIsOpenInBothForms() throws Exception {
		for (String path : new String[] { "/v3/api-docs", "/v3/api-docs.yaml" }) {
			HttpResponse<String> response = CLIENT.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			assertThat(response.body()).as(path).contains("/api/v1/conversations");
		}
	}

}
