package com.convonite.webhook;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.convonite.shared.AdminOnly;
import com.convonite.shared.Ids;
import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.shared.PatchBody;
import com.convonite.shared.ProblemException;
import com.convonite.shared.ShowsSecretOnce;
import com.convonite.shared.Versions;
import com.convonite.workspace.SignedInMember;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Outgoing webhook endpoints and their delivery log over the REST API; admins only. */
@RestController
@RequestMapping(path = "/api/v1/webhooks", produces = "application/json")
@Tag(name = "Webhooks", description = "Signed outgoing webhooks (admins only); see docs/webhooks.md")
class WebhookApiController {

	private static final Set<String> PATCHABLE = Set.of("url", "description", "secret", "eventTypes", "active");

	private final Webhooks webhooks;

	WebhookApiController(Webhooks webhooks) {
		this.webhooks = webhooks;
	}

	record NewEndpointRequest(@Schema(example = "https://example.com/convonite/webhooks") String url,
			@Schema(example = "CRM sync") String description,
			@Schema(description = "At least 16 characters; left out, one is generated. Shown in full only in this answer.")
			String secret,
			@ArraySchema(schema = @Schema(example = "conversation.logged",
					allowableValues = { "conversation.logged", "conversation.updated", "conversation.closed",
							"conversation.reopened", "conversation.deleted", "task.created", "task.completed",
							"chat.opened", "chat.closed", "chat.assigned", "message.received", "message.sent" }))
			List<String> eventTypes,
			@Schema(description = "Defaults to true") Boolean active) {
	}

	@Schema(description = "Send only the fields to change, with the version you last read (or If-Match). "
			+ "A new secret is never shown back.")
	record EndpointPatch(Integer version, String url, @Schema(nullable = true) String description, String secret, @Schema(nullable = true) List<String> eventTypes,
			Boolean active) {
	}

	@Operation(operationId = "listWebhooks", summary = "List webhook endpoints (admins)")
	@AdminOnly("manage webhooks")
	@GetMapping
	Page<WebhookEndpointView> list(SignedInMember me, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		return this.webhooks.list(me, PageRequest.of(limit, cursor));
	}

	@Operation(operationId = "createWebhook", summary = "Register a webhook endpoint (admins)",
			description = "The answer carries the signing secret in full; it is never shown again. Loopback and "
					+ "private addresses are refused unless convonite.webhooks.allow-private-targets is on.")
	@AdminOnly("manage webhooks")
	@ResponseStatus(HttpStatus.CREATED)
	@ShowsSecretOnce
	@PostMapping(consumes = "application/json")
	ResponseEntity<WebhookEndpointView> create(SignedInMember me, @RequestBody NewEndpointRequest request) {
		WebhookEndpointView created = this.webhooks.create(me, new Webhooks.NewWebhookEndpoint(request.url(),
				request.description(), request.secret(), request.eventTypes(), request.active()));
		return ResponseEntity.created(URI.create("/api/v1/webhooks/" + created.id())).body(created);
	}

	@Operation(operationId = "getWebhook", summary = "Read one webhook endpoint (admins)", description = "The secret shows only as secretHint.")
	@AdminOnly("manage webhooks")
	@GetMapping("/{id}")
	ResponseEntity<WebhookEndpointView> get(SignedInMember me, @PathVariable String id) {
		WebhookEndpointView endpoint = this.webhooks.get(me, Ids.pathId(id, "webhook endpoint"));
		return ResponseEntity.ok().eTag(Versions.etag(endpoint.version())).body(endpoint);
	}

	@Operation(operationId = "updateWebhook", summary = "Change a webhook endpoint: URL, description, secret, event types, active (admins)")
	@AdminOnly("manage webhooks")
	@PatchMapping(path = "/{id}", consumes = "application/json")
	ResponseEntity<WebhookEndpointView> change(SignedInMember me, @PathVariable String id,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
					schema = @Schema(implementation = EndpointPatch.class))) @RequestBody JsonNode body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		long endpointId = Ids.pathId(id, "webhook endpoint");
		PatchBody patch = PatchBody.of(body, PATCHABLE);
		var changes = new Webhooks.WebhookEndpointChanges(patch.text("url"), patch.text("description"),
				patch.text("secret"), eventTypes(body), patch.bool("active"));
		int version = Versions.required(patch.check().version(), ifMatch);
		WebhookEndpointView changed = this.webhooks.change(me, endpointId, version, changes);
		return ResponseEntity.ok().eTag(Versions.etag(changed.version())).body(changed);
	}

	@Operation(operationId = "deleteWebhook", summary = "Delete a webhook endpoint and its delivery log (admins)")
	@AdminOnly("manage webhooks")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(SignedInMember me, @PathVariable String id) {
		this.webhooks.delete(me, Ids.pathId(id, "webhook endpoint"));
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "listWebhookDeliveries", summary = "The endpoint's delivery log, newest first (admins)",
			description = "Each delivery: event, status (PENDING, DELIVERED, FAILED), attempts, the last response "
					+ "code and error, and when the next attempt is due.")
	@AdminOnly("manage webhooks")
	@GetMapping("/{id}/deliveries")
	Page<WebhookDeliveryView> deliveries(SignedInMember me, @PathVariable String id,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
		return this.webhooks.deliveries(me, Ids.pathId(id, "webhook endpoint"), PageRequest.of(limit, cursor));
	}

	@Operation(operationId = "redeliverWebhookDelivery", summary = "Send a delivery again now (admins)",
			description = "Same event id and body, a new timestamp and signature; retried for another 24 hours.")
	@AdminOnly("manage webhooks")
	@PostMapping("/{id}/deliveries/{deliveryId}/redeliver")
	WebhookDeliveryView redeliver(SignedInMember me, @PathVariable String id, @PathVariable String deliveryId) {
		return this.webhooks.redeliver(me, Ids.pathId(id, "webhook endpoint"),
				Ids.pathId(deliveryId, "webhook delivery"));
	}

	/** The eventTypes of a PATCH: null when absent, empty when null, else the list of strings. */
	private static Optional<List<String>> eventTypes(JsonNode body) {
		JsonNode value = (body != null) ? body.get("eventTypes") : null;
		if (value == null) {
			return null;
		}
		if (value.isNull()) {
			return Optional.empty();
		}
		if (!value.isArray()) {
			throw ProblemException.invalid("eventTypes", "must be a list of event types");
		}
		List<String> types = new ArrayList<>();
		for (JsonNode type : value) {
			if (!type.isString()) {
				throw ProblemException.invalid("eventTypes", "must be a list of event types (strings)");
			}
			types.add(type.asString());
		}
		return Optional.of(types);
	}

}
