package com.convonite;

import java.util.List;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad requests of every kind get a clear problem+json 4xx, never a 500 and never a stack trace. */
class ApiErrorsIntegrationTests extends ApiIntegrationTest {

	private static void assertProblem(Api.Response response, int status) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
		var json = response.json();
		assertThat(json.path("type").asString()).startsWith("/problems/");
		assertThat(json.path("detail").asString()).isNotBlank();
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
	}

	@Test
	void malformedJsonWrongTypesAndUnknownValuesAre400WithTheField() {
		Api admin = newWorkspace().admin();
		var malformed = admin.raw("POST", "/purposes", "{\"name\": ", "application/json");
		assertProblem(malformed, 400);
		assertThat(malformed.json().path("errors").get(0).path("field").asString()).isEqualTo("body");
		var wrongType = admin.raw("POST", "/purposes", "{\"name\": \"x\", \"position\": \"first\"}", "application/json");
		assertProblem(wrongType, 400);
		assertThat(wrongType.json().path("errors").get(0).path("field").asString()).isEqualTo("position");
		var unknownEnum = admin.raw("POST", "/members",
				"{\"name\":\"x\",\"email\":\"x@example.com\",\"password\":\"long enough\",\"role\":\"KING\"}", "application/json");
		assertProblem(unknownEnum, 400);
		assertThat(unknownEnum.json().path("errors").get(0).path("message").asString()).contains("ADMIN");
		var unknownField = admin.raw("POST", "/purposes", "{\"nmae\": \"x\"}", "application/json");
		assertProblem(unknownField, 400);
		assertThat(unknownField.json().path("errors").get(0).path("field").asString()).isEqualTo("nmae");
		assertProblem(admin.raw("POST", "/purposes", "[1,2]", "application/json"), 400);
		assertProblem(admin.raw("POST", "/purposes", "", "application/json"), 400);
		assertProblem(admin.raw("PATCH", "/settings", "\"text\"", "application/json"), 400);
	}

	@Test
	void wrongContentTypeIs415AndWrongMethodIs405() {
		Api admin = newWorkspace().admin();
		assertProblem(admin.raw("POST", "/purposes", "name=x", "application/x-www-form-urlencoded"), 415);
		assertProblem(admin.raw("POST", "/purposes", "name", "text/plain"), 415);
		var wrongMethod = admin.raw("PUT", "/purposes", "{}", "application/json");
		assertProblem(wrongMethod, 405);
		assertThat(wrongMethod.header("Allow")).contains("GET");
	}

	@Test
	void bodiesOverOneMebibyteAre413() {
		Api admin = newWorkspace().admin();
		String huge = "{\"name\": \"" + "x".repeat(1_100_000) + "\"}";
		assertProblem(admin.raw("POST", "/purposes", huge, "application/json"), 413);
		assertThat(admin.get("/purposes").json().size()).isEqualTo(3);
	}

	@Test
	void unknownPathsAndIdsAre404() {
		Api admin = newWorkspace().admin();
		for (String path : List.of("/nothing-here", "/purposes/999999999", "/purposes/not-a-number",
				"/conversations/-1", "/members/99999999999999999999999")) {
			assertProblem(admin.get(path), 404);
		}
	}

	@Test
	void unauthenticatedRequestsAre401Problems() {
		var response = anonymous().get("/conversations");
		assertProblem(response, 401);
		assertThat(response.header("WWW-Authenticate")).contains("Basic");
	}

	@Test
	void theOpenApiDocumentDescribesTheApi() {
		var doc = Api.anonymous(this.port).getFromRoot("/v3/api-docs");
		assertThat(doc.status()).isEqualTo(200);
		assertThat(doc.body()).contains("/api/v1/conversations").contains("/api/v1/purposes").contains("/api/v1/members");
	}

}
