package com.convonite.conversation;

import java.util.Locale;

import com.convonite.shared.Ids;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.SignedInMember;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Saving and deleting the Conversations tab's saved views ({@link SavedViews}). Both answer with a redirect:
 * to the saved view (a toast says it is saved), or back to the same filters with the save form open and its
 * message when the name is refused; nothing typed is lost. The sidebar lists the views
 * ({@link ConversationListController}).
 */
@Controller
class SavedViewController {

	private final SavedViews views;

	private final MessageSource texts;

	SavedViewController(SavedViews views, MessageSource texts) {
		this.views = views;
		this.texts = texts;
	}

	@PostMapping("/conversations/views")
	String save(SignedInMember me, @RequestParam(defaultValue = "") String name,
			@RequestParam(defaultValue = "") String query, @RequestParam(defaultValue = "false") boolean shared,
			RedirectAttributes redirect) {
		try {
			SavedViews.SavedView saved = this.views.save(me, name, query, shared);
			redirect.addFlashAttribute("toast", this.texts.getMessage(
					saved.shared() ? "conversation.view.savedShared" : "conversation.view.saved",
					new Object[] { saved.name() }, Locale.ENGLISH));
			return "redirect:" + saved.url();
		}
		catch (ProblemException ex) {
			if (ex.status() != HttpStatus.BAD_REQUEST) {
				throw ex;
			}
			String message = ex.errors().isEmpty() ? ex.getMessage()
					: this.texts.getMessage("conversation.view.name", null, Locale.ENGLISH) + " "
							+ ex.errors().get(0).message() + ".";
			redirect.addFlashAttribute("viewError", message);
			redirect.addFlashAttribute("viewName", name);
			redirect.addFlashAttribute("viewShared", shared);
			String canonical = SavedViews.canonical(query);
			return "redirect:/conversations" + (canonical.isEmpty() ? "" : "?" + canonical);
		}
	}

	@PostMapping("/conversations/views/{id}/delete")
	String delete(SignedInMember me, @PathVariable String id, RedirectAttributes redirect) {
		this.views.delete(me, Ids.pathId(id, "view"));
		redirect.addFlashAttribute("toast", this.texts.getMessage("conversation.view.deleted", null, Locale.ENGLISH));
		return "redirect:/conversations";
	}

}
