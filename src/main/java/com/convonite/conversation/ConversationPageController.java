package com.convonite.conversation;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.convonite.chat.ChatView;
import com.convonite.chat.Chats;
import com.convonite.chat.MessageView;
import com.convonite.shared.FormErrors;
import com.convonite.shared.Ids;
import com.convonite.shared.PageRequest;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.SignedInMember;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pages of one conversation: logging it from a chat (picking first and last message in the thread),
 * reading it with its history, editing it (refusing a stale save without losing what was typed), closing,
 * reopening and deleting it; and the panels that list conversations under a chat and a contact.
 */
@Controller
class ConversationPageController {

	static final int PANEL_SIZE = 50;

	private final Conversations conversations;

	private final Chats chats;

	private final ConversationPageSupport support;

	private final MessageSource messages;

	private final ConversationFields fields;

	ConversationPageController(Conversations conversations, Chats chats, ConversationPageSupport support,
			MessageSource messages, ConversationFields fields) {
		this.fields = fields;
		this.messages = messages;
		this.conversations = conversations;
		this.chats = chats;
		this.support = support;
	}

	/** Only a path of this site to return to after saving, never another site. */
	private static final java.util.regex.Pattern BACK = java.util.regex.Pattern.compile("/[A-Za-z0-9/_\\-?=&%.~+,:]*");

	static String safeBack(String back, String otherwise) {
		if (back == null || back.length() > 500 || !BACK.matcher(back).matches() || back.startsWith("//")) {
			return otherwise;
		}
		return back;
	}

	private String toast(String key, String subject) {
		return this.messages.getMessage(key, new Object[] { subject }, LocaleContextHolder.getLocale());
	}

	@GetMapping("/chats/{chatId}/conversations/new")
	String newConversation(SignedInMember me, @PathVariable String chatId,
			@RequestParam(required = false) String back, Model model) {
		model.addAttribute("back", safeBack(back, "/chats/" + Ids.pathId(chatId, "chat")));
		ChatView chat = this.chats.get(me.workspaceId(), Ids.pathId(chatId, "chat"));
		long id = Long.parseLong(chat.id());
		ConversationForm form = this.support.newForm(me);
		// Start at the first message no conversation of this chat covers yet.
		List<MessageView> messages = this.support.thread(model, me.workspaceId(), id);
		ConversationPageSupport.prefill(form, messages, this.conversations.coveredUntil(me.workspaceId(), id), false,
				this.support::input);
		return logPage(me, chat, form, FormErrors.none(), model);
	}

	@PostMapping("/conversations")
	String log(SignedInMember me, @RequestParam String chatId, @ModelAttribute("form") ConversationForm form,
			@RequestParam(required = false) String back, Model model, RedirectAttributes redirect,
			HttpServletRequest request) {
		return logFromForm(me, chatId, form.readFields(request), back, model, (logged, backTo) -> {
			// Back where the user came from (the chat, or the Conversations tab), with a toast.
			redirect.addFlashAttribute("toast", toast("conversation.toast.logged", logged.subject()));
			return "redirect:" + backTo;
		});
	}

	/**
	 * The log form in the inbox's side panel, sent with htmx so that the thread stays: a logged conversation is
	 * answered 204 (nothing to show; the panel says so and refreshes its lists), a refused one with the form
	 * again. Redirecting it back to the chat, as the page does, would have htmx fetch the whole chat screen and
	 * spend the toast on it.
	 */
	@HxRequest
	@PostMapping("/conversations")
	String logInPanel(SignedInMember me, @RequestParam String chatId, @ModelAttribute("form") ConversationForm form,
			@RequestParam(required = false) String back, Model model, HttpServletResponse response,
			HttpServletRequest request) {
		return logFromForm(me, chatId, form.readFields(request), back, model, (logged, backTo) -> {
			response.setStatus(HttpStatus.NO_CONTENT.value());
			return null;
		});
	}

	/** Logs the form's conversation and answers with {@code onLogged}; a refused form is shown again with its errors. */
	private String logFromForm(SignedInMember me, String chatId, ConversationForm form, String back, Model model,
			java.util.function.BiFunction<ConversationView, String, String> onLogged) {
		ChatView chat = this.chats.get(me.workspaceId(), Ids.pathId(chatId, "chat"));
		String backTo = safeBack(back, "/chats/" + chat.id());
		model.addAttribute("back", backTo);
		ConversationView logged;
		try {
			logged = this.conversations.log(me, form.toCommand(Long.parseLong(chat.id()), this.support::parse));
		}
		catch (ProblemException ex) {
			if (ex.status() != HttpStatus.BAD_REQUEST) {
				throw ex;
			}
			return logPage(me, chat, form, FormErrors.of(ex), model);
		}
		return onLogged.apply(logged, backTo);
	}

