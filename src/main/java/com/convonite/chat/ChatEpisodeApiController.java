package com.convonite.chat;

import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.workspace.SignedInMember;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The times chats were open, over the REST API: what the Chats and logging coverage reports count. */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
class ChatEpisodeApiController {

	private final ChatEpisodes episodes;

	ChatEpisodeApiController(ChatEpisodes episodes) {
		this.episodes = episodes;
	}

	@Tag(name = "Chats")
	@Operation(operationId = "listChatEpisodes", summary = "List the times chats were open",
			description = "One item per time a chat was open (created or reopened, until closed), newest first: by the "
					+ "close when only closedFrom/closedTo are given, else by the opening. Days are of the workspace's time "
					+ "zone, both included. The first page gives total, which equals the Chats and logging coverage "
					+ "reports' figure for the same filters: opened (openedFrom/openedTo), closed (closedFrom/closedTo), "
					+ "closed with a conversation logged (conversationLogged=true), a first response band (firstResponse).")
	@GetMapping("/chat-episodes")
	Page<ChatEpisodeView> list(SignedInMember me,
			@Parameter(description = "Opened on or after this day", example = "2026-01-01") @RequestParam(required = false) String openedFrom,
			@Parameter(description = "Opened on or before this day", example = "2026-01-31") @RequestParam(required = false) String openedTo,
			@Parameter(description = "Closed on or after this day", example = "2026-01-01") @RequestParam(required = false) String closedFrom,
			@Parameter(description = "Closed on or before this day", example = "2026-01-31") @RequestParam(required = false) String closedTo,
			@Parameter(description = "The episode's agent: a member id, me, or none for a chat closed unassigned")
			@RequestParam(required = false) String agentId,
			@RequestParam(required = false) String contactId,
			@Parameter(description = "true: a conversation was logged on the chat since it was opened (until its close); "
					+ "false: none was", schema = @Schema(type = "boolean")) @RequestParam(required = false) String conversationLogged,
			@Parameter(description = "The first response's band", schema = @Schema(implementation = FirstResponseBand.class))
			@RequestParam(required = false) String firstResponse,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
		ChatEpisodes.EpisodeFilter filter = this.episodes.filter(me, openedFrom, openedTo, closedFrom, closedTo, agentId,
				contactId, conversationLogged, firstResponse);
		return this.episodes.list(me, filter, PageRequest.of(limit, cursor));
	}

}
