package com.convonite.workspace;

import java.util.Map;

import com.convonite.shared.AdminOnly;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at /v3/api-docs: both sign-in schemes, and on every operation the problem+json
 * errors it can answer, with examples, so that client authors see the failures as well as the successes.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static {
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(SignedInMember.class);
	}

	@Bean
	OpenAPI convoniteOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Convonite API")
				.version("v1")
				.description("""
						The REST API of Convonite, a team inbox built around logged Conversations.
						Ids are strings; times are ISO-8601 with offset. Lists take limit (1-200, default 50) and
						an opaque cursor and answer {items, nextCursor}. Every POST accepts an Idempotency-Key
						header; every PATCH needs the version you last read (in the body or If-Match). Errors are
						application/problem+json with a stable type; validation errors list {field, message}."""))
			.components(new Components()
				.addSecuritySchemes("basic",
						new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
							.description("A member's email and password"))
				.addSecuritySchemes("bearer",
						new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
							.description("A personal API token from POST /api/v1/tokens: cvn_<id>_<secret>. After 5 wrong "
									+ "secrets for one token id in 15 minutes, that id gets 429 with Retry-After"))
				.addSchemas("Problem", problemSchema()))
			.addSecurityItem(new SecurityRequirement().addList("basic"))
			.addSecurityItem(new SecurityRequirement().addList("bearer"));
	}

	/** Operations marked {@link AdminOnly} say so, in words and as {@code x-admin-only} for tools and tests. */
	@Bean
	OperationCustomizer adminOnlyOperations() {
		return (operation, handler) -> {
			AdminOnly adminOnly = handler.getMethodAnnotation(AdminOnly.class);
			if (adminOnly != null) {
				operation.addExtension("x-admin-only", true);
				String description = operation.getDescription();
				operation.setDescription(((description == null) ? "" : description + " ") + "Admins only.");
				add(operation, "403", "Only an admin can " + adminOnly.value(), "/problems/forbidden",
						"Only an admin can " + adminOnly.value() + ".", Map.of());
			}
			return operation;
		};
	}

	@Bean
	OpenApiCustomizer problemResponses() {
		return (openApi) -> openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			boolean hasPathId = path.contains("{");
			boolean secured = operation.getSecurity() == null || !operation.getSecurity().isEmpty();
			boolean hasBody = operation.getRequestBody() != null;
			add(operation, "400", "The request is not valid; errors lists each field and what to fix",
					"/problems/validation", "subject: is required",
					Map.of("errors", java.util.List.of(Map.of("field", "subject", "message", "is required"))));
			if (secured) {
				add(operation, "401", "Not signed in, or the credentials were not accepted", "/problems/unauthorized",
						"Sign in with HTTP Basic (your email and password) or send Authorization: Bearer <API token>.", Map.of());
				add(operation, "403", "Your role or relation to the record does not allow this", "/problems/forbidden",
						"Only an admin can delete conversations.", Map.of());
			}
			if (hasPathId) {
				add(operation, "404", "No such record in your workspace", "/problems/not-found",
						"No conversation with that id exists in this workspace.", Map.of());
			}
			if (method == PathItem.HttpMethod.PATCH) {
				add(operation, "409", "Someone else saved a newer version", "/problems/stale-version",
						"This conversation was changed by someone else since you loaded it. Reload it to see their change, then apply yours again.",
						Map.of());
				add(operation, "428", "No version was sent", "/problems/version-required",
						"Send the version you last saw, as \"version\" in the body or in an If-Match header.", Map.of());
			}
			if (method == PathItem.HttpMethod.POST) {
				if (operation.getParameters() == null || operation.getParameters().stream()
					.noneMatch((p) -> "Idempotency-Key".equals(p.getName()))) {
					operation.addParametersItem(new Parameter().in("header").name("Idempotency-Key").required(false)
						.description("Makes the request safe to retry: a retry with the same key and body gets the first answer and creates nothing twice.")
						.schema(new StringSchema().example("5f0c6e1e-2b7a-4c8e-9d0a-1f2e3d4c5b6a")));
				}
				add(operation, "422", "The Idempotency-Key was used before for a different request",
						"/problems/idempotency-key-reused", "This Idempotency-Key was already used for a different request.", Map.of());
			}
			if (hasBody) {
				add(operation, "413", "The body is larger than 1 MiB", "/problems/payload-too-large",
						"The request body is larger than the 1024 KiB this API accepts; send less.", Map.of());
				add(operation, "415", "The body is not application/json", "/problems/unsupported-media-type",
						"Send the body as application/json.", Map.of());
			}
			add(operation, "503", "The database is unreachable; nothing was changed", "/problems/unavailable",
					"The service cannot reach its database right now. Nothing was changed; try again in a few seconds.",
					Map.of()).addHeaderObject("Retry-After", new Header().schema(new IntegerSchema()));
		}));
	}

	private static ApiResponse add(Operation operation, String status, String description, String type, String detail,
			Map<String, Object> extra) {
		if (operation.getResponses().containsKey(status)) {
			return operation.getResponses().get(status);
		}
		Map<String, Object> example = new java.util.LinkedHashMap<>();
		example.put("type", type);
		example.put("title", description);
		example.put("status", Integer.parseInt(status));
		example.put("detail", detail);
		example.putAll(extra);
		ApiResponse response = new ApiResponse().description(description)
			.content(new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))
						.addExamples(type.substring(type.lastIndexOf('/') + 1), new Example().value(example))));
		operation.getResponses().addApiResponse(status, response);
		return response;
	}

	@SuppressWarnings("rawtypes")
	private static Schema problemSchema() {
		ObjectSchema fieldError = new ObjectSchema();
		fieldError.addProperty("field", new StringSchema().example("subject"));
		fieldError.addProperty("message", new StringSchema().example("is required"));
		ObjectSchema problem = new ObjectSchema();
		problem.description("RFC 9457 problem details");
		problem.addProperty("type", new StringSchema().example("/problems/validation")
			.description("Stable identifier of the kind of problem; switch on this"));
		problem.addProperty("title", new StringSchema().example("Invalid request"));
		problem.addProperty("status", new IntegerSchema().example(400));
		problem.addProperty("detail", new StringSchema().example("subject: is required")
			.description("What went wrong and what to do about it"));
		problem.addProperty("instance", new StringSchema().example("/api/v1/conversations"));
		problem.addProperty("errors", new ArraySchema().items(fieldError)
			.description("For validation problems: each field that is not valid"));
		return problem;
	}

}
