package com.convonite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.convonite.support.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The OpenAPI document as a whole: what a client generator and a reader need from it. The build generates a Java
 * client (openapi-generator's defaults, library native) from a snapshot of it in
 * {@value #SNAPSHOT_PATH}, and GeneratedClientWorkflowIntegrationTests runs the API walk-through with that
 * client; this test keeps the snapshot equal to the document the server serves. That every answer matches the
 * document is checked by the contract test, on every request of every API integration test (ApiContract).
 */
class ApiDocumentIntegrationTests extends ApiIntegrationTest {

	static final String SNAPSHOT_PATH = "src/test/resources/openapi/convonite.json";

	/** Set (-Dopenapi.snapshot.update) to write the served document over the snapshot instead of comparing. */
	static final String UPDATE = "openapi.snapshot.update";

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	@Test
	void theServedDocumentIsTheSnapshotTheClientIsGeneratedFrom() throws IOException {
		var response = anonymous().getFromRoot("/v3/api-docs");
		assertThat(response.status()).isEqualTo(200);
		JsonNode served = JSON.readTree(response.body());
		assertThat(served.path("openapi").asString()).startsWith("3.1");
		Path snapshot = Path.of(SNAPSHOT_PATH);
		if (Boolean.getBoolean(UPDATE)) {
			Files.createDirectories(snapshot.getParent());
			Files.writeString(snapshot, JSON.writeValueAsString(served) + "\n");
			return;
		}
		JsonNode kept = Files.exists(snapshot) ? JSON.readTree(Files.readString(snapshot)) : JSON.missingNode();
		List<String> differences = new ArrayList<>();
		differences("", kept, served, differences);
		if (!differences.isEmpty()) {
			fail("The served OpenAPI document differs from its snapshot " + SNAPSHOT_PATH + ", from which the build "
					+ "generates the Java client, in " + differences.size() + " place(s); the first:\n  "
					+ String.join("\n  ", differences.subList(0, Math.min(20, differences.size())))
					+ "\nIf the change is meant, refresh the snapshot, review its diff and commit it:\n"
					+ "  ./mvnw verify -Dit.test=ApiDocumentIntegrationTests -D" + UPDATE + "=true "
					+ "-Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false\n"
					+ "then build again, so that the client is generated from it and "
					+ "GeneratedClientWorkflowIntegrationTests runs the walk-through with it.");
		}
	}

	/** The JSON pointers at which two documents differ, with what each holds there. */
	private static void differences(String at, JsonNode kept, JsonNode served, List<String> differences) {
		if (kept.isObject() && served.isObject()) {
			Set<String> names = new LinkedHashSet<>(kept.propertyNames());
			names.addAll(served.propertyNames());
			for (String name : names) {
				differences(at + "/" + name.replace("~", "~0").replace("/", "~1"), kept.path(name), served.path(name),
						differences);
			}
		}
		else if (kept.isArray() && served.isArray() && kept.size() == served.size()) {
			for (int i = 0; i < kept.size(); i++) {
				differences(at + "/" + i, kept.get(i), served.get(i), differences);
			}
		}
		else if (!kept.equals(served)) {
			differences.add((at.isEmpty() ? "/" : at) + ": snapshot " + abbreviate(kept) + ", served "
					+ abbreviate(served));
		}
	}

	private static String abbreviate(JsonNode node) {
		String text = node.isMissingNode() ? "(absent)" : node.toString();
		return (text.length() > 120) ? text.substring(0, 117) + "..." : text;
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
				JsonNode csv = response.getValue().path("content").path("text/csv").path("schema");
				if (response.getKey().startsWith("2") && !csv.isMissingNode()
						&& !(csv.path("type").asString("").equals("string")
								&& csv.path("format").asString("").equals("binary"))) {
					// a generated client then hands over the downloaded file instead of parsing it as JSON
					problems.add(name + ": CSV answers are files (type string, format binary)");
				}
			});
		}));
		assertThat(problems).isEmpty();
	}

}
