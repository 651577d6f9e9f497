package com.convonite.conversation;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import com.convonite.conversation.ConversationRequests.CloseChatRequest;
import com.convonite.conversation.ConversationRequests.ConversationPatch;
import com.convonite.conversation.ConversationRequests.LogConversationRequest;
import com.convonite.shared.AdminOnly;
import com.convonite.shared.Ids;
import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.shared.PatchBody;
import com.convonite.shared.ProblemException;
import com.convonite.shared.Versions;
import com.convonite.workspace.SignedInMember;
import com.convonite.workspace.Workspaces;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
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

/**
 * Conversations over the REST API, including the lists under a chat and a contact, and closing a chat
 * (which may log a conversation in the same step, so it lives here rather than in the chat module).
 */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
@Tag(name = "Conversations")
class ConversationApiController {

	private static final MediaType CSV = MediaType.parseMediaType("text/csv");

	private final Conversations conversations;

	private final Workspaces workspaces;

	private final JsonMapper json;

	private final ConversationFields fields;

	static final String FIELD_FILTER = "A select or checkbox custom field's value as key:value, such as channel:Phone "
			+ "or callback:true (a choice's label, or true / false); repeatable: values of one field match any, "
			+ "different fields must all match";

	ConversationApiController(Conversations conversations, Workspaces workspaces, JsonMapper json,
			ConversationFields fields) {
		this.fields = fields;
		this.conversations = conversations;
		this.workspaces = workspaces;
		this.json = json;
	}

	@Operation(operationId = "listConversations", summary = "List and search conversations (the Conversations tab)",
			description = "Filters combine with AND. q matches words and word prefixes of subject and summary, "
					+ "ignoring case and accents, best match first (every word in the subject, then the rest, each "
					+ "newest first) unless sort says otherwise. The first page (no cursor) carries total, the "
					+ "number of matches, or totalMoreThan: 1000 when there are more.")
	@GetMapping("/conversations")
	Page<ConversationView> list(SignedInMember me,
			@Parameter(description = "OPEN or CLOSED; repeatable", array = @ArraySchema(
					schema = @Schema(allowableValues = { "OPEN", "CLOSED" }))) @RequestParam(required = false) List<String> status,
			@Parameter(description = "Purpose ids; repeatable") @RequestParam(required = false) List<String> purposeId,
			@Parameter(description = "a member id or me; several (repeated or comma-separated) match any of them") @RequestParam(required = false) String ownerId,
			@RequestParam(required = false) String contactId, @RequestParam(required = false) String chatId,
			@Parameter(description = "a member id or me") @RequestParam(required = false) String createdBy,
			@Parameter(description = "start time at or after, ISO-8601 with offset") @RequestParam(required = false) String startFrom,
			@Parameter(description = "start time before, ISO-8601 with offset") @RequestParam(required = false) String startTo,
			@Parameter(description = "words to search for") @RequestParam(required = false) String q,
			@Parameter(description = "startTime, createdAt, updatedAt, - prefix for descending; relevance (default when q is given)",
					example = "-startTime", schema = @Schema(allowableValues = { "startTime", "-startTime", "createdAt",
							"-createdAt", "updatedAt", "-updatedAt", "relevance" }))
			@RequestParam(required = false) String sort,
			@Parameter(description = FIELD_FILTER) @RequestParam(required = false) List<String> field,
			@Parameter(description = "1 to 200, default 50") @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor,
			@Parameter(description = "true: the closed conversations whose contact got another conversation with the same "
					+ "purpose within the workspace's recontactDays of their end (as the recontact-rate report counts "
					+ "them); false: the closed ones that did not", schema = @Schema(type = "boolean"))
			@RequestParam(required = false) String recontacted) {
		ConversationQuery query = ConversationRequests.query(me, status, purposeId, ownerId, contactId, chatId,
				createdBy, startFrom, startTo, q, sort, this.fields.list(me.workspaceId(), true), field, recontacted);
		return this.conversations.list(me.workspaceId(), query, PageRequest.of(limit, cursor));
	}

