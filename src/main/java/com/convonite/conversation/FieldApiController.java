package com.convonite.conversation;

import java.net.URI;
import java.util.List;
import java.util.Set;

import com.convonite.conversation.ConversationFieldView.Requirement;
import com.convonite.conversation.ConversationFieldView.Type;
import com.convonite.shared.AdminOnly;
import com.convonite.shared.Ids;
import com.convonite.shared.PatchBody;
import com.convonite.shared.ProblemException;
import com.convonite.shared.Versions;
import com.convonite.workspace.SignedInMember;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The custom conversation fields and the closing rules over the REST API; changes are for admins. */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
@Tag(name = "Conversation fields")
class FieldApiController {

	private final ConversationFields fields;

	FieldApiController(ConversationFields fields) {
		this.fields = fields;
	}

	@Schema(description = "A new custom field. key, name and type are required; options only (and at least one) for "
			+ "select fields.")
	record NewFieldRequest(@Schema(example = "channel") String key, @Schema(example = "Contact channel") String name,
			Type type, @Schema(example = "How the customer reached us") String helpText,
			@Schema(description = "Defaults to OPTIONAL") Requirement requirement,
			@Schema(example = "[\"Phone\", \"Email\", \"Walk-in\"]") List<String> options) {
	}

	@Schema(description = "Send only what changes, with the version you last read (or If-Match). key and type never "
			+ "change.")
	record FieldPatch(Integer version, String name, @Schema(nullable = true) String helpText, Requirement requirement,
			@Schema(description = "1-based place in the list") Integer position, Boolean archived) {
	}

	record NewOptionRequest(@Schema(example = "Video call") String label) {
	}

	@Schema(description = "Move a choice to a 1-based place and/or archive or restore it.")
	record OptionPatch(Integer position, Boolean archived) {
	}

	@Schema(description = "The built-in fields a conversation must have before it can be closed; custom fields are "
			+ "required to close by their requirement REQUIRED_ON_CLOSE.")
	record ClosingRulesView(@Schema(description = "Any of summary, endTime, firstMessageId, lastMessageId",
			example = "[\"summary\", \"endTime\"]") Set<String> required) {
	}

	@Operation(operationId = "listConversationFields", summary = "List the custom conversation fields in their order",
			description = "Archived ones are included unless active=true.")
	@GetMapping("/conversation-fields")
	List<ConversationFieldView> list(SignedInMember me,
			@Parameter(description = "true lists only fields that take new values") @RequestParam(defaultValue = "false") boolean active) {
		return this.fields.list(me.workspaceId(), !active);
	}

	@Operation(operationId = "createConversationField", summary = "Add a custom conversation field (admins)")
	@AdminOnly("add conversation fields")
	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping(path = "/conversation-fields", consumes = "application/json")
	ResponseEntity<ConversationFieldView> add(SignedInMember me, @RequestBody NewFieldRequest request) {
		ConversationFieldView added = this.fields.add(me, new ConversationFields.NewField(request.key(), request.name(),
				request.type(), request.helpText(), request.requirement(), request.options()));
		return ResponseEntity.created(URI.create("/api/v1/conversation-fields/" + added.id())).body(added);
	}

	@Operation(operationId = "getConversationField", summary = "Read one custom conversation field",
			description = "The ETag carries the version to send back when changing it.")
	@GetMapping("/conversation-fields/{id}")
	ResponseEntity<ConversationFieldView> get(SignedInMember me, @PathVariable String id) {
		ConversationFieldView field = this.fields.get(me.workspaceId(), Ids.pathId(id, "conversation field"));
		return ResponseEntity.ok().eTag(Versions.etag(field.version())).body(field);
	}

	@Operation(operationId = "updateConversationField",
			summary = "Rename, describe, require, reorder or archive a custom field (admins)")
	@AdminOnly("change conversation fields")
	@PatchMapping(path = "/conversation-fields/{id}", consumes = "application/json")
	ConversationFieldView change(SignedInMember me, @PathVariable String id,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
					schema = @Schema(implementation = FieldPatch.class))) @RequestBody JsonNode body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		long fieldId = Ids.pathId(id, "conversation field");
		PatchBody patch = PatchBody.of(body, Set.of("name", "helpText", "requirement", "position", "archived"));
		var changes = new ConversationFields.FieldChanges(patch.text("name"), patch.text("helpText"),
				patch.enumValue("requirement", Requirement.class), patch.integer("position"), patch.bool("archived"));
		int version = Versions.required(patch.check().version(), ifMatch);
		return this.fields.change(me, fieldId, version, changes);
	}

	@Operation(operationId = "addConversationFieldOption", summary = "Add a choice to a select field (admins)",
			description = "Answers the field with its choices.")
	@AdminOnly("change conversation fields")
	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping(path = "/conversation-fields/{id}/options", consumes = "application/json")
	ConversationFieldView addOption(SignedInMember me, @PathVariable String id, @RequestBody NewOptionRequest request) {
		return this.fields.addOption(me, Ids.pathId(id, "conversation field"), request.label());
	}

	@Operation(operationId = "updateConversationFieldOption",
			summary = "Move, archive or restore a choice of a select field (admins)",
			description = "Answers the field with its choices. An archived choice stays on the conversations that have it.")
	@AdminOnly("change conversation fields")
	@PatchMapping(path = "/conversation-fields/{id}/options/{optionId}", consumes = "application/json")
	ConversationFieldView changeOption(SignedInMember me, @PathVariable String id,
			@Parameter(description = "The choice's id, from the field's options") @PathVariable String optionId,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
					schema = @Schema(implementation = OptionPatch.class))) @RequestBody JsonNode body) {
		PatchBody patch = PatchBody.of(body, Set.of("position", "archived"));
		var position = patch.integer("position");
		var archived = patch.bool("archived");
		patch.check();
		return this.fields.changeOption(me, Ids.pathId(id, "conversation field"), Ids.pathId(optionId, "option"),
				(position != null) ? position.orElse(null) : null, (archived != null) ? archived.orElse(null) : null);
	}

	@Operation(operationId = "getClosingRules", summary = "Read what a conversation must have before it can be closed",
			description = "Any member may read the rules; the fields required when closing are in /conversation-fields.")
	@GetMapping("/closing-rules")
	ClosingRulesView closingRules(SignedInMember me) {
		return new ClosingRulesView(this.fields.closingRules(me.workspaceId()));
	}

	@Operation(operationId = "setClosingRules", summary = "Set what a conversation must have before it can be closed (admins)",
			description = "Replaces the list. Closing a conversation without one of these answers 400 with one error per "
					+ "missing field, on every path that closes one.")
	@AdminOnly("change closing rules")
	@PutMapping(path = "/closing-rules", consumes = "application/json")
	ClosingRulesView setClosingRules(SignedInMember me, @RequestBody ClosingRulesView rules) {
		if (rules.required() == null) {
			throw ProblemException.invalid("required", "is required: a list, empty for no rule");
		}
		return new ClosingRulesView(this.fields.setClosingRules(me, rules.required()));
	}

}
