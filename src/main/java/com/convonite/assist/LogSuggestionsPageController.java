package com.convonite.assist;

import com.convonite.shared.Ids;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.SignedInMember;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The suggestions inside the log form (templates/assist/suggestions.html), as htmx fragments that the form asks
 * for when it opens and whenever the picked first or last message changes: the likeliest purposes, and on request
 * a subject and summary draft. Only suggestions: js/assist.js puts one into the form when the user takes it.
 */
@Controller
class LogSuggestionsPageController {

	private final LoggingSuggestions suggestions;

	LogSuggestionsPageController(LoggingSuggestions suggestions) {
		this.suggestions = suggestions;
	}

	@GetMapping("/chats/{id}/log-suggestions")
	String purposes(SignedInMember me, @PathVariable String id, @RequestParam(required = false) String firstMessageId,
			@RequestParam(required = false) String lastMessageId, Model model) {
		model.addAttribute("chatId", id);
		try {
			model.addAttribute("suggested", this.suggestions.purposes(me.workspaceId(), Ids.pathId(id, "chat"),
					messageId(firstMessageId, "firstMessageId"), messageId(lastMessageId, "lastMessageId")));
		}
		catch (ProblemException ex) {
			problem(ex, model);
		}
		return "assist/suggestions :: purposes";
	}

	@GetMapping("/chats/{id}/log-suggestions/draft")
	String draft(SignedInMember me, @PathVariable String id, @RequestParam(required = false) String firstMessageId,
			@RequestParam(required = false) String lastMessageId, @RequestParam(defaultValue = "false") boolean builtIn,
			Model model) {
		model.addAttribute("chatId", id);
		try {
			model.addAttribute("drafted", this.suggestions.draft(me.workspaceId(), Ids.pathId(id, "chat"),
					messageId(firstMessageId, "firstMessageId"), messageId(lastMessageId, "lastMessageId"), builtIn));
		}
		catch (ProblemException ex) {
			problem(ex, model);
		}
		return "assist/suggestions :: draft";
	}

	/** A picked message that cannot be used (say, a last message before the first): said in the fragment. */
	private static void problem(ProblemException ex, Model model) {
		if (ex.status().value() != 400 || ex.errors().isEmpty()) {
			throw ex;
		}
		model.addAttribute("problem", ex.errors().get(0));
	}

	/** The picker's "no message" radio sends an empty value. */
	private static Long messageId(String value, String field) {
		return (value == null || value.isBlank()) ? null : Ids.fieldId(value, field);
	}

}