	@Operation(operationId = "exportConversations", summary = "Export the filtered conversations as CSV",
			description = "Takes the same filters as the list; streams every match, one RFC 4180 row per conversation: "
					+ "every field with the ids it refers to, statuses as OPEN/CLOSED, times as ISO 8601 with the "
					+ "workspace zone's offset, no byte order mark. (The web app's Export CSV is a spreadsheet "
					+ "variant for people: labels, local times as yyyy-MM-dd HH:mm:ss, a link column.) Answers "
					+ "text/csv only: ask for it (or */*) in Accept; any other type gets 406.")
	@ApiResponse(responseCode = "200", description = "The conversations as CSV, a header row first",
			content = @Content(mediaType = "text/csv", schema = @Schema(type = "string", format = "binary")))
	@GetMapping(path = "/conversations/export", produces = MediaType.ALL_VALUE)
	void export(SignedInMember me, @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT,
			required = false) String accept,
			@Parameter(description = "OPEN or CLOSED; repeatable", array = @ArraySchema(
					schema = @Schema(allowableValues = { "OPEN", "CLOSED" }))) @RequestParam(required = false) List<String> status,
			@Parameter(description = "Purpose ids; repeatable") @RequestParam(required = false) List<String> purposeId,
			@Parameter(description = "a member id or me; several (repeated or comma-separated) match any of them") @RequestParam(required = false) String ownerId,
			@RequestParam(required = false) String contactId, @RequestParam(required = false) String chatId,
			@Parameter(description = "a member id or me") @RequestParam(required = false) String createdBy,
			@Parameter(description = "start time at or after, ISO-8601 with offset") @RequestParam(required = false) String startFrom,
			@Parameter(description = "start time before, ISO-8601 with offset") @RequestParam(required = false) String startTo,
			@Parameter(description = "words to search for") @RequestParam(required = false) String q,
			@Parameter(description = "as in the list", schema = @Schema(allowableValues = { "startTime", "-startTime",
					"createdAt", "-createdAt", "updatedAt", "-updatedAt", "relevance" }))
			@RequestParam(required = false) String sort,
			@Parameter(description = FIELD_FILTER) @RequestParam(required = false) List<String> field,
			@Parameter(description = "true: the closed conversations whose contact got another conversation with the same "
					+ "purpose within the workspace's recontactDays of their end (as the recontact-rate report counts "
					+ "them); false: the closed ones that did not", schema = @Schema(type = "boolean"))
			@RequestParam(required = false) String recontacted, HttpServletResponse response) throws IOException {
		requireCsvAccepted(accept);
		ConversationQuery query = ConversationRequests.query(me, status, purposeId, ownerId, contactId, chatId,
				createdBy, startFrom, startTo, q, sort, this.fields.list(me.workspaceId(), true), field, recontacted);
		var zone = this.workspaces.timeZone(me.workspaceId());
		ConversationCsv csv = new ConversationCsv(response, zone, this.fields.list(me.workspaceId(), true));
		this.conversations.export(me.workspaceId(), query, csv);
		csv.finish();
	}

	/**
	 * One mapping answers the export whatever the client accepts (a second, narrower one lost to it when the
	 * client sent no Accept at all), so the type is checked here: none, or one that admits text/csv, gets the
	 * CSV; anything else a clear 406 rather than /conversations/{id} with "export" as the id.
	 */
	private static void requireCsvAccepted(String accept) {
		if (accept == null || accept.isBlank()) {
			return;
		}
		try {
			if (MediaType.parseMediaTypes(accept).stream().anyMatch(type -> type.includes(CSV))) {
				return;
			}
		}
		catch (InvalidMediaTypeException ex) {
			// Falls through to the 406, which names what was sent.
		}
		throw new ProblemException(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable",
				"The export answers text/csv only; send Accept: text/csv (this request accepts " + accept + ").");
	}

	@Operation(operationId = "logConversation", summary = "Log a conversation under a chat",
			description = "Any member may log one on any chat. With followUpTask, the task is saved with it: both or neither.")
	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping(path = "/conversations", consumes = "application/json")
	ResponseEntity<ConversationView> log(SignedInMember me, @RequestBody LogConversationRequest request) {
		ConversationView logged = this.conversations.log(me, request.toCommand());
		return ResponseEntity.created(URI.create("/api/v1/conversations/" + logged.id()))
			.eTag(Versions.etag(logged.version()))
			.body(logged);
	}

	@Operation(operationId = "getConversation", summary = "Read one conversation",
			description = "Any member may read any conversation of the workspace; the ETag carries the version to send back when changing it.")
	@GetMapping("/conversations/{id}")
	ResponseEntity<ConversationView> get(SignedInMember me, @PathVariable String id) {
		ConversationView conversation = this.conversations.get(me.workspaceId(), Ids.pathId(id, "conversation"));
		return ResponseEntity.ok().eTag(Versions.etag(conversation.version())).body(conversation);
	}

	@Operation(operationId = "updateConversation", summary = "Edit a conversation",
			description = "The owner, the creator and admins may edit. Send the version you read (or If-Match); "
					+ "if someone else saved since, the answer is 409 and nothing changes.")
	@PatchMapping(path = "/conversations/{id}", consumes = "application/json")
	ResponseEntity<ConversationView> change(SignedInMember me, @PathVariable String id,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
					schema = @Schema(implementation = ConversationPatch.class))) @RequestBody JsonNode body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		long conversationId = Ids.pathId(id, "conversation");
		PatchBody patch = PatchBody.of(body, ConversationRequests.PATCH_FIELDS);
		ConversationChanges changes = ConversationRequests.changes(patch, body, this.json);
		int version = Versions.required(patch.check().version(), ifMatch);
		ConversationView changed = this.conversations.change(me, conversationId, version, changes);
		return ResponseEntity.ok().eTag(Versions.etag(changed.version())).body(changed);
	}

	@Operation(operationId = "deleteConversation", summary = "Delete a conversation (admins)")
	@AdminOnly("delete conversations")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@DeleteMapping("/conversations/{id}")
	ResponseEntity<Void> delete(SignedInMember me, @PathVariable String id) {
		this.conversations.delete(me, Ids.pathId(id, "conversation"));
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "closeConversation", summary = "Close a conversation",
			description = "Without an end time, it becomes the last message's time, else now.")
	@PostMapping("/conversations/{id}/close")
	ConversationView close(SignedInMember me, @PathVariable String id) {
		return this.conversations.close(me, Ids.pathId(id, "conversation"));
	}

	@Operation(operationId = "reopenConversation", summary = "Reopen a closed conversation",
			description = "The owner, the creator and admins may. Its end time and closing time are cleared; reopening an open conversation is refused with 409.")
	@PostMapping("/conversations/{id}/reopen")
	ConversationView reopen(SignedInMember me, @PathVariable String id) {
		return this.conversations.reopen(me, Ids.pathId(id, "conversation"));
	}

	@Operation(operationId = "getConversationHistory", summary = "The history of a conversation: every change, who made it and when",
			description = "Oldest first: each save with who made it, when, and each field that changed from what to what.")
	@GetMapping("/conversations/{id}/history")
	List<HistoryEntry> history(SignedInMember me, @PathVariable String id) {
		return this.conversations.history(me.workspaceId(), Ids.pathId(id, "conversation"));
	}

	@Operation(operationId = "listChatConversations", summary = "The conversations of a chat",
			description = "Newest first.")
	@GetMapping("/chats/{id}/conversations")
	Page<ConversationView> ofChat(SignedInMember me, @PathVariable String id,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
		long chatId = Ids.pathId(id, "chat");
		this.conversations.requireChat(me.workspaceId(), chatId);
		return this.conversations.list(me.workspaceId(), ConversationQuery.ofChat(chatId),
				PageRequest.of(limit, cursor));
	}

	@Operation(operationId = "listContactConversations", summary = "The conversations of a contact, across all its chats",
			description = "Newest first, across every chat of the contact.")
	@GetMapping("/contacts/{id}/conversations")
	Page<ConversationView> ofContact(SignedInMember me, @PathVariable String id,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
		long contactId = Ids.pathId(id, "contact");
		this.conversations.requireContact(me.workspaceId(), contactId);
		return this.conversations.list(me.workspaceId(), ConversationQuery.ofContact(contactId),
				PageRequest.of(limit, cursor));
	}

	@Tag(name = "Chats")
	@Operation(operationId = "closeChat", summary = "Close a chat, optionally logging a conversation in the same step",
			description = "Only the assignee may close. When the workspace requires a conversation before closing "
					+ "and none was logged since the chat was last opened, a plain close answers 409 "
					+ "conversation-required; send {conversation: {...}} to log one and close in one step (both or neither).")
	@PostMapping("/chats/{id}/close")
	Conversations.ClosedChat closeChat(SignedInMember me, @PathVariable String id,
			@RequestBody(required = false) CloseChatRequest request) {
		long chatId = Ids.pathId(id, "chat");
		if (request != null && request.conversation() != null) {
			return this.conversations.logAndCloseChat(me, chatId, request.conversation().toCommand());
		}
		return this.conversations.closeChat(me, chatId);
	}

}