	private String logPage(SignedInMember me, ChatView chat, ConversationForm form, FormErrors errors, Model model) {
		model.addAttribute("mode", "new");
		model.addAttribute("chat", chat);
		this.support.thread(model, me.workspaceId(), Long.parseLong(chat.id()));
		model.addAttribute("errors", errors);
		this.support.fieldChoices(model, me.workspaceId(), form);
		return "conversation/form";
	}

	@GetMapping("/conversations/{id}")
	String show(SignedInMember me, @PathVariable String id, Model model) {
		long conversationId = Ids.pathId(id, "conversation");
		ConversationView conversation = this.conversations.get(me.workspaceId(), conversationId);
		model.addAttribute("conversation", conversation);
		model.addAttribute("canEdit", Conversations.mayEdit(me, conversation));
		model.addAttribute("firstMessage", message(me, conversation.firstMessageId()));
		model.addAttribute("lastMessage", message(me, conversation.lastMessageId()));
		model.addAttribute("history", history(me, conversationId));
		model.addAttribute("shownFields", this.fields.shown(me.workspaceId(), conversation.fields()));
		return "conversation/view";
	}

	private MessageView message(SignedInMember me, String id) {
		return (id != null) ? this.chats.findMessage(me.workspaceId(), Long.parseLong(id)).orElse(null) : null;
	}

	record HistoryLine(String memberName, OffsetDateTime changedAt, String action, List<Change> changes) {
	}

	/** One changed field; {@code label} is a custom field's name (null for the built-in ones, named by messages). */
	record Change(String field, String label, String from, String to) {
	}

	private List<HistoryLine> history(SignedInMember me, long conversationId) {
		List<HistoryLine> lines = new ArrayList<>();
		java.util.Map<String, ConversationFieldView> custom = new java.util.HashMap<>();
		this.fields.list(me.workspaceId(), true).forEach((f) -> custom.put("fields." + f.key(), f));
		for (HistoryEntry entry : this.conversations.history(me.workspaceId(), conversationId)) {
			List<Change> changes = entry.changes()
				.stream()
				.map((c) -> custom.containsKey(c.field())
						? new Change(c.field(), custom.get(c.field()).name(), customShown(custom.get(c.field()), c.from()),
								customShown(custom.get(c.field()), c.to()))
						: new Change(c.field(), null, shown(me, c.field(), c.from()), shown(me, c.field(), c.to())))
				.toList();
			lines.add(new HistoryLine(entry.memberName(), entry.changedAt(), entry.action(), changes));
		}
		java.util.Collections.reverse(lines);
		return lines;
	}

	/**
	 * History values in the product's words: statuses as their labels ("Open → Closed"), messages by their time
	 * and text, and times (stored as instants) in the workspace's zone like every other time.
	 */
	private String shown(SignedInMember me, String field, String value) {
		if (value == null) {
			return null;
		}
		if (field.equals("status")) {
			return this.messages.getMessage("conversation.status." + value, null, value, LocaleContextHolder.getLocale());
		}
		if (field.equals("firstMessageId") || field.equals("lastMessageId")) {
			Long id = Ids.parse(value);
			MessageView message = (id != null) ? this.chats.findMessage(me.workspaceId(), id).orElse(null) : null;
			return (message == null) ? "#" + value : this.support.times().dateTime(message.sentAt())
					+ ((message.body() != null) ? ": " + abbreviate(message.body(), 60) : "");
		}
		if (field.equals("startTime") || field.equals("endTime")) {
			try {
				return this.support.times().dateTime(java.time.Instant.parse(value).atOffset(java.time.ZoneOffset.UTC));
			}
			catch (java.time.format.DateTimeParseException ex) {
				return value;
			}
		}
		return value;
	}

	/** A custom field's value from the history (text as stored): checkboxes as Yes and No. */
	private static String customShown(ConversationFieldView field, String value) {
		return (value != null && field.type() == ConversationFieldView.Type.CHECKBOX)
				? ConversationFields.shown(field, Boolean.valueOf(value)) : value;
	}

	private static String abbreviate(String text, int max) {
		String line = text.replaceAll("\\s+", " ").strip();
		return (line.length() <= max) ? line : line.substring(0, max - 1) + "…";
	}

	@GetMapping("/conversations/{id}/edit")
	String edit(SignedInMember me, @PathVariable String id, @RequestParam(required = false) String back,
			Model model) {
		model.addAttribute("back", safeBack(back, "/conversations/" + Ids.pathId(id, "conversation")));
		ConversationView conversation = this.conversations.get(me.workspaceId(), Ids.pathId(id, "conversation"));
		requireEditor(me, conversation);
		return editPage(me, conversation, ConversationForm.of(conversation, this.support::input), FormErrors.none(),
				null, model);
	}

