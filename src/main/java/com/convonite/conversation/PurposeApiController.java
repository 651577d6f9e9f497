package com.convonite.conversation;

import java.net.URI;
import java.util.List;
import java.util.Set;

import com.convonite.shared.AdminOnly;
import com.convonite.shared.Ids;
import com.convonite.shared.PatchBody;
import com.convonite.shared.Versions;
import com.convonite.workspace.SignedInMember;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Parameter;
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

/** The workspace's purposes over the REST API; changes are for admins. */
@RestController
@RequestMapping(path = "/api/v1/purposes", produces = "application/json")
@Tag(name = "Purposes")
class PurposeApiController {

	private final Purposes purposes;

	PurposeApiController(Purposes purposes) {
		this.purposes = purposes;
	}

	record NewPurposeRequest(@Schema(example = "Price negotiation") String name,
			@Schema(description = "1-based place in the list; defaults to last") Integer position) {
	}

	@Schema(description = "Send only the fields to change, with the version you last read (or If-Match).")
	record PurposePatch(Integer version, String name, Integer position, Boolean archived) {
	}

	@Operation(operationId = "listPurposes", summary = "List purposes in their order", description = "Archived ones are included unless active=true.")
	@GetMapping
	List<PurposeView> list(SignedInMember me,
			@Parameter(description = "true lists only purposes that can be chosen for new conversations")
			@RequestParam(defaultValue = "false") boolean active) {
		return this.purposes.list(me.workspaceId(), !active);
	}

	@Operation(operationId = "createPurpose", summary = "Add a purpose (admins)")
	@AdminOnly("add purposes")
	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping(consumes = "application/json")
	ResponseEntity<PurposeView> add(SignedInMember me, @RequestBody NewPurposeRequest request) {
		PurposeView added = this.purposes.add(me, request.name(), request.position());
		return ResponseEntity.created(URI.create("/api/v1/purposes/" + added.id())).body(added);
	}

	@Operation(operationId = "getPurpose", summary = "Read one purpose",
			description = "Any member may read a purpose; the ETag carries the version to send back when changing it.")
	@GetMapping("/{id}")
	ResponseEntity<PurposeView> get(SignedInMember me, @PathVariable String id) {
		PurposeView purpose = this.purposes.get(me.workspaceId(), Ids.pathId(id, "purpose"));
		return ResponseEntity.ok().eTag(Versions.etag(purpose.version())).body(purpose);
	}

	@Operation(operationId = "updatePurpose", summary = "Rename, reorder or archive a purpose (admins)")
	@AdminOnly("change purposes")
	@PatchMapping(path = "/{id}", consumes = "application/json")
	PurposeView change(SignedInMember me, @PathVariable String id,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
					schema = @Schema(implementation = PurposePatch.class))) @RequestBody JsonNode body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		long purposeId = Ids.pathId(id, "purpose");
		PatchBody patch = PatchBody.of(body, Set.of("name", "position", "archived"));
		var changes = new Purposes.PurposeChanges(patch.text("name"), patch.integer("position"), patch.bool("archived"));
		int version = Versions.required(patch.check().version(), ifMatch);
		return this.purposes.change(me, purposeId, version, changes);
	}

	@Operation(operationId = "deletePurpose", summary = "Delete a purpose no conversation uses (admins)",
			description = "A purpose in use answers 409 purpose-in-use: archive it instead.")
	@AdminOnly("delete purposes")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@ApiResponse(responseCode = "409", description = "A conversation uses the purpose (purpose-in-use): archive it instead")
	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(SignedInMember me, @PathVariable String id) {
		this.purposes.delete(me, Ids.pathId(id, "purpose"));
		return ResponseEntity.noContent().build();
	}

}
