package com.convonite.chat;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;

import com.convonite.shared.AdminOnly;
import com.convonite.shared.Ids;
import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.shared.PatchBody;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.SignedInMember;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Chats, their messages and inbound delivery over the REST API. Closing a chat and its conversations are
 * mapped by the conversation module, which can log a conversation and close in one step.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
class ChatApiController {

	private final Chats chats;

	private final InboundMessages inbound;

	private final OutgoingMessages outgoing;

	ChatApiController(Chats chats, InboundMessages inbound, OutgoingMessages outgoing) {
		this.chats = chats;
		this.inbound = inbound;
		this.outgoing = outgoing;
	}

	record SendRequest(@Schema(example = "TEXT", allowableValues = "TEXT",
			description = "Only text can be sent (any other type is refused with 400); defaults to TEXT") String type,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The text, at most 4096 characters")
			String body) {
	}

	@Schema(description = "The member to give the chat to, or null to unassign it.")
	record AssignRequest(@Schema(example = "42", nullable = true) String assigneeId) {
	}

	record From(@Schema(example = "+351 912 345 678") String phone, String name) {
	}

	record InboundRequest(@Schema(example = "whatsapp", description = "Defaults to whatsapp") String channel,
			@Schema(description = "The channel's id of the message; a repeated one is stored once") String externalId,
			From from, @Schema(example = "TEXT", description = "Defaults to TEXT", allowableValues = { "TEXT", "IMAGE",
					"DOCUMENT", "AUDIO", "VIDEO", "LOCATION", "STICKER", "TEMPLATE", "CONTACTS", "REPLY",
					"REACTION" }) String type, String body, OffsetDateTime sentAt,
			@Schema(description = "Media metadata (URL, MIME type, size...); the body is its caption") Map<String, Object> media) {
	}

	@Tag(name = "Chats")
	@Operation(operationId = "listChats", summary = "List chats in one of the five views",
			description = "view: MY_OPEN (default), ALL, ALL_OPEN, MINE, ALL_CLOSED; unread=true keeps unread chats only; "
					+ "contactId keeps one contact's chats. Newest activity first.")
	@GetMapping("/chats")
	Page<ChatView> list(SignedInMember me,
			@Parameter(description = "Which chats: MY_OPEN (default), ALL, ALL_OPEN, MINE or ALL_CLOSED",
					schema = @Schema(allowableValues = { "MY_OPEN", "ALL", "ALL_OPEN", "MINE", "ALL_CLOSED" }))
			@RequestParam(required = false) String view,
			@Parameter(description = "true keeps only chats with unread messages") @RequestParam(required = false) Boolean unread,
			@RequestParam(required = false) String contactId,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
		Long contact = (contactId != null) ? Ids.fieldId(contactId, "contactId") : null;
		var filter = new Chats.ChatFilter(Chats.View.of(view), Boolean.TRUE.equals(unread), contact);
		return this.chats.list(me, filter, PageRequest.of(limit, cursor));
	}

	@Tag(name = "Chats")
	@Operation(operationId = "getChat", summary = "Read one chat",
			description = "Any member may read any chat of the workspace.")
	@GetMapping("/chats/{id}")
	ChatView get(SignedInMember me, @PathVariable String id) {
		return this.chats.get(me.workspaceId(), Ids.pathId(id, "chat"));
	}

	@Tag(name = "Chats")
	@Operation(operationId = "listMessages", summary = "List a chat's messages, oldest first",
			description = "Every message of the chat, in and out, oldest first, with the delivery status of outgoing ones.")
	@GetMapping("/chats/{id}/messages")
	Page<MessageView> messages(SignedInMember me, @PathVariable String id,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
		return this.chats.messages(me.workspaceId(), Ids.pathId(id, "chat"), PageRequest.of(limit, cursor));
	}

	@Tag(name = "Chats")
	@Operation(operationId = "sendMessage", summary = "Send a message in a chat",
			description = "Only the assignee (403 not-assignee), only while the chat is open (409 chat-closed), and only "
					+ "within 24 hours of the customer's last message (409 outside-24h-window). Stored as PENDING.")
	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping(path = "/chats/{id}/messages", consumes = "application/json")
	ResponseEntity<MessageView> send(SignedInMember me, @PathVariable String id, @RequestBody SendRequest request) {
		long chatId = Ids.pathId(id, "chat");
		MessageView sent = this.chats.send(me, chatId, new Chats.NewMessage(request.type(), request.body()));
		return ResponseEntity.created(URI.create("/api/v1/chats/" + chatId + "/messages/" + sent.id())).body(sent);
	}

