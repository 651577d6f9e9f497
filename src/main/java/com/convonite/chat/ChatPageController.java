package com.convonite.chat;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import com.convonite.contact.Contacts;
import com.convonite.shared.FormErrors;
import com.convonite.shared.Ids;
import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.MemberView;
import com.convonite.workspace.Members;
import com.convonite.workspace.SignedInMember;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The chat pages of the web app: the five views with the unread filter, a chat's thread with its composer
 * and actions, and the chats panel of a contact's page. Every rule is the {@link Chats} facade's.
 */
@Controller
class ChatPageController {

	static final int LIST_PAGE = 25;

	static final int THREAD_SIZE = 200;

	private final Chats chats;

	private final Members members;

	private final Contacts contacts;

	private final OutgoingMessages outgoing;

	ChatPageController(Chats chats, Members members, Contacts contacts, OutgoingMessages outgoing) {
		this.chats = chats;
		this.members = members;
		this.contacts = contacts;
		this.outgoing = outgoing;
	}

	/** A chat list row: the chat and its newest message. */
	record ChatRow(ChatView chat, Chats.LastMessage last) {
	}

	/** The list's filter as the page shows it and builds its links from. */
	record ListQuery(String view, boolean unread) {

		/** The list in another view, keeping the unread filter. */
		public String in(String otherView) {
			return "/chats?view=" + otherView + (this.unread ? "&unread=true" : "");
		}

		public String url() {
			return in(this.view);
		}

