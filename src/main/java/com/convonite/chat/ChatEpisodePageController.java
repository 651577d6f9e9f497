package com.convonite.chat;

import java.util.List;
import java.util.Map;

import com.convonite.shared.FormErrors;
import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.Members;
import com.convonite.workspace.SignedInMember;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Chat history: the times chats were open, with the filters the Chats and logging coverage reports link with, and
 * how many match (the report's figure). A chat closed twice in a period is two rows, as it is two closes in the
 * report. Each row opens its chat in the inbox.
 */
@Controller
class ChatEpisodePageController {

	static final int PAGE = 50;

	private final ChatEpisodes episodes;

	private final Members members;

	ChatEpisodePageController(ChatEpisodes episodes, Members members) {
		this.episodes = episodes;
		this.members = members;
	}

	/** The filters as they stand in the URL, for the form and the next page's link. */
	record Filters(String openedFrom, String openedTo, String closedFrom, String closedTo, String agentId,
			String contactId, String conversationLogged, String firstResponse) {

		/** This list's URL with a cursor (none for the first page). */
		public String url(String cursor) {
			UriComponentsBuilder link = UriComponentsBuilder.fromPath("/chats/history");
			param(link, "openedFrom", this.openedFrom);
			param(link, "openedTo", this.openedTo);
			param(link, "closedFrom", this.closedFrom);
			param(link, "closedTo", this.closedTo);
			param(link, "agentId", this.agentId);
			param(link, "contactId", this.contactId);
			param(link, "conversationLogged", this.conversationLogged);
			param(link, "firstResponse", this.firstResponse);
			param(link, "cursor", cursor);
			return link.encode().build().toUriString();
		}

		private static void param(UriComponentsBuilder link, String name, String value) {
			if (value != null && !value.isBlank()) {
				link.queryParam(name, value);
			}
		}

	}

	@GetMapping("/chats/history")
	String history(SignedInMember me, @RequestParam(required = false) String openedFrom,
			@RequestParam(required = false) String openedTo, @RequestParam(required = false) String closedFrom,
			@RequestParam(required = false) String closedTo, @RequestParam(required = false) String agentId,
			@RequestParam(required = false) String contactId, @RequestParam(required = false) String conversationLogged,
			@RequestParam(required = false) String firstResponse, @RequestParam(required = false) String cursor,
			Model model) {
		Filters filters = new Filters(openedFrom, openedTo, closedFrom, closedTo, agentId, contactId,
				conversationLogged, firstResponse);
		model.addAttribute("filters", filters);
		Map<Long, String> names = this.members.allNames(me.workspaceId());
		model.addAttribute("agents", names.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByValue(String.CASE_INSENSITIVE_ORDER))
			.map((e) -> new Agent(Long.toString(e.getKey()), e.getValue()))
			.toList());
		model.addAttribute("bands", FirstResponseBand.values());
		FormErrors errors = FormErrors.none();
		try {
			ChatEpisodes.EpisodeFilter filter = this.episodes.filter(me, openedFrom, openedTo, closedFrom, closedTo,
					agentId, contactId, conversationLogged, firstResponse);
			Page<ChatEpisodeView> page = this.episodes.list(me, filter, PageRequest.of(PAGE, cursor));
			model.addAttribute("rows", page.items());
			model.addAttribute("totals", (cursor == null) ? this.episodes.totals(me, filter) : null);
			model.addAttribute("next", (page.nextCursor() != null) ? filters.url(page.nextCursor()) : null);
			model.addAttribute("firstPage", (cursor != null) ? filters.url(null) : null);
		}
		catch (ProblemException ex) {
			if (ex.errors().isEmpty()) {
				throw ex;
			}
			errors = FormErrors.of(ex);
			model.addAttribute("rows", List.of());
		}
		model.addAttribute("errors", errors);
		return "chat/history";
	}

	record Agent(String id, String name) {
	}

}
