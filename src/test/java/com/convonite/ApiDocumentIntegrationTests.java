package com.convonite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.convonite.support.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document as a whole: what a client generator and a reader need from it. It is also written to
 * {@code target/openapi/convonite.json}, from which the build generates a Java client (openapi-generator, library
 * native) and compiles it, after the integration tests (see the pom). That every answer matches it is checked by
 * the contract test, on every request of every API integration test (ApiContract).
 */
class ApiDocumentIntegrationTests extends ApiIntegrationTest {

	static final Path WRITTEN = Path.of("target", "openapi", "convonite.json");

	@Test
	void theServedDocumentIsWrittenForTheClientBuild() throws IOException {
		var response = anonymous().getFromRoot("/v3/api-docs");
		assertThat(response.status()).isEqualTo(200);
		Files.createDirectories(WRITTEN.getParent());
		Files.writeString(WRITTEN, response.body());
		assertThat(response.json().path("openapi").asString()).startsWith("3.1");
	}

	@Test
	void everyOperationHasAStableIdOneDeclaredTagAndDescriptions() {
		JsonNode document = anonymous().getFromRoot("/v3/api-docs").json();
		assertThat(document.path("info").path("license").path("name").asString()).isNotBlank();
		Set<String> tags = new HashSet<>();
		document.path("tags").forEach((tag) -> {
			tags.add(tag.path("name").asString());
			assertThat(tag.path("description").asString()).as("tag %s", tag).isNotBlank();
		});
		Set<String> ids = new HashSet<>();
		List<String> problems = new ArrayList<>();
		document.path("paths").properties().forEach((path) -> path.getValue().properties().forEach((entry) -> {
			JsonNode operation = entry.getValue();
			String name = entry.getKey().toUpperCase() + " " + path.getKey();
			String id = operation.path("operationId").asString("");
			if (!id.matches("[a-z]+[A-Z][A-Za-z]*|signUp") || !ids.add(id)) {
				problems.add(name + ": operationId " + id + " is not a unique resource-and-action name");
			}
			if (operation.path("tags").size() != 1 || !tags.contains(operation.path("tags").get(0).asString())) {
				problems.add(name + ": needs exactly one declared tag, has " + operation.path("tags"));
			}
			if (operation.path("summary").asString("").isBlank() || operation.path("description").asString("").isBlank()) {
				problems.add(name + ": needs a summary and a description");
			}
			operation.path("parameters").forEach((parameter) -> {
				if (parameter.path("description").asString("").isBlank()) {
					problems.add(name + ": parameter " + parameter.path("name").asString() + " has no description");
				}
			});
			operation.path("requestBody").path("content").properties().forEach((media) -> {
				if (media.getKey().startsWith("multipart/") && !media.getValue().path("schema").has("$ref")) {
					problems.add(name + ": the multipart body needs a named schema");
				}
			});
			operation.path("responses").properties().forEach((response) -> {
				if (response.getKey().startsWith("2") && response.getValue().path("content").has("text/csv")
						&& !response.getValue().path("content").path("text/csv").path("schema").path("type")
							.asString("").equals("string")) {
					problems.add(name + ": CSV answers are strings");
				}
			});
		}));
		assertThat(problems).isEmpty();
	}

}
