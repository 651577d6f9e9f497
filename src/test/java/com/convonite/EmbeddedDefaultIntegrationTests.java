package com.convonite;

import com.convonite.support.Api;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product as a new user starts it: no database configured, so it runs its own PostgreSQL, migrates it
 * and serves; sign-up is off by default.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=", "server.shutdown=immediate", "convonite.embedded-postgres.data-directory=",
				"CONVONITE_ADMIN_EMAIL=first@example.com", "CONVONITE_ADMIN_PASSWORD=first-start-password" })
class EmbeddedDefaultIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void startsItsOwnPostgresAndServesTheApi() {
		var me = Api.basic(this.port, "first@example.com", "first-start-password").get("/me");
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.json().path("member").path("role").asString()).isEqualTo("ADMIN");
		assertThat(me.json().path("workspace").path("name").asString()).isEqualTo("My workspace");
	}

	@Test
	void signUpIsDisabledByDefault() {
		var refused = Api.anonymous(this.port).post("/workspaces", java.util.Map.of("workspaceName", "X", "adminName",
				"Y", "adminEmail", "y@example.com", "adminPassword", "long enough password"));
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.json().path("type").asString()).isEqualTo("/problems/signup-disabled");
	}

}
