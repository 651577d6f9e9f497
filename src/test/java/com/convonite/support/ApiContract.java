package com.convonite.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The contract test: every answer of the API that the integration tests receive through {@link Api} is checked
 * against the OpenAPI document the server itself serves at {@code /v3/api-docs}. A status the operation does not
 * document, a content type it does not declare, a header among {@link #CHECKED_HEADERS} it does not declare (or a
 * required one missing), and a body that does not match the documented schema fail the test that made the
 * request.
 *
 * <p>The schemas are OpenAPI 3.1 (JSON Schema 2020-12) and are validated with networknt's json-schema-validator
 * in its OpenAPI 3.1 dialect, with {@code format} asserted. To also catch properties that the server sends and
 * the document does not mention, every object schema with {@code properties} and no {@code additionalProperties}
 * is closed ({@code unevaluatedProperties: false}) for the check; the served document itself stays open.
 */
public final class ApiContract {

	/** Response headers that a client relies on, so they must be documented wherever they are sent. */
	static final Set<String> CHECKED_HEADERS = Set.of("etag", "location", "idempotent-replayed", "retry-after",
			"content-disposition", "www-authenticate");

	/** What Spring MVC sends on an answer to a path whose last segment has a dot (an id such as {@code 1.5}). */
	private static final String RFD_GUARD = "inline;filename=f.txt";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String DOCUMENT_URI = "https://convonite.test/openapi.json";

	private static volatile ApiContract instance;

	private final JsonNode document;

	private final List<PathTemplate> paths = new ArrayList<>();

	private final SchemaRegistry registry;

	private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

