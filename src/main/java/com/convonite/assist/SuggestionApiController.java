package com.convonite.assist;

import com.convonite.shared.Ids;
import com.convonite.workspace.SignedInMember;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Suggestions for logging a conversation from a chat, over the REST API. */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
class SuggestionApiController {

	private final LoggingSuggestions suggestions;

	SuggestionApiController(LoggingSuggestions suggestions) {
		this.suggestions = suggestions;
	}

	@Tag(name = "Chats")
	@Operation(operationId = "suggestForChat", summary = "Suggest a purpose, subject and summary for logging",
			description = "For a conversation from firstMessageId to lastMessageId of the chat (the chat's newest "
					+ "messages when none are given): the three likeliest purposes with their probability, learned "
					+ "from this workspace's own logged conversations (never another's, never archived purposes), and "
					+ "a subject and summary drafted from the picked messages: on this server, or by the workspace's "
					+ "OpenAI-compatible endpoint when an admin switched one on (draftedBy says which; when it fails, "
					+ "draftProblem says why and the draft is the built-in one). Nothing is applied. "
					+ "Purposes are suggested once the workspace has logged at least 30 conversations, with two "
					+ "purposes of at least 5 each: until then learning.state is not-enough-history and "
					+ "learning.needed says how many more; while the classifier is being trained it is learning (ask "
					+ "again shortly). Any member may ask, as for reading the chat. 404 for a chat not of this "
					+ "workspace; 400 for a message not of this chat or a last message before the first.")
	@GetMapping("/chats/{id}/suggestions")
	LogSuggestions suggest(SignedInMember me, @Parameter(description = "The chat") @PathVariable String id,
			@Parameter(description = "The conversation's first message, a message of this chat")
			@RequestParam(required = false) String firstMessageId,
			@Parameter(description = "The conversation's last message, a message of this chat, not before the first")
			@RequestParam(required = false) String lastMessageId) {
		long chatId = Ids.pathId(id, "chat");
		Long first = (firstMessageId != null) ? Ids.fieldId(firstMessageId, "firstMessageId") : null;
		Long last = (lastMessageId != null) ? Ids.fieldId(lastMessageId, "lastMessageId") : null;
		return this.suggestions.suggest(me.workspaceId(), chatId, first, last);
	}

}
