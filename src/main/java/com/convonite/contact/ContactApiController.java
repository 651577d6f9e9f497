package com.convonite.contact;

import java.net.URI;
import java.util.Set;

import com.convonite.shared.AdminOnly;
import com.convonite.shared.Ids;
import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.shared.PatchBody;
import com.convonite.shared.Versions;
import com.convonite.workspace.SignedInMember;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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

/** Contacts over the REST API. */
@RestController
@Tag(name = "Contacts")
@RequestMapping(path = "/api/v1", produces = "application/json")
class ContactApiController {

	private final Contacts contacts;

	ContactApiController(Contacts contacts) {
		this.contacts = contacts;
	}

	record NewContactRequest(String name, @Schema(example = "+351 912 345 678") String phone, String email,
			String notes) {
	}

	@Schema(description = "Send only the fields to change, with the version you last read (or If-Match).")
	record ContactPatch(Integer version, String name, String phone, @Schema(nullable = true) String email, @Schema(nullable = true) String notes) {
	}

	@Operation(operationId = "listContacts", summary = "List or search contacts",
			description = "Sorted by name. q matches names containing it (ignoring case and accents) and, when it "
					+ "looks like a phone number, phone numbers containing its digits.")
	@GetMapping("/contacts")
	Page<ContactView> list(SignedInMember me,
			@Parameter(description = "Part of a name, or digits of a phone number") @RequestParam(required = false) String q,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
		return this.contacts.list(me.workspaceId(), q, PageRequest.of(limit, cursor));
	}

	@Operation(operationId = "createContact", summary = "Add a contact",
			description = "The phone number is stored in E.164; a number without + is read as a number of the "
					+ "workspace's default country. A number already used by another contact is refused with 409.")
	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping(path = "/contacts", consumes = "application/json")
	ResponseEntity<ContactView> create(SignedInMember me, @RequestBody NewContactRequest request) {
		ContactView created = this.contacts.create(me,
				new Contacts.NewContact(request.name(), request.phone(), request.email(), request.notes()));
		return ResponseEntity.created(URI.create("/api/v1/contacts/" + created.id()))
			.eTag(Versions.etag(created.version()))
			.body(created);
	}

	@Operation(operationId = "getContact", summary = "Read one contact", description = "The ETag carries the version to send back when changing it.")
	@GetMapping("/contacts/{id}")
	ResponseEntity<ContactView> get(SignedInMember me, @PathVariable String id) {
		ContactView contact = this.contacts.get(me.workspaceId(), Ids.pathId(id, "contact"));
		return ResponseEntity.ok().eTag(Versions.etag(contact.version())).body(contact);
	}

	@Operation(operationId = "updateContact", summary = "Change a contact's name, phone, email or notes",
			description = "Send the version you last read (or If-Match); a stale version is refused with 409.")
	@PatchMapping(path = "/contacts/{id}", consumes = "application/json")
	ResponseEntity<ContactView> change(SignedInMember me, @PathVariable String id,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
					schema = @Schema(implementation = ContactPatch.class))) @RequestBody JsonNode body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		long contactId = Ids.pathId(id, "contact");
		PatchBody patch = PatchBody.of(body, Set.of("name", "phone", "email", "notes"));
		var changes = new Contacts.ContactChanges(patch.text("name"), patch.text("phone"), patch.text("email"),
				patch.text("notes"));
		int version = Versions.required(patch.check().version(), ifMatch);
		ContactView changed = this.contacts.change(me, contactId, version, changes);
		return ResponseEntity.ok().eTag(Versions.etag(changed.version())).body(changed);
	}

	@Operation(operationId = "deleteContact", summary = "Delete a contact (admins)",
			description = "Only a contact without chats or tasks can be deleted; otherwise 409 contact-in-use.")
	@AdminOnly("delete contacts")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@ApiResponse(responseCode = "409", description = "The contact has chats or tasks (contact-in-use)")
	@DeleteMapping("/contacts/{id}")
	ResponseEntity<Void> delete(SignedInMember me, @PathVariable String id) {
		this.contacts.delete(me, Ids.pathId(id, "contact"));
		return ResponseEntity.noContent().build();
	}

}