		public String after(String cursor) {
			return url() + "&cursor=" + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8);
		}

	}

	@GetMapping("/chats")
	String list(SignedInMember me, @RequestParam(required = false) String view,
			@RequestParam(required = false) Boolean unread, @RequestParam(required = false) String cursor, Model model) {
		rows(me, view, unread, cursor, model);
		model.addAttribute("views", Chats.View.values());
		return "chat/list";
	}

	@HxRequest
	@GetMapping("/chats")
	String rows(SignedInMember me, @RequestParam(required = false) String view,
			@RequestParam(required = false) Boolean unread, @RequestParam(required = false) String cursor, Model model) {
		Chats.View chosen = Chats.View.of(view);
		boolean unreadOnly = Boolean.TRUE.equals(unread);
		Page<ChatView> page = this.chats.list(me, new Chats.ChatFilter(chosen, unreadOnly, null),
				PageRequest.of(LIST_PAGE, cursor));
		model.addAttribute("query", new ListQuery(chosen.slug(), unreadOnly));
		model.addAttribute("rows", withLastMessages(me, page.items()));
		model.addAttribute("nextCursor", page.nextCursor());
		return "chat/list :: rows";
	}

	@GetMapping("/chats/{id}")
	String chat(SignedInMember me, @PathVariable String id, Model model) {
		return chatPage(me, Ids.pathId(id, "chat"), model, null, "");
	}

	/** The thread alone, for live updates: reading it as the assignee counts as reading the chat. */
	@HxRequest
	@GetMapping("/chats/{id}")
	String thread(SignedInMember me, @PathVariable String id, Model model) {
		long chatId = Ids.pathId(id, "chat");
		ChatView chat = this.chats.markRead(me, chatId);
		model.addAttribute("chat", chat);
		model.addAttribute("messages", this.chats.recentMessages(me.workspaceId(), chatId, THREAD_SIZE));
		model.addAttribute("canRetry", this.chats.whyCannotSend(me, chat) == null);
		return "chat/page :: thread";
	}

	@PostMapping("/chats/{id}/messages")
	String send(SignedInMember me, @PathVariable String id, @RequestParam(required = false) String body, Model model,
			HttpServletResponse response) {
		long chatId = Ids.pathId(id, "chat");
		try {
			this.chats.send(me, chatId, new Chats.NewMessage("TEXT", body));
		}
		catch (ProblemException ex) {
			return refused(me, chatId, model, ex, body, response);
		}
		return "redirect:/chats/" + chatId + "#composer";
	}

	/** Sends a failed message again (its chat's assignee). */
	@PostMapping("/chats/{id}/messages/{messageId}/retry")
	String retry(SignedInMember me, @PathVariable String id, @PathVariable String messageId, Model model,
			HttpServletResponse response) {
		long chatId = Ids.pathId(id, "chat");
		try {
			this.outgoing.retry(me, chatId, Ids.pathId(messageId, "message"));
		}
		catch (ProblemException ex) {
			return refused(me, chatId, model, ex, "", response);
		}
		return "redirect:/chats/" + chatId + "#composer";
	}

	@PostMapping("/chats/{id}/take")
	String take(SignedInMember me, @PathVariable String id, Model model, HttpServletResponse response) {
		long chatId = Ids.pathId(id, "chat");
		try {
			this.chats.assign(me, chatId, me.memberId());
		}
		catch (ProblemException ex) {
			return refused(me, chatId, model, ex, "", response);
		}
		return "redirect:/chats/" + chatId;
	}

	@PostMapping("/chats/{id}/assign")
	String assign(SignedInMember me, @PathVariable String id, @RequestParam(required = false) String assigneeId,
			Model model, HttpServletResponse response) {
		long chatId = Ids.pathId(id, "chat");
		try {
			Long assignee = (assigneeId == null || assigneeId.isBlank()) ? null
					: Ids.fieldId(assigneeId, "assigneeId");
			this.chats.assign(me, chatId, assignee);
		}
		catch (ProblemException ex) {
			return refused(me, chatId, model, ex, "", response);
		}
		return "redirect:/chats/" + chatId;
	}

	@PostMapping("/chats/{id}/reopen")
	String reopen(SignedInMember me, @PathVariable String id, Model model, HttpServletResponse response) {
		long chatId = Ids.pathId(id, "chat");
		try {
			this.chats.reopen(me, chatId);
		}
		catch (ProblemException ex) {
			return refused(me, chatId, model, ex, "", response);
		}
		return "redirect:/chats/" + chatId;
	}

	/** A contact's chats, for the contact page (a fragment only). */
	@GetMapping("/contacts/{id}/chats-panel")
	String contactChats(SignedInMember me, @PathVariable String id, Model model) {
		long contactId = Ids.pathId(id, "contact");
		this.contacts.get(me.workspaceId(), contactId);
		Page<ChatView> page = this.chats.list(me, new Chats.ChatFilter(Chats.View.ALL, false, contactId),
				PageRequest.first(PageRequest.MAX_LIMIT));
		model.addAttribute("rows", withLastMessages(me, page.items()));
		return "chat/panel :: panel";
	}

	private String refused(SignedInMember me, long chatId, Model model, ProblemException ex, String draft,
			HttpServletResponse response) {
		if (ex.status().value() == 404) {
			throw ex;
		}
		response.setStatus(ex.status().value());
		return chatPage(me, chatId, model, ex, draft);
	}

	private String chatPage(SignedInMember me, long chatId, Model model, ProblemException problem, String draft) {
		// Opening the chat reads it; the chat module resets the unread count only for its assignee.
		ChatView chat = this.chats.markRead(me, chatId);
		Chats.ChatPermissions may = this.chats.permissions(me, chat);
		Chats.SendRefusal refusal = this.chats.whyCannotSend(me, chat);
		model.addAttribute("chat", chat);
		model.addAttribute("messages", this.chats.recentMessages(me.workspaceId(), chatId, THREAD_SIZE));
		model.addAttribute("refusal", refusal);
		model.addAttribute("canRetry", refusal == null);
		model.addAttribute("problem", problem);
		model.addAttribute("errors", (problem != null) ? FormErrors.of(problem) : FormErrors.none());
		model.addAttribute("draft", (draft != null) ? draft : "");
		model.addAttribute("isAssignee", may.assignee());
		model.addAttribute("canTake", may.mayTake());
		model.addAttribute("canAssign", may.mayReassign());
		model.addAttribute("canReopen", may.mayReopen());
		model.addAttribute("canClose", may.mayClose());
		if (may.mayReassign()) {
			model.addAttribute("assignable", activeMembers(me.workspaceId()));
		}
		return "chat/page";
	}

	private List<MemberView> activeMembers(long workspaceId) {
		return this.members.list(workspaceId, PageRequest.first(PageRequest.MAX_LIMIT))
			.items()
			.stream()
			.filter(MemberView::active)
			.toList();
	}

	private List<ChatRow> withLastMessages(SignedInMember me, List<ChatView> chats) {
		Map<String, Chats.LastMessage> last = this.chats.lastMessages(me.workspaceId(),
				chats.stream().map(ChatView::id).toList());
		return chats.stream().map((chat) -> new ChatRow(chat, last.get(chat.id()))).toList();
	}

}
