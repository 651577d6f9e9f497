package com.convonite.support;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of the served OpenAPI document, with what a test needs to call it: its path parameters by the
 * collection they name, its query parameters, and a valid-looking body made from its schema. Tests built on
 * this cover a new endpoint the moment it is documented.
 */
public final class OpenApiOperations {

	private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

	private final JsonNode document;

	public final List<Operation> operations = new ArrayList<>();

	public record Operation(String method, String path, List<String> queryParameters, JsonNode bodySchema,
			String bodyContentType, boolean adminOnly, boolean secured) {

		public boolean hasPathParameters() {
			return this.path.contains("{");
		}

		/** The collection each path parameter names: {@code /chats/{id}/messages/{messageId}} → chats, messages. */
		public List<String> pathCollections() {
			List<String> collections = new ArrayList<>();
			Matcher matcher = PATH_PARAMETER.matcher(this.path);
			while (matcher.find()) {
				String before = this.path.substring(0, matcher.start() - 1);
				collections.add(before.substring(before.lastIndexOf('/') + 1));
			}
			return collections;
		}

		/** The path with each parameter replaced by the id of its collection's record in {@code ids}. */
		public String pathWith(Map<String, String> ids) {
			Matcher matcher = PATH_PARAMETER.matcher(this.path);
			StringBuilder result = new StringBuilder();
			List<String> collections = pathCollections();
			int index = 0;
			while (matcher.find()) {
				String collection = collections.get(index++);
				String id = ids.get(collection);
				assertThat(id).as("No test record for /%s/{id} in %s %s: add one of that kind to WorkspaceFixture",
						collection, this.method, this.path).isNotNull();
				matcher.appendReplacement(result, Matcher.quoteReplacement(id));
			}
			matcher.appendTail(result);
			return result.toString();
		}

		/** The path with every parameter replaced by {@code value}, which may be malformed. */
		public String pathWithEvery(String value) {
			return PATH_PARAMETER.matcher(this.path).replaceAll(Matcher.quoteReplacement(value));
		}

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

	public OpenApiOperations(JsonNode document) {
		this.document = document;
		document.path("paths").properties().forEach((entry) -> entry.getValue().properties().forEach((method) -> {
			JsonNode operation = method.getValue();
			if (!operation.isObject() || !operation.has("responses")) {
				return;
			}
			List<String> query = new ArrayList<>();
			operation.path("parameters").forEach((parameter) -> {
				if ("query".equals(parameter.path("in").asString())) {
					query.add(parameter.path("name").asString());
				}
			});
			JsonNode content = operation.path("requestBody").path("content");
			String contentType = content.isObject() && !content.isEmpty() ? content.properties().iterator().next().getKey() : null;
			JsonNode schema = (contentType != null) ? content.path(contentType).path("schema") : null;
			boolean secured = !(operation.has("security") && operation.path("security").isEmpty());
			this.operations.add(new Operation(method.getKey().toUpperCase(), entry.getKey(), query, schema, contentType,
					operation.path("x-admin-only").asBoolean(false), secured));
		}));
	}

	public static OpenApiOperations of(Api api) {
		var response = api.getFromRoot("/v3/api-docs");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return new OpenApiOperations(response.json());
	}

	/** The collection an id-valued field or parameter refers to, by its name: chatId → chats, ownerId → members. */
	public static String collectionOf(String name) {
		return switch (name) {
			case "ownerId", "assigneeId", "createdBy", "assignee", "authorId", "memberId", "agentId" -> "members";
			case "firstMessageId", "lastMessageId", "messageId" -> "messages";
			default -> name.endsWith("Id") ? pluralOf(name.substring(0, name.length() - 2)) : null;
		};
	}

	private static String pluralOf(String word) {
		return word.endsWith("s") ? word + "es" : word + "s";
	}

	/**
	 * A body that a careful client could send: every documented property filled with a plausible value, ids taken
	 * from {@code ids} by the collection their name refers to. Whether the server accepts it depends on the ids.
	 */
	public Object bodyFor(Operation operation, Map<String, String> ids) {
		return (operation.bodySchema() != null) ? valueFor("body", operation.bodySchema(), ids, 0) : null;
	}

	private Object valueFor(String name, JsonNode schema, Map<String, String> ids, int depth) {
		JsonNode resolved = resolve(schema);
		if (resolved.has("enum")) {
			return resolved.path("enum").get(0).asString();
		}
		String type = typeOf(resolved);
		String collection = collectionOf(name);
		if (collection != null && ids.containsKey(collection)) {
			return ids.get(collection);
		}
		return switch (type) {
			case "integer", "number" -> 1;
			case "boolean" -> Boolean.FALSE;
			case "array" -> List.of(valueFor(name, resolved.path("items"), ids, depth + 1));
			case "string" -> stringFor(name, resolved.path("format").asString(""));
			default -> {
				Map<String, Object> object = new LinkedHashMap<>();
				if (depth < 4) {
					resolved.path("properties").properties().forEach((property) -> object.put(property.getKey(),
							valueFor(property.getKey(), property.getValue(), ids, depth + 1)));
				}
				yield object;
			}
		};
	}

	/** The schema's type; OpenAPI 3.1 writes a nullable one as a list such as ["string", "null"]. */
	private static String typeOf(JsonNode schema) {
		JsonNode type = schema.path("type");
		if (type.isArray()) {
			for (JsonNode each : type) {
				if (!each.asString().equals("null")) {
					return each.asString();
				}
			}
		}
		return type.asString("object");
	}

	private static Object stringFor(String name, String format) {
		if ("date-time".equals(format)) {
			return OffsetDateTime.now().plusHours(1).withNano(0).toString();
		}
		if ("binary".equals(format)) {
			return "name,phone\nProbe," + Inbound.phone() + "\n";
		}
		String lower = name.toLowerCase();
		if (lower.contains("email")) {
			return "probe-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		}
		if (lower.contains("phone")) {
			return Inbound.phone();
		}
		if (lower.contains("password")) {
			return ApiIntegrationTest.PASSWORD;
		}
		if (lower.equals("timezone")) {
			return "Europe/Lisbon";
		}
		if (lower.contains("country")) {
			return "PT";
		}
		if (lower.contains("url")) {
			return "http://127.0.0.1:9/probe";
		}
		if (lower.equals("type")) {
			return "TEXT";
		}
		if (lower.equals("channel")) {
			return "whatsapp";
		}
		if (lower.contains("externalid")) {
			return "wamid.probe" + UUID.randomUUID();
		}
		return "Probe " + name;
	}

	private JsonNode resolve(JsonNode schema) {
		JsonNode current = schema;
		for (int hops = 0; current.has("$ref") && hops < 10; hops++) {
			String reference = current.path("$ref").asString();
			current = this.document.at(reference.substring(1));
		}
		if (current.has("allOf") && current.path("allOf").size() == 1) {
			return resolve(current.path("allOf").get(0));
		}
		return current;
	}

}
