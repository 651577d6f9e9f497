package com.convonite.workspace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.convonite.shared.AdminOnly;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The OpenAPI document at /v3/api-docs. Controllers say what is particular to each operation (its id, summary,
 * success status, the refusals only it makes); this class adds what holds for every operation, so that the
 * document says everything the server answers: the problem+json errors each operation can answer (with
 * examples), the response headers (ETag, Location, Idempotent-Replayed, Retry-After, WWW-Authenticate,
 * Content-Disposition), descriptions of the common parameters, and on every schema which properties are always
 * present ({@code required}) and which may be {@code null}. The contract test (ApiContract in the tests) checks
 * every answer of the API integration tests against this document.
 *
 * <p>Conventions the document states: a response property is always present, {@code null} when it has no
 * value (those properties are nullable); request properties are optional unless listed as required; enum values
 * are UPPER_SNAKE_CASE in bodies and query parameters alike (the server also accepts them in lower case, and the
 * chat views in their older kebab-case), except webhook event types, which are the dotted names sent in
 * {@code Convonite-Event-Type}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static {
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(SignedInMember.class);
	}

	private static final String PROBLEM = "#/components/schemas/Problem";

	/** Response properties that are left out, rather than null, when they have no value. */
	private static final Map<String, Set<String>> SOMETIMES_ABSENT = Map.of("WebhookEndpointView", Set.of("secret"),
			"PageConversationView", Set.of("total", "totalMoreThan"), "PageChatEpisodeView", Set.of("total", "totalMoreThan"));

	/** The lists that count their matches: the others' pages never carry total. */
	private static final Set<String> COUNTED_PAGES = Set.of("PageConversationView", "PageChatEpisodeView");

	/** Tags, in the order a reader meets them, with what each covers. */
	private static final Map<String, String> TAGS = tags();

	private static Map<String, String> tags() {
		Map<String, String> tags = new LinkedHashMap<>();
		tags.put("Chats", "Chats with customers: lists, messages, assigning, closing and reopening");
		tags.put("Conversations", "Logged conversations: the journal entries of why a customer got in touch and how it ended");
		tags.put("Tasks", "Follow-up tasks, made with a conversation");
		tags.put("Reports", "Conversations counted by purpose, owner and status over time, and their outcomes, with CSV");
		tags.put("Contacts", "The workspace's customers");
		tags.put("Contact imports", "Contacts imported from a CSV file, in the background");
		tags.put("Purposes", "Why conversations happen; the list is the workspace's own");
		tags.put("Conversation fields", "The workspace's own fields on conversations, and what closing one needs");
		tags.put("Members", "The signed-in member and the workspace's members");
		tags.put("API tokens", "Personal API tokens for Authorization: Bearer");
		tags.put("Settings", "The workspace's settings");
		tags.put("Webhooks", "Setting up signed outgoing webhooks (admins only); the payloads are under webhooks");
		tags.put("Webhook events", "What Convonite POSTs to a webhook endpoint, one entry per event type (webhooks)");
		tags.put("Channels", "The WhatsApp channel's settings (admins only)");
		tags.put("Inbound", "Customers' messages delivered by channel integrations");
		tags.put("Workspaces", "Signing up a new workspace");
		return tags;
	}

	@Bean
	OpenAPI convoniteOpenApi() {
		List<Tag> tags = new ArrayList<>();
		TAGS.forEach((name, description) -> tags.add(new Tag().name(name).description(description)));
		return new OpenAPI()
			.info(new Info().title("Convonite API")
				.version("v1")
				.license(new License().name("Proprietary: for use with your Convonite workspace")
					.identifier("LicenseRef-Proprietary"))
				.contact(new Contact().name("Convonite").email("support@convonite.com"))
				.description("""
						The REST API of Convonite, a team inbox built around logged Conversations.

						- Ids are strings; times are ISO-8601 with offset.
						- Every property of an answer is present; one without a value is `null` (such properties \
						are nullable in the schemas below).
						- Enum values are UPPER_SNAKE_CASE, in bodies and query parameters alike (the server also \
						accepts them in lower case). Webhook event types are the exception: they are the dotted names \
						of the `Convonite-Event-Type` header, such as `conversation.logged`.
						- Lists take `limit` (1-200, default 50) and an opaque `cursor`, and answer \
						`{items, nextCursor}`; `nextCursor` is `null` on the last page. The conversation list (and the \
						chat history, `/chat-episodes`) also gives `total` (or `totalMoreThan`) on its first page.
						- Every POST accepts an `Idempotency-Key` header: a retry with the same key and body gets the \
						first answer again, marked `Idempotent-Replayed: true`. Every PATCH needs the `version` you \
						last read (in the body or `If-Match`); answers that carry one versioned record carry its \
						version as `ETag`.
						- Errors are `application/problem+json` (RFC 9457) with a stable `type`, a `detail` saying what \
						to do, the request path as `instance`, and for validation problems `errors`, a list of \
						`{field, message}`."""))
			.tags(tags)
			// Self-hosted: the API is wherever the document was read from. A relative server says so, and keeps the
			// document the same on every host and port (springdoc would write the address of the request).
			.servers(List.of(new Server().url("/")
				.description("The Convonite server that serves this document; a client sets its own address")))
			.components(new Components()
				.addSecuritySchemes("basic",
						new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
							.description("A member's email and password. After 5 wrong passwords for one email address "
									+ "in 15 minutes, that address gets 429 with Retry-After"))
				.addSecuritySchemes("bearer",
						new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
							.description("A personal API token from POST /api/v1/tokens: cvn_<id>_<secret>. After 5 wrong "
									+ "secrets for one token id in 15 minutes, that id gets 429 with Retry-After"))
				.addSchemas("Problem", problemSchema())
				.addSchemas("FieldProblem", fieldProblemSchema()))
			.addSecurityItem(new SecurityRequirement().addList("basic"))
			.addSecurityItem(new SecurityRequirement().addList("bearer"));
	}

	/**
	 * One tag per operation: a method's own {@code @Tag} replaces its controller's. Operations marked
	 * {@link AdminOnly} say so, in words and as {@code x-admin-only} for tools and tests.
	 */
	@Bean
	OperationCustomizer operationBasics() {
		return (operation, handler) -> {
			io.swagger.v3.oas.annotations.tags.Tag own = handler
				.getMethodAnnotation(io.swagger.v3.oas.annotations.tags.Tag.class);
			if (own != null) {
				operation.setTags(new ArrayList<>(List.of(own.name())));
			}
			AdminOnly adminOnly = handler.getMethodAnnotation(AdminOnly.class);
			if (adminOnly != null) {
				operation.addExtension("x-admin-only", true);
				String description = operation.getDescription();
				operation.setDescription(((description == null) ? "" : description + " ") + "Admins only.");
				add(operation, "403", "Only an admin can " + adminOnly.value(), "forbidden",
						"Only an admin can " + adminOnly.value() + ".");
			}
			return operation;
		};
	}

	/** Everything that holds for all operations, applied after springdoc built the document. */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	@SuppressWarnings("rawtypes")
	OpenApiCustomizer apiContract() {
		return (openApi) -> {
			Map<String, Schema> schemas = openApi.getComponents().getSchemas();
			openApi.getPaths().forEach((path, item) -> item.readOperationsMap()
				.forEach((method, operation) -> {
					problemResponses(path, method, operation);
					successResponses(method, operation, schemas);
					commonParameters(path, operation);
				}));
			namedMultipartBodies(openApi);
			schemaContracts(openApi);
			// one definition per tag, with its description, whatever the controllers declared
			List<Tag> tags = new ArrayList<>();
			TAGS.forEach((name, description) -> tags.add(new Tag().name(name).description(description)));
			openApi.setTags(tags);
		};
	}

	// --- responses ----------------------------------------------------------------------------------------

	private static void problemResponses(String path, PathItem.HttpMethod method, Operation operation) {
		boolean secured = operation.getSecurity() == null || !operation.getSecurity().isEmpty();
		boolean hasBody = operation.getRequestBody() != null;
		boolean upload = hasBody && operation.getRequestBody().getContent() != null
				&& operation.getRequestBody().getContent().containsKey("multipart/form-data");
		add(operation, "400", "The request is not valid; errors lists each field and what to fix", "validation",
				"subject: is required");
		if (secured) {
			add(operation, "401", "Not signed in, or the credentials were not accepted", "unauthorized",
					"Sign in with HTTP Basic (your email and password) or send Authorization: Bearer <API token>.")
				.addHeaderObject("WWW-Authenticate", header("The accepted schemes: Basic and Bearer", true));
			add(operation, "403", "Your role or relation to the record does not allow this", "forbidden",
					"Only an admin can delete conversations.");
			add(operation, "429", "Too many failed sign-ins with these credentials; wait before trying again",
					"sign-in-throttled", "Too many failed sign-ins. Try again in 12 minutes.")
				.addHeaderObject("Retry-After", header("Seconds to wait before signing in again", true)
					.schema(new IntegerSchema()));
		}
		if (path.contains("{")) {
			add(operation, "404", "No such record in your workspace", "not-found",
					"No conversation with that id exists in this workspace.");
		}
		add(operation, "406", "The Accept header asks for a type this operation does not answer with",
				"not-acceptable", "This operation answers with application/json; accept that (or */*).");
		if (method == PathItem.HttpMethod.PUT) {
			add(operation, "409", "Someone else saved a newer version", "stale-version",
					"The settings were changed by someone else since you loaded them. Reload them, then save again.");
		}
		if (method == PathItem.HttpMethod.PATCH) {
			add(operation, "409", "Someone else saved a newer version", "stale-version",
					"This conversation was changed by someone else since you loaded it. Reload it to see their change, "
							+ "then apply yours again.");
			add(operation, "428", "No version was sent", "version-required",
					"Send the version you last saw, as \"version\" in the body or in an If-Match header.");
		}
		if (method == PathItem.HttpMethod.POST) {
			if (operation.getParameters() == null || operation.getParameters().stream()
				.noneMatch((p) -> "Idempotency-Key".equals(p.getName()))) {
				operation.addParametersItem(new Parameter().in("header").name("Idempotency-Key").required(false)
					.description("Makes the request safe to retry: a retry with the same key and body gets the first "
							+ "answer (marked Idempotent-Replayed: true) and creates nothing twice. Any string up to "
							+ "255 characters, such as a UUID; kept for 24 hours.")
					.schema(new StringSchema().maxLength(255).example("5f0c6e1e-2b7a-4c8e-9d0a-1f2e3d4c5b6a")));
			}
			add(operation, "409", "The request conflicts with the record's state, or a request with this "
					+ "Idempotency-Key is still being answered", "conflict",
					"A request with this Idempotency-Key is still in progress; retry in a moment.");
			add(operation, "422", "The Idempotency-Key was used before for a different request",
					"idempotency-key-reused", "This Idempotency-Key was already used for a different request.");
		}
		if (hasBody || method == PathItem.HttpMethod.POST) {
			add(operation, "413", upload ? "The file is larger than the import limit (50 MiB by default)"
					: "The body is larger than 1 MiB", "payload-too-large",
					upload ? "The file is larger than the 50 MiB a contact import accepts; split it into smaller files."
							: "The request body is larger than the 1024 KiB this API accepts; send less.");
		}
		if (hasBody) {
			add(operation, "415", "The body is not of a type this operation takes", "unsupported-media-type",
					"Send the body as application/json.");
		}
		add(operation, "500", "Something went wrong on the server; nothing you sent was at fault", "internal",
				"Something went wrong on our side; nothing you sent was at fault. The error has been logged.");
		add(operation, "503", "The database is unreachable; nothing was changed", "unavailable",
				"The service cannot reach its database right now. Nothing was changed; try again in a few seconds.")
			.addHeaderObject("Retry-After", header("Seconds to wait before trying again", true)
				.schema(new IntegerSchema()));
		// refusals a controller declared in words only get the problem body; every 429 says when to retry
		operation.getResponses().forEach((status, response) -> {
			if (status.equals("429") && (response.getHeaders() == null
					|| !response.getHeaders().containsKey("Retry-After"))) {
				response.addHeaderObject("Retry-After", header("Seconds to wait before trying again", true)
					.schema(new IntegerSchema()));
			}
			if (status.startsWith("4") || status.startsWith("5")) {
				if (response.getContent() == null || !response.getContent().containsKey("application/problem+json")) {
					response.setContent(problemContent(Integer.parseInt(status), null, response.getDescription(),
							null));
				}
			}
		});
		sortResponses(operation);
	}

	@SuppressWarnings("rawtypes")
	private static void successResponses(PathItem.HttpMethod method, Operation operation, Map<String, Schema> schemas) {
		operation.getResponses().forEach((status, response) -> {
			if (!status.startsWith("2")) {
				if (method == PathItem.HttpMethod.POST && status.startsWith("4") && !status.equals("401")
						&& !status.equals("429")) {
					response.addHeaderObject("Idempotent-Replayed", replayedHeader());
				}
				if (method == PathItem.HttpMethod.POST && status.equals("409")) {
					response.addHeaderObject("Location", header("On a retry of a request that made a record whose "
							+ "secret was shown once (already-created-secret-shown-once): the address of that record",
							false).schema(new StringSchema().format("uri-reference")));
				}
				return;
			}
			if (method == PathItem.HttpMethod.POST) {
				response.addHeaderObject("Idempotent-Replayed", replayedHeader());
			}
			if (status.equals("201") || status.equals("202")) {
				response.addHeaderObject("Location", header("The address of the record made, where it has one", false)
					.schema(new StringSchema().format("uri-reference")));
			}
			if (response.getContent() == null) {
				return;
			}
			response.getContent().forEach((type, media) -> {
				if (type.startsWith("text/csv")) {
					response.addHeaderObject("Content-Disposition",
							header("attachment, with a file name for the download", true));
				}
				else {
					Schema version = version(media.getSchema(), schemas);
					if (version != null) {
						// A record that may not exist yet (the WhatsApp channel before set-up) has no version to send.
						boolean always = !Boolean.TRUE.equals(version.getNullable())
								&& (version.getTypes() == null || !version.getTypes().contains("null"));
						response.addHeaderObject("ETag", header("The record's version, quoted: send it back as "
								+ "If-Match (or as version in the body) when changing the record"
								+ (always ? "" : "; absent while the record has no version"), always));
					}
				}
			});
		});
	}

	/** The {@code version} property of the single record an answer carries, or null when it carries none. */
	@SuppressWarnings("rawtypes")
	private static Schema version(Schema schema, Map<String, Schema> schemas) {
		if (schema == null || schema.get$ref() == null) {
			return null;
		}
		Schema resolved = schemas.get(schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1));
		if (resolved == null || resolved.getProperties() == null || resolved.getProperties().containsKey("items")) {
			return null;
		}
		return (Schema) resolved.getProperties().get("version");
	}

	private static Header replayedHeader() {
		return header("true when this answer is a replay of the first answer to a request with the same "
				+ "Idempotency-Key; nothing was done again", false)
			.schema(new StringSchema()._enum(List.of("true")));
	}

	private static Header header(String description, boolean required) {
		return new Header().description(description).required(required ? Boolean.TRUE : null)
			.schema(new StringSchema());
	}

	private static void sortResponses(Operation operation) {
		ApiResponses sorted = new ApiResponses();
		operation.getResponses().entrySet().stream().sorted(Map.Entry.comparingByKey())
			.forEach((entry) -> sorted.addApiResponse(entry.getKey(), entry.getValue()));
		operation.setResponses(sorted);
	}

	private static ApiResponse add(Operation operation, String status, String description, String slug,
			String detail) {
		if (operation.getResponses().containsKey(status)) {
			ApiResponse existing = operation.getResponses().get(status);
			if (existing.getContent() == null || !existing.getContent().containsKey("application/problem+json")) {
				existing.setContent(problemContent(Integer.parseInt(status), slug, existing.getDescription(), detail));
			}
			return existing;
		}
		ApiResponse response = new ApiResponse().description(description)
			.content(problemContent(Integer.parseInt(status), slug, description, detail));
		operation.getResponses().addApiResponse(status, response);
		return response;
	}

	private static Content problemContent(int status, String slug, String title, String detail) {
		MediaType media = new MediaType().schema(new Schema<>().$ref(PROBLEM));
		if (slug != null) {
			Map<String, Object> example = new LinkedHashMap<>();
			example.put("type", "/problems/" + slug);
			example.put("title", title);
			example.put("status", status);
			example.put("detail", detail);
			example.put("instance", "/api/v1/conversations/5310");
			if (slug.equals("validation")) {
				example.put("errors", List.of(Map.of("field", "subject", "message", "is required")));
			}
			media.addExamples(slug, new Example().value(example));
		}
		return new Content().addMediaType("application/problem+json", media);
	}

	// --- parameters ---------------------------------------------------------------------------------------

	private static void commonParameters(String path, Operation operation) {
		if (operation.getParameters() == null) {
			return;
		}
		String resource = resourceOf(path);
		for (Parameter parameter : operation.getParameters()) {
			if (parameter.getDescription() != null && !parameter.getDescription().isBlank()) {
				continue;
			}
			String name = parameter.getName();
			String description = switch (parameter.getIn() + " " + name) {
				case "query limit" -> "How many items to answer with: 1 to 200, default 50";
				case "query cursor" -> "The nextCursor of the previous page; leave it out for the first page";
				case "path id" -> "The " + resource + "'s id";
				case "path messageId" -> "The message's id";
				case "path deliveryId" -> "The delivery's id, as in the endpoint's delivery log";
				case "header If-Match" -> "The version you last read (its ETag); a stale one gets 409";
				case "query contactId" -> "Keep only this contact's records";
				case "query chatId" -> "Keep only this chat's records";
				case "query conversationId" -> "Keep only this conversation's records";
				default -> null;
			};
			if (description != null) {
				parameter.setDescription(description);
			}
			if (name.equals("limit") && parameter.getSchema() != null) {
				parameter.getSchema().setMinimum(java.math.BigDecimal.ONE);
				parameter.getSchema().setMaximum(java.math.BigDecimal.valueOf(200));
			}
		}
	}

	/** /api/v1/chats/{id}/messages → "chat"; /api/v1/contacts/imports/{id} → "contact import". */
	private static String resourceOf(String path) {
		String before = path.contains("{id}") ? path.substring(0, path.indexOf("/{id}")) : path;
		String[] segments = before.split("/");
		String last = segments[segments.length - 1];
		String previous = (segments.length > 1) ? segments[segments.length - 2] : "";
		String singular = last.endsWith("ies") ? last.substring(0, last.length() - 3) + "y"
				: last.endsWith("s") ? last.substring(0, last.length() - 1) : last;
		if (last.equals("imports")) {
			return "contact import";
		}
		if (last.equals("webhooks")) {
			return "webhook endpoint";
		}
		if (last.equals("tokens")) {
			return "API token";
		}
		return previous.equals("v1") || previous.isEmpty() ? singular : singular;
	}

	// --- schemas ------------------------------------------------------------------------------------------

	/** An inline multipart form becomes a named schema, so that generated clients have a type for it. */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void namedMultipartBodies(OpenAPI openApi) {
		openApi.getPaths().forEach((path, item) -> item.readOperations().forEach((operation) -> {
			if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
				return;
			}
			MediaType form = operation.getRequestBody().getContent().get("multipart/form-data");
			if (form == null || form.getSchema() == null || form.getSchema().get$ref() != null) {
				return;
			}
			String id = operation.getOperationId();
			String name = Character.toUpperCase(id.charAt(0)) + id.substring(1) + "Form";
			Schema schema = form.getSchema();
			schema.setDescription("The multipart form of " + id);
			if (schema.getProperties() != null) {
				List<String> files = new ArrayList<>();
				((Map<String, Schema>) schema.getProperties()).forEach((property, value) -> {
					if ("binary".equals(value.getFormat())) {
						files.add(property);
					}
				});
				schema.setRequired(files);
			}
			openApi.getComponents().addSchemas(name, schema);
			form.setSchema(new Schema<>().$ref("#/components/schemas/" + name));
			// the form first: generators build an operation's parameters from its first body type
			Content reordered = new Content();
			reordered.addMediaType("multipart/form-data", form);
			operation.getRequestBody().getContent().forEach((type, media) -> reordered.putIfAbsent(type, media));
			operation.getRequestBody().setContent(reordered);
		}));
	}

	/**
	 * Response schemas: every property is always present ({@code required}), except the few left out when empty
	 * ({@link #SOMETIMES_ABSENT}); nullable ones say so. Request schemas keep the required lists their records
	 * declare. Nullable enums admit {@code null} among their values, and nullable references become
	 * {@code anyOf [ref, null]}.
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void schemaContracts(OpenAPI openApi) {
		Map<String, Schema> schemas = openApi.getComponents().getSchemas();
		Set<String> responses = new HashSet<>();
		openApi.getPaths().values().forEach((item) -> item.readOperations().forEach((operation) -> operation
			.getResponses().forEach((status, response) -> {
				if (response.getContent() != null) {
					response.getContent().values().forEach((media) -> collect(media.getSchema(), schemas, responses));
				}
			})));
		if (openApi.getWebhooks() != null) {
			openApi.getWebhooks().values().forEach((item) -> item.readOperations().forEach((operation) -> {
				if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
					operation.getRequestBody().getContent().values()
						.forEach((media) -> collect(media.getSchema(), schemas, responses));
				}
			}));
		}
		schemas.forEach((name, schema) -> {
			if (schema.getProperties() == null) {
				return;
			}
			if (responses.contains(name) && !name.equals("Problem")) {
				Set<String> absent = SOMETIMES_ABSENT.getOrDefault(name, Set.of());
				List<String> required = new ArrayList<>();
				((Map<String, Schema>) schema.getProperties()).keySet().stream()
					.filter((property) -> !absent.contains(property))
					.forEach(required::add);
				schema.setRequired(required);
			}
			((Map<String, Schema>) schema.getProperties()).replaceAll((property, value) -> nullableShape(value));
		});
		pagesWithoutTotals(schemas);
	}

	/** Only the conversation lists and the chat history count their matches; other pages never carry total. */
	@SuppressWarnings("rawtypes")
	private static void pagesWithoutTotals(Map<String, Schema> schemas) {
		schemas.forEach((name, schema) -> {
			if (name.startsWith("Page") && !COUNTED_PAGES.contains(name) && schema.getProperties() != null) {
				schema.getProperties().remove("total");
				schema.getProperties().remove("totalMoreThan");
				if (schema.getRequired() != null) {
					schema.getRequired().remove("total");
					schema.getRequired().remove("totalMoreThan");
				}
			}
			if (name.startsWith("Page") && schema.getProperties() != null
					&& schema.getProperties().get("nextCursor") instanceof Schema cursor) {
				cursor.setDescription("The cursor of the next page; null on the last page");
			}
		});
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Schema nullableShape(Schema property) {
		boolean nullable = (property.getTypes() != null && property.getTypes().contains("null"))
				|| Boolean.TRUE.equals(property.getNullable());
		if (!nullable) {
			return property;
		}
		property.setNullable(null);
		if (property.get$ref() != null) {
			Schema reference = new Schema<>().$ref(property.get$ref());
			Schema wrapper = new Schema<>();
			wrapper.setAnyOf(new ArrayList<>(List.of(reference, nullSchema())));
			wrapper.setDescription(property.getDescription());
			return wrapper;
		}
		if (property.getTypes() == null || !property.getTypes().contains("null")) {
			Set<String> types = new java.util.LinkedHashSet<>();
			if (property.getType() != null) {
				types.add(property.getType());
			}
			else if (property.getTypes() != null) {
				types.addAll(property.getTypes());
			}
			types.add("null");
			property.setTypes(types);
		}
		if (property.getEnum() != null && !property.getEnum().contains(null)) {
			property.getEnum().add(null);
		}
		return property;
	}

	@SuppressWarnings("rawtypes")
	private static Schema nullSchema() {
		Schema none = new Schema<>();
		none.addType("null");
		return none;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void collect(Schema schema, Map<String, Schema> schemas, Set<String> seen) {
		if (schema == null) {
			return;
		}
		if (schema.get$ref() != null) {
			String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
			if (seen.add(name)) {
				collect(schemas.get(name), schemas, seen);
			}
			return;
		}
		if (schema.getProperties() != null) {
			((Map<String, Schema>) schema.getProperties()).values().forEach((p) -> collect(p, schemas, seen));
		}
		collect(schema.getItems(), schemas, seen);
		if (schema.getAdditionalProperties() instanceof Schema additional) {
			collect(additional, schemas, seen);
		}
		for (List<Schema> group : new List[] { schema.getAnyOf(), schema.getOneOf(), schema.getAllOf() }) {
			if (group != null) {
				group.forEach((s) -> collect(s, schemas, seen));
			}
		}
	}

	@SuppressWarnings("rawtypes")
	private static Schema fieldProblemSchema() {
		ObjectSchema fieldError = new ObjectSchema();
		fieldError.description("One field of the request that is not valid");
		fieldError.addProperty("field", new StringSchema().example("subject")
			.description("The field, parameter or header, by the name the request used"));
		fieldError.addProperty("message", new StringSchema().example("is required").description("What to fix"));
		fieldError.setRequired(List.of("field", "message"));
		return fieldError;
	}

	@SuppressWarnings("rawtypes")
	private static Schema problemSchema() {
		ObjectSchema problem = new ObjectSchema();
		problem.description("RFC 9457 problem details");
		problem.addProperty("type", new StringSchema().example("/problems/validation")
			.description("Stable identifier of the kind of problem; switch on this"));
		problem.addProperty("title", new StringSchema().example("Invalid request")
			.description("A short summary of the kind of problem"));
		problem.addProperty("status", new IntegerSchema().example(400).description("The HTTP status"));
		problem.addProperty("detail", new StringSchema().example("subject: is required")
			.description("What went wrong and what to do about it"));
		problem.addProperty("instance", new StringSchema().format("uri-reference").example("/api/v1/conversations")
			.description("The path of the request that was refused"));
		problem.addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/FieldProblem"))
			.description("For validation problems: each field that is not valid"));
		problem.setRequired(List.of("type", "title", "status", "detail", "instance"));
		return problem;
	}

	static String lower(String text) {
		return text.toLowerCase(Locale.ROOT);
	}

}