	private ApiContract(JsonNode document) {
		this.document = document;
		document.path("paths").properties().forEach((entry) -> this.paths.add(new PathTemplate(entry.getKey())));
		// the most literal template first: /conversations/export before /conversations/{id}
		this.paths.sort(Comparator.comparingInt(PathTemplate::parameters).thenComparing(PathTemplate::template));
		SchemaRegistryConfig config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
		this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
				(builder) -> builder.schemaRegistryConfig(config));
	}

	/** The contract of the server at {@code baseUrl}; the document is read once per test run. */
	static ApiContract of(HttpClient client, String baseUrl) {
		ApiContract contract = instance;
		if (contract == null) {
			synchronized (ApiContract.class) {
				contract = instance;
				if (contract == null) {
					contract = new ApiContract(fetch(client, baseUrl));
					instance = contract;
				}
			}
		}
		return contract;
	}

	private static JsonNode fetch(HttpClient client, String baseUrl) {
		try {
			HttpResponse<String> response = client.send(
					HttpRequest.newBuilder(URI.create(baseUrl + "/v3/api-docs")).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new AssertionError("The OpenAPI document could not be read: " + response.statusCode() + " "
						+ response.body());
			}
			return JSON.readTree(response.body());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Checks one exchange; throws an {@link AssertionError} naming every way the answer differs from the document.
	 * Requests to addresses outside the documented paths, or with a method the path does not document, are not
	 * checked (the server answers those with its generic 404 or 405 problem, which no operation can declare).
	 */
	void check(String method, String target, Api.Response response) {
		String path = URI.create(target.replace(" ", "%20").replace("|", "%7C")).getRawPath();
		if (path == null || !path.startsWith("/api/")) {
			return;
		}
		PathTemplate template = this.paths.stream().filter((p) -> p.matches(path)).findFirst().orElse(null);
		if (template == null) {
			return;
		}
		JsonNode operation = this.document.path("paths").path(template.template()).path(method.toLowerCase(Locale.ROOT));
		if (!operation.isObject()) {
			return;
		}
		List<String> problems = problems(template.template(), method, operation, response);
		if (!problems.isEmpty()) {
			String report = System.getProperty("api.contract.report");
			if (report != null) {
				// while documenting: collect every mismatch of a whole run in one file instead of failing
				try {
					java.nio.file.Files.writeString(java.nio.file.Path.of(report), method + " " + template.template()
							+ " " + response.status() + ": " + String.join(" | ", problems) + "\n",
							java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
				}
				catch (java.io.IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
				return;
			}
			throw new AssertionError("The answer to " + method + " " + target + " (" + template.template()
					+ ") does not match the OpenAPI document:\n  - " + String.join("\n  - ", problems) + "\nAnswer: "
					+ response.status() + " " + response.headers().map() + "\n" + abbreviate(response.body()));
		}
	}

	/**
	 * Checks one webhook delivery the server made against the document's {@code webhooks} entry for its event
	 * type: the required headers are there and the body matches the request body's schema (closed, as answers
	 * are). Throws an {@link AssertionError} naming every difference.
	 */
	public static void checkWebhook(int port, String eventType, java.util.function.Function<String, String> header,
			String body) {
		ApiContract contract = of(java.net.http.HttpClient.newHttpClient(), "http://localhost:" + port);
		JsonNode operation = contract.document.path("webhooks").path(eventType).path("post");
		if (!operation.isObject()) {
			throw new AssertionError("The OpenAPI document describes no webhook " + eventType);
		}
		List<String> problems = new ArrayList<>();
		for (JsonNode parameter : operation.path("parameters")) {
			JsonNode resolved = contract.resolve(parameter);
			if (resolved.path("in").asString().equals("header") && resolved.path("required").asBoolean(false)
					&& header.apply(resolved.path("name").asString()) == null) {
				problems.add("required header " + resolved.path("name").asString() + " is missing");
			}
		}
		JsonNode schema = contract.resolve(operation.path("requestBody")).path("content").path("application/json")
			.path("schema");
		if (schema.isMissingNode()) {
			problems.add("no application/json body schema is documented");
		}
		else {
			Schema compiled = contract.schemas.computeIfAbsent("webhook " + eventType,
					(k) -> contract.compile(schema, contract.schemas.size()));
			for (Error error : compiled.validate(JSON.readTree(body))) {
				problems.add("body " + error.getInstanceLocation() + ": " + error.getMessage());
			}
		}
		if (!problems.isEmpty()) {
			throw new AssertionError("The " + eventType + " delivery does not match the OpenAPI document's webhooks:\n  - "
					+ String.join("\n  - ", problems) + "\n" + abbreviate(body));
		}
	}

	private List<String> problems(String template, String method, JsonNode operation, Api.Response response) {
		List<String> problems = new ArrayList<>();
		String status = Integer.toString(response.status());
		JsonNode documented = operation.path("responses").path(status);
		if (documented.isMissingNode()) {
			documented = operation.path("responses").path("default");
		}
		if (documented.isMissingNode()) {
			problems.add("status " + status + " is not documented (documented: "
					+ String.join(", ", operation.path("responses").propertyNames()) + ")");
			return problems;
		}
		documented = resolve(documented);
		checkHeaders(documented, response, problems);
		String body = response.body();
		if (body == null || body.isEmpty()) {
			return problems;
		}
		String contentType = response.contentType();
		String mediaType = contentType.contains(";") ? contentType.substring(0, contentType.indexOf(';')) : contentType;
		mediaType = mediaType.strip().toLowerCase(Locale.ROOT);
		JsonNode content = documented.path("content");
		if (!content.has(mediaType)) {
			problems.add("content type " + mediaType + " is not documented for " + status + " (documented: "
					+ (content.isObject() ? String.join(", ", content.propertyNames()) : "no body") + ")");
			return problems;
		}
		JsonNode schema = content.path(mediaType).path("schema");
		if (schema.isMissingNode()) {
			problems.add("no schema is documented for " + status + " " + mediaType);
			return problems;
		}
		JsonNode instance;
		if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
			try {
				instance = JSON.readTree(body);
			}
			catch (RuntimeException ex) {
				problems.add("the body is not JSON: " + ex.getMessage());
				return problems;
			}
		}
		else {
			instance = JSON.getNodeFactory().stringNode(body);
		}
		String key = template + " " + method + " " + status + " " + mediaType;
		Schema compiled = this.schemas.computeIfAbsent(key, (k) -> compile(schema, this.schemas.size()));
		for (Error error : compiled.validate(instance)) {
			problems.add("body " + error.getInstanceLocation() + ": " + error.getMessage());
		}
		return problems;
	}

	private void checkHeaders(JsonNode documented, Api.Response response, List<String> problems) {
		JsonNode headers = documented.path("headers");
		Set<String> declared = new java.util.HashSet<>();
		headers.propertyNames().forEach((name) -> declared.add(name.toLowerCase(Locale.ROOT)));
		for (String name : response.headers().map().keySet()) {
			String lower = name.toLowerCase(Locale.ROOT);
			if (lower.equals("content-disposition") && response.headers().firstValue(name).orElse("").equals(RFD_GUARD)) {
				continue; // Spring MVC's guard against reflected file downloads, on any path with a dot; no API feature
			}
			if (CHECKED_HEADERS.contains(lower) && !declared.contains(lower)) {
				problems.add("header " + name + " is sent but not documented for " + response.status());
			}
		}
		headers.properties().forEach((header) -> {
			JsonNode definition = resolve(header.getValue());
			if (definition.path("required").asBoolean(false)
					&& response.headers().firstValue(header.getKey()).isEmpty()) {
				problems.add("required header " + header.getKey() + " is missing");
			}
		});
	}

	/** The schema, with the document's components beside it so that its references resolve, closed for the check. */
	private Schema compile(JsonNode schema, int index) {
		ObjectNode root = JSON.createObjectNode();
		root.setAll((ObjectNode) close(schema.deepCopy()));
		ObjectNode components = JSON.createObjectNode();
		JsonNode all = close(this.document.path("components").path("schemas").deepCopy());
		components.set("schemas", all);
		root.set("components", components);
		return this.registry.getSchema(SchemaLocation.of(DOCUMENT_URI + "?response=" + index), root);
	}

	private static JsonNode close(JsonNode node) {
		if (node instanceof ObjectNode object) {
			if (object.has("properties") && !object.has("additionalProperties")
					&& !object.has("unevaluatedProperties")) {
				object.put("unevaluatedProperties", false);
			}
			object.properties().forEach((entry) -> {
				if (!entry.getKey().equals("example") && !entry.getKey().equals("examples")) {
					close(entry.getValue());
				}
			});
		}
		else if (node != null && node.isArray()) {
			node.forEach(ApiContract::close);
		}
		return node;
	}

	private JsonNode resolve(JsonNode node) {
		JsonNode current = node;
		for (int hops = 0; current.has("$ref") && hops < 10; hops++) {
			current = this.document.at(current.path("$ref").asString().substring(1));
		}
		return current;
	}

	private static String abbreviate(String body) {
		return (body == null || body.length() <= 2000) ? body : body.substring(0, 2000) + "...";
	}

	record PathTemplate(String template, Pattern pattern, int parameters) {

		PathTemplate(String template) {
			this(template, Pattern.compile(template.replaceAll("\\{[^}]+}", "[^/]+").replace(".", "\\.")),
					(int) template.chars().filter((c) -> c == '{').count());
		}

		boolean matches(String path) {
			return this.pattern.matcher(path).matches();
		}

	}

}
