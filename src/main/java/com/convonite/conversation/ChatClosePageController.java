package com.convonite.conversation;

import java.util.List;

import com.convonite.chat.ChatView;
import com.convonite.chat.Chats;
import com.convonite.chat.MessageView;
import com.convonite.shared.FormErrors;
import com.convonite.shared.Ids;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.SignedInMember;
import com.convonite.workspace.Workspaces;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRedirectView;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
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

	private final Workspaces workspaces;

	private final MessageSource messages;

	ChatClosePageController(Conversations conversations, Chats chats, ConversationPageSupport support,
			Workspaces workspaces, MessageSource messages) {
		this.workspaces = workspaces;
		this.messages = messages;
		this.conversations = conversations;
		this.chats = chats;
		this.support = support;
	}

	/**
	 * The dialog. When the closure requirement applies and nothing was logged since the chat was last opened,
	 * it shows the log form at once: status Closed, the messages no conversation covers yet picked (those since
	 * the chat was opened), and the follow-up task section.
	 */
	@GetMapping("/chats/{id}/close")
	String dialogPage(SignedInMember me, @PathVariable String id, Model model) {
		long chatId = Ids.pathId(id, "chat");
		ChatView chat = this.chats.get(me.workspaceId(), chatId);
		boolean required = this.workspaces.requiresConversationToCloseChat(me.workspaceId())
				&& (chat.openedAt() == null || !this.conversations.loggedSince(me.workspaceId(), chatId, chat.openedAt()));
		ConversationForm form = this.support.newForm(me);
		form.setStatus(ConversationStatus.CLOSED.name());
		List<MessageView> messages = this.support.thread(model, me.workspaceId(), chatId);
		ConversationPageSupport.prefill(form, messages, this.conversations.coveredUntil(me.workspaceId(), chatId), true,
				this.support::input);
		prepare(me, id, form, required, null, FormErrors.none(), model);
		model.addAttribute("required", required);
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
			@ModelAttribute("form") ConversationForm form, Model model, RedirectAttributes flash) {
		return close(me, id, logConversation, form, model, false, flash);
	}

	@HxRequest
	@PostMapping("/chats/{id}/close")
	ModelAndView closeDialog(SignedInMember me, @PathVariable String id,
			@RequestParam(defaultValue = "false") boolean logConversation, @ModelAttribute("form") ConversationForm form,
			Model model, RedirectAttributes flash) {
		return close(me, id, logConversation, form, model, true, flash);
	}

	private ModelAndView close(SignedInMember me, String id, boolean logConversation, ConversationForm form, Model model,
			boolean fragment, RedirectAttributes flash) {
		long chatId = Ids.pathId(id, "chat");
		try {
			if (logConversation) {
				var closed = this.conversations.logAndCloseChat(me, chatId, form.toCommand(chatId, this.support::parse));
				flash.addFlashAttribute("toast", this.messages.getMessage("conversation.toast.closedChat",
						new Object[] { closed.conversation().subject() }, LocaleContextHolder.getLocale()));
			}
			else {
				this.conversations.closeChat(me, chatId);
				flash.addFlashAttribute("toast", this.messages.getMessage("conversation.toast.chatClosed", null,
						LocaleContextHolder.getLocale()));
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
			if (required && !logConversation) {
				// Refused by the requirement before any field was shown: offer the form as the dialog would.
				form.setStatus(ConversationStatus.CLOSED.name());
				form.setOwnerId(Long.toString(me.memberId()));
				form.getFollowUpTask().setAssigneeId(Long.toString(me.memberId()));
				List<MessageView> messages = this.support.thread(model, me.workspaceId(), chatId);
				ConversationPageSupport.prefill(form, messages, this.conversations.coveredUntil(me.workspaceId(), chatId),
						true, this.support::input);
			}
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
		if (showFields && !model.containsAttribute("messages")) {
			this.support.thread(model, me.workspaceId(), Long.parseLong(chat.id()));
		}
		this.support.fieldChoices(model, me.workspaceId(), form);
	}

}