	@PostMapping("/conversations/{id}")
	String change(SignedInMember me, @PathVariable String id, @ModelAttribute("form") ConversationForm form,
			@RequestParam(required = false) String back, Model model, RedirectAttributes redirect,
			HttpServletRequest request) {
		form.readFields(request);
		long conversationId = Ids.pathId(id, "conversation");
		model.addAttribute("back", safeBack(back, "/conversations/" + conversationId));
		int version = Optional.ofNullable(form.getVersion()).orElse(-1);
		try {
			ConversationView shown = this.conversations.get(me.workspaceId(), conversationId);
			MessageView lastMessage = message(me, shown.lastMessageId());
			this.conversations.change(me, conversationId, version, form.toChanges(shown, this.support.times(),
					(lastMessage != null) ? lastMessage.sentAt() : null));
			redirect.addFlashAttribute("toast", toast("conversation.toast.saved",
					Optional.ofNullable(form.getSubject()).orElse(shown.subject()).strip()));
			return "redirect:" + safeBack(back, "/conversations/" + conversationId);
		}
		catch (ProblemException ex) {
			ConversationView current = this.conversations.get(me.workspaceId(), conversationId);
			if ("stale-version".equals(ex.type())) {
				// Keep what they typed, show what the other person saved, and let them save over that version.
				form.setVersion(current.version());
				return editPage(me, current, form, FormErrors.of(ex), current, model);
			}
			if (ex.status() != HttpStatus.BAD_REQUEST) {
				throw ex;
			}
			return editPage(me, current, form, FormErrors.of(ex), null, model);
		}
	}

	private String editPage(SignedInMember me, ConversationView conversation, ConversationForm form, FormErrors errors,
			ConversationView theirs, Model model) {
		ChatView chat = this.chats.get(me.workspaceId(), Long.parseLong(conversation.chatId()));
		model.addAttribute("mode", "edit");
		model.addAttribute("conversation", conversation);
		model.addAttribute("theirs", theirs);
		model.addAttribute("chat", chat);
		this.support.thread(model, me.workspaceId(), Long.parseLong(chat.id()));
		model.addAttribute("errors", errors);
		this.support.fieldChoices(model, me.workspaceId(), form);
		return "conversation/form";
	}

	private static void requireEditor(SignedInMember me, ConversationView conversation) {
		if (!Conversations.mayEdit(me, conversation)) {
			throw ProblemException.forbidden("Only the owner, the creator or an admin can edit this conversation.");
		}
	}

	/**
	 * Closes the conversation; when the closing rules find something missing, the edit form opens with status
	 * Closed and one message at each missing field, so that the user fills them in there and saves.
	 */
	@PostMapping("/conversations/{id}/close")
	String close(SignedInMember me, @PathVariable String id, Model model) {
		long conversationId = Ids.pathId(id, "conversation");
		try {
			this.conversations.close(me, conversationId);
		}
		catch (ProblemException ex) {
			if (ex.status() != HttpStatus.BAD_REQUEST) {
				throw ex;
			}
			ConversationView current = this.conversations.get(me.workspaceId(), conversationId);
			ConversationForm form = ConversationForm.of(current, this.support::input);
			form.setStatus(ConversationStatus.CLOSED.name());
			model.addAttribute("back", "/conversations/" + conversationId);
			model.addAttribute("closingRefused", true);
			return editPage(me, current, form, FormErrors.of(ex), null, model);
		}
		return "redirect:/conversations/" + conversationId;
	}

	@PostMapping("/conversations/{id}/reopen")
	String reopen(SignedInMember me, @PathVariable String id) {
		long conversationId = Ids.pathId(id, "conversation");
		this.conversations.reopen(me, conversationId);
		return "redirect:/conversations/" + conversationId;
	}

	@PostMapping("/conversations/{id}/delete")
	String delete(SignedInMember me, @PathVariable String id) {
		this.conversations.delete(me, Ids.pathId(id, "conversation"));
		return "redirect:/conversations?deleted";
	}

	@GetMapping("/chats/{id}/conversations-panel")
	String chatPanel(SignedInMember me, @PathVariable String id, Model model) {
		long chatId = Ids.pathId(id, "chat");
		this.conversations.requireChat(me.workspaceId(), chatId);
		model.addAttribute("chatId", chatId);
		model.addAttribute("page", this.conversations.list(me.workspaceId(), ConversationQuery.ofChat(chatId),
				PageRequest.first(PANEL_SIZE)));
		return "conversation/panels :: chat";
	}

	@GetMapping("/contacts/{id}/conversations-panel")
	String contactPanel(SignedInMember me, @PathVariable String id, Model model) {
		long contactId = Ids.pathId(id, "contact");
		this.conversations.requireContact(me.workspaceId(), contactId);
		model.addAttribute("contactId", contactId);
		model.addAttribute("page", this.conversations.list(me.workspaceId(), ConversationQuery.ofContact(contactId),
				PageRequest.first(PANEL_SIZE)));
		return "conversation/panels :: contact";
	}

}
