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

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

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

	ConversationPageController(Conversations conversations, Chats chats, ConversationPageSupport support) {
		this.conversations = conversations;
		this.chats = chats;
		this.support = support;
	}

	@GetMapping("/chats/{chatId}/conversations/new")
	String newConversation(SignedInMember me, @PathVariable String chatId, Model model) {
		ChatView chat = this.chats.get(me.workspaceId(), Ids.pathId(chatId, "chat"));
		return logPage(me, chat, this.support.newForm(me), FormErrors.none(), model);
	}

	@PostMapping("/conversations")
	String log(SignedInMember me, @RequestParam String chatId, @ModelAttribute("form") ConversationForm form,
			Model model) {
		ChatView chat = this.chats.get(me.workspaceId(), Ids.pathId(chatId, "chat"));
		try {
			ConversationView logged = this.conversations.log(me,
					form.toCommand(Long.parseLong(chat.id()), this.support::parse));
			return "redirect:/conversations/" + logged.id();
		}
		catch (ProblemException ex) {
			if (ex.status() != HttpStatus.BAD_REQUEST) {
				throw ex;
			}
			return logPage(me, chat, form, FormErrors.of(ex), model);
		}
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
		return "conversation/view";
	}

	private MessageView message(SignedInMember me, String id) {
		return (id != null) ? this.chats.findMessage(me.workspaceId(), Long.parseLong(id)).orElse(null) : null;
	}

	record HistoryLine(String memberName, OffsetDateTime changedAt, String action, List<Change> changes) {
	}

	record Change(String field, String from, String to) {
	}

	private List<HistoryLine> history(SignedInMember me, long conversationId) {
		List<HistoryLine> lines = new ArrayList<>();
		for (HistoryEntry entry : this.conversations.history(me.workspaceId(), conversationId)) {
			List<Change> changes = entry.changes()
				.stream()
				.map((c) -> new Change(c.field(), shown(c.field(), c.from()), shown(c.field(), c.to())))
				.toList();
			lines.add(new HistoryLine(entry.memberName(), entry.changedAt(), entry.action(), changes));
		}
		java.util.Collections.reverse(lines);
		return lines;
	}

	/** Times in the history are instants: show them in the workspace's zone like every other time. */
	private String shown(String field, String value) {
		if (value != null && (field.equals("startTime") || field.equals("endTime"))) {
			try {
				return this.support.times().dateTime(java.time.Instant.parse(value).atOffset(java.time.ZoneOffset.UTC));
			}
			catch (java.time.format.DateTimeParseException ex) {
				return value;
			}
		}
		return value;
	}

	@GetMapping("/conversations/{id}/edit")
	String edit(SignedInMember me, @PathVariable String id, Model model) {
		ConversationView conversation = this.conversations.get(me.workspaceId(), Ids.pathId(id, "conversation"));
		requireEditor(me, conversation);
		return editPage(me, conversation, ConversationForm.of(conversation, this.support::input), FormErrors.none(),
				null, model);
	}

	@PostMapping("/conversations/{id}")
	String change(SignedInMember me, @PathVariable String id, @ModelAttribute("form") ConversationForm form,
			Model model) {
		long conversationId = Ids.pathId(id, "conversation");
		int version = Optional.ofNullable(form.getVersion()).orElse(-1);
		try {
			ConversationView shown = this.conversations.get(me.workspaceId(), conversationId);
			MessageView lastMessage = message(me, shown.lastMessageId());
			this.conversations.change(me, conversationId, version, form.toChanges(shown, this.support.times(),
					(lastMessage != null) ? lastMessage.sentAt() : null));
			return "redirect:/conversations/" + conversationId;
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

	@PostMapping("/conversations/{id}/close")
	String close(SignedInMember me, @PathVariable String id) {
		long conversationId = Ids.pathId(id, "conversation");
		this.conversations.close(me, conversationId);
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
