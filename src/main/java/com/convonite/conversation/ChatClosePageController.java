package com.convonite.conversation;

import com.convonite.chat.ChatView;
import com.convonite.chat.Chats;
import com.convonite.shared.FormErrors;
import com.convonite.shared.Ids;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.SignedInMember;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRedirectView;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The "Close chat" dialog. When the closure requirement refuses a plain close (SPEC §6), the same dialog
 * shows why and offers the log-a-conversation fields, to log and close in one step (both or neither).
 * A full page at its URL, and the dialog alone for the chat page's {@code #dialog} container.
 */
@Controller
class ChatClosePageController {

	static final String REQUIRED = "conversation-required";

	private final Conversations conversations;

	private final Chats chats;

	private final ConversationPageSupport support;

	ChatClosePageController(Conversations conversations, Chats chats, ConversationPageSupport support) {
		this.conversations = conversations;
		this.chats = chats;
		this.support = support;
	}

	@GetMapping("/chats/{id}/close")
	String dialogPage(SignedInMember me, @PathVariable String id, Model model) {
		prepare(me, id, this.support.newForm(me), false, null, FormErrors.none(), model);
		return "conversation/close-chat";
	}

	@HxRequest
	@GetMapping("/chats/{id}/close")
	String dialog(SignedInMember me, @PathVariable String id, Model model) {
		dialogPage(me, id, model);
		return "conversation/close-chat :: dialog";
	}

	@PostMapping("/chats/{id}/close")
	ModelAndView closePage(SignedInMember me, @PathVariable String id, @RequestParam(defaultValue = "false") boolean logConversation,
			@ModelAttribute("form") ConversationForm form, Model model) {
		return close(me, id, logConversation, form, model, false);
	}

	@HxRequest
	@PostMapping("/chats/{id}/close")
	ModelAndView closeDialog(SignedInMember me, @PathVariable String id,
			@RequestParam(defaultValue = "false") boolean logConversation, @ModelAttribute("form") ConversationForm form,
			Model model) {
		return close(me, id, logConversation, form, model, true);
	}

	private ModelAndView close(SignedInMember me, String id, boolean logConversation, ConversationForm form, Model model,
			boolean fragment) {
		long chatId = Ids.pathId(id, "chat");
		try {
			if (logConversation) {
				this.conversations.logAndCloseChat(me, chatId, form.toCommand(chatId, this.support::parse));
			}
			else {
				this.conversations.closeChat(me, chatId);
			}
			String target = "/chats/" + chatId;
			RedirectView redirect = fragment ? new HtmxRedirectView(target) : new RedirectView(target, true);
			redirect.setExposeModelAttributes(false);
			return new ModelAndView(redirect);
		}
		catch (ProblemException ex) {
			boolean required = REQUIRED.equals(ex.type());
			boolean showFields = logConversation || required;
			FormErrors errors = (logConversation && !ex.errors().isEmpty()) ? FormErrors.of(ex, "conversation.")
					: FormErrors.none();
			String problem = (ex.errors().isEmpty()) ? ex.getMessage() : null;
			prepare(me, id, form, showFields, (required && !logConversation) ? null : problem, errors, model);
			model.addAttribute("required", required || logConversation);
			String view = fragment ? "conversation/close-chat :: dialog" : "conversation/close-chat";
			return new ModelAndView(view);
		}
	}

	private void prepare(SignedInMember me, String id, ConversationForm form, boolean showFields, String problem,
			FormErrors errors, Model model) {
		ChatView chat = this.chats.get(me.workspaceId(), Ids.pathId(id, "chat"));
		model.addAttribute("chat", chat);
		model.addAttribute("showFields", showFields);
		model.addAttribute("problem", problem);
		model.addAttribute("errors", errors);
		this.support.fieldChoices(model, me.workspaceId(), form);
	}

}
