package com.convonite.conversation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.convonite.chat.ChatStatus;
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
import jakarta.servlet.http.HttpServletRequest;

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
 * The "Close chat" dialog. When the closure requirement applies (SPEC §6) and no conversation was logged since
 * the chat was last opened, the dialog says so at once and offers the log-a-conversation fields (status Closed),
 * to log and close in one step (both or neither). A full page at its URL, and the dialog alone for the inbox's
 * modal. The list the chat was closed from ({@code view}, {@code unread}, {@code q}) travels along, so that the
 * inbox opens that list's next chat afterwards.
 */
@Controller
class ChatClosePageController {

	static final String REQUIRED = "conversation-required";

	private final Conversations conversations;

	private final Chats chats;

	private final Workspaces workspaces;

	private final ConversationPageSupport support;

	private final MessageSource messages;

	ChatClosePageController(Conversations conversations, Chats chats, Workspaces workspaces,
			ConversationPageSupport support, MessageSource messages) {
		this.messages = messages;
		this.conversations = conversations;
		this.chats = chats;
		this.workspaces = workspaces;
		this.support = support;
	}

	/** The inbox list a chat was closed from. */
	record FromList(String view, Boolean unread, String q) {

		String afterClosing(long chatId) {
			// Only where the answer leads: a view that is no view's name leads to the default one.
			String known = (this.view != null && this.view.matches("[a-z-]{1,20}")) ? this.view : "my-open";
			StringBuilder url = new StringBuilder("/chats/").append(chatId).append("/next?view=").append(known);
			if (Boolean.TRUE.equals(this.unread)) {
				url.append("&unread=true");
			}
			if (this.q != null && !this.q.isBlank()) {
				url.append("&q=").append(URLEncoder.encode(this.q, StandardCharsets.UTF_8));
			}
			return url.toString();
		}

	}

	@GetMapping("/chats/{id}/close")
	String dialogPage(SignedInMember me, @PathVariable String id, FromList from, Model model) {
		long chatId = Ids.pathId(id, "chat");
		ChatView chat = this.chats.get(me.workspaceId(), chatId);
		boolean required = chat.status() == ChatStatus.OPEN
				&& this.workspaces.requiresConversationToCloseChat(me.workspaceId())
				&& !this.conversations.loggedSince(me.workspaceId(), chatId, chat.openedAt());
		ConversationForm form = this.support.newForm(me);
		if (required) {
			// Closing the chat usually ends what it was about: the conversation logged with it starts closed,
			// on the messages no conversation covers yet (those since the chat was opened).
			form.setStatus("CLOSED");
			prefill(me, chatId, form, model);
		}
		prepare(me, id, form, required, null, FormErrors.none(), from, model);
		model.addAttribute("required", required);
		return "conversation/close-chat";
	}

	@HxRequest
	@GetMapping("/chats/{id}/close")
	String dialog(SignedInMember me, @PathVariable String id, FromList from, Model model) {
		dialogPage(me, id, from, model);
		return "conversation/close-chat :: dialog";
	}

	@PostMapping("/chats/{id}/close")
	ModelAndView closePage(SignedInMember me, @PathVariable String id, @RequestParam(defaultValue = "false") boolean logConversation,
			@ModelAttribute("form") ConversationForm form, FromList from, Model model, RedirectAttributes flash,
			HttpServletRequest request) {
		return close(me, id, logConversation, form.readFields(request), from, model, false, flash);
	}

	@HxRequest
	@PostMapping("/chats/{id}/close")
	ModelAndView closeDialog(SignedInMember me, @PathVariable String id,
			@RequestParam(defaultValue = "false") boolean logConversation, @ModelAttribute("form") ConversationForm form,
			FromList from, Model model, RedirectAttributes flash, HttpServletRequest request) {
		return close(me, id, logConversation, form.readFields(request), from, model, true, flash);
	}

	private ModelAndView close(SignedInMember me, String id, boolean logConversation, ConversationForm form,
			FromList from, Model model, boolean fragment, RedirectAttributes flash) {
		long chatId = Ids.pathId(id, "chat");
		try {
			if (logConversation) {
				var closed = this.conversations.logAndCloseChat(me, chatId, form.toCommand(chatId, this.support::parse));
				flash.addFlashAttribute("toast", this.messages.getMessage("conversation.toast.closedChat",
						new Object[] { closed.conversation().subject() }, LocaleContextHolder.getLocale()));
			}
			else {
				this.conversations.closeChat(me, chatId);
				flash.addFlashAttribute("toast",
						this.messages.getMessage("conversation.toast.chatClosed", null, LocaleContextHolder.getLocale()));
			}
			String target = from.afterClosing(chatId);
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
				form.setStatus("CLOSED");
				form.setOwnerId(Long.toString(me.memberId()));
				form.getFollowUpTask().setAssigneeId(Long.toString(me.memberId()));
				prefill(me, chatId, form, model);
			}
			prepare(me, id, form, showFields, (required && !logConversation) ? null : problem, errors, from, model);
			model.addAttribute("required", required || logConversation);
			String view = fragment ? "conversation/close-chat :: dialog" : "conversation/close-chat";
			return new ModelAndView(view);
		}
	}

	/** The thread into the model, and the messages no conversation of the chat covers yet picked in the form. */
	private void prefill(SignedInMember me, long chatId, ConversationForm form, Model model) {
		List<MessageView> messages = this.support.thread(model, me.workspaceId(), chatId);
		ConversationPageSupport.prefill(form, messages, this.conversations.coveredUntil(me.workspaceId(), chatId), true,
				this.support::input);
	}

	private void prepare(SignedInMember me, String id, ConversationForm form, boolean showFields, String problem,
			FormErrors errors, FromList from, Model model) {
		ChatView chat = this.chats.get(me.workspaceId(), Ids.pathId(id, "chat"));
		model.addAttribute("chat", chat);
		model.addAttribute("showFields", showFields);
		model.addAttribute("problem", problem);
		model.addAttribute("errors", errors);
		model.addAttribute("from", from);
		if (showFields && !model.containsAttribute("messages")) {
			this.support.thread(model, me.workspaceId(), Long.parseLong(chat.id()));
		}
		this.support.fieldChoices(model, me.workspaceId(), form);
	}

}