	@Tag(name = "Chats")
	@Operation(operationId = "getMessage", summary = "Read one message of a chat",
			description = "Its delivery status and failure reason show how sending it went.")
	@GetMapping("/chats/{id}/messages/{messageId}")
	MessageView message(SignedInMember me, @PathVariable String id, @PathVariable String messageId) {
		return this.chats.message(me.workspaceId(), Ids.pathId(id, "chat"), Ids.pathId(messageId, "message"));
	}

	@Tag(name = "Chats")
	@Operation(operationId = "retryMessage", summary = "Send a failed message again",
			description = "Only for a message whose deliveryStatus is FAILED (409 message-not-failed otherwise), by the "
					+ "chat's assignee, under the same rules as sending. The message is PENDING again; failureReason "
					+ "is cleared until the channel reports anew.")
	@PostMapping("/chats/{id}/messages/{messageId}/retry")
	MessageView retry(SignedInMember me, @PathVariable String id, @PathVariable String messageId) {
		return this.outgoing.retry(me, Ids.pathId(id, "chat"), Ids.pathId(messageId, "message"));
	}

	@Tag(name = "Chats")
	@Operation(operationId = "assignChat", summary = "Assign a chat to a member, or unassign it",
			description = "Anyone can take an unassigned chat for themselves; only the assignee or an admin can reassign. "
					+ "The new assignee must be an active member.")
	@PostMapping(path = "/chats/{id}/assign", consumes = "application/json")
	ChatView assign(SignedInMember me, @PathVariable String id,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
					schema = @Schema(implementation = AssignRequest.class))) @RequestBody JsonNode body) {
		long chatId = Ids.pathId(id, "chat");
		PatchBody fields = PatchBody.of(body, Set.of("assigneeId"));
		var assignee = fields.id("assigneeId");
		fields.check();
		if (assignee == null) {
			throw ProblemException.invalid("assigneeId", "is required: a member's id, or null to unassign the chat");
		}
		return this.chats.assign(me, chatId, assignee.orElse(null));
	}

	@Tag(name = "Chats")
	@Operation(operationId = "reopenChat", summary = "Reopen a closed chat (its assignee)",
			description = "Only the assignee may reopen a closed chat; it opens with its unread count as it was.")
	@PostMapping("/chats/{id}/reopen")
	ChatView reopen(SignedInMember me, @PathVariable String id) {
		return this.chats.reopen(me, Ids.pathId(id, "chat"));
	}

	@Tag(name = "Chats")
	@Operation(operationId = "markChatRead", summary = "Mark a chat read",
			description = "Resets the unread count when the caller is the chat's assignee; for anyone else it answers "
					+ "200 with the chat unchanged, since only the assignee's reading counts.")
	@PostMapping("/chats/{id}/read")
	ChatView read(SignedInMember me, @PathVariable String id) {
		return this.chats.markRead(me, Ids.pathId(id, "chat"));
	}

	@Tag(name = "Inbound")
	@Operation(operationId = "deliverInboundMessage", summary = "Deliver a customer's message (admins; for channel integrations)",
			description = "Creates the contact and the chat when needed, reopens a closed chat and raises its unread "
					+ "count. A repeated externalId is stored once: the repeat answers 200 with duplicate=true.")
	@AdminOnly("deliver inbound messages")
	@ResponseStatus(HttpStatus.CREATED)
	@ApiResponse(responseCode = "200", description = "A repeat of a message already stored (duplicate is true); nothing was stored again")
	@PostMapping(path = "/inbound/messages", consumes = "application/json")
	ResponseEntity<InboundMessages.Delivery> deliver(SignedInMember me, @RequestBody InboundRequest request) {
		From from = (request.from() != null) ? request.from() : new From(null, null);
		var delivery = this.inbound.receive(me, new InboundMessages.InboundMessage(request.channel(),
				request.externalId(), from.phone(), from.name(), request.type(), request.body(), request.sentAt(),
				request.media()));
		return ResponseEntity.status(delivery.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).body(delivery);
	}

}
