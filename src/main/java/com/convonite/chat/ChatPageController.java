package com.convonite.chat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
import com.convonite.workspace.Times;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The inbox: one screen with the chat list (the five views, the unread filter and a search), the open chat's
 * thread with its composer and actions, and a side panel with the contact, their conversations and open tasks.
 * {@code /chats} is the inbox with no chat open, {@code /chats/{id}} with that chat open; both keep the list's
 * view, filter and search in their query. The same URLs with {@code HX-Request} render only what changes: the
 * rows, or the open chat (thread and side panel) when another chat is picked. Every rule is the {@link Chats}
 * facade's.
 */
@Controller
class ChatPageController {

	static final int LIST_PAGE = 25;

	static final int THREAD_SIZE = 200;

	private final Chats chats;

	private final Members members;

	private final Contacts contacts;

	private final OutgoingMessages outgoing;

	private final Times times;

	private final ThreadMedia media;

	ChatPageController(Chats chats, Members members, Contacts contacts, OutgoingMessages outgoing, Times times,
			ThreadMedia media) {
		this.chats = chats;
		this.members = members;
		this.contacts = contacts;
		this.outgoing = outgoing;
		this.times = times;
		this.media = media;
	}

	/** A chat list row: the chat and its newest message. */
	record ChatRow(ChatView chat, Chats.LastMessage last) {

		public String initials() {
			return ChatPageController.initials(this.chat);
		}

		public int tone() {
			return ChatPageController.tone(this.chat);
		}

	}

	/** The list's view, unread filter and search, as the inbox shows them and builds its links from. */
	record ListQuery(String view, boolean unread, String q) {

		static ListQuery of(String view, Boolean unread, String q) {
			String search = (q == null || q.isBlank()) ? "" : q.strip();
			if (search.length() > 200) {
				search = search.substring(0, 200);
			}
			return new ListQuery(Chats.View.of(view).slug(), Boolean.TRUE.equals(unread), search);
		}

		/** The same, except that a view the list does not know is the default view (for where an answer leads). */
		static ListQuery lenient(String view, Boolean unread, String q) {
			try {
				return of(view, unread, q);
			}
			catch (ProblemException ex) {
				return of(null, unread, q);
			}
		}

		Chats.ChatFilter filter() {
			return new Chats.ChatFilter(Chats.View.of(this.view), this.unread, null, this.q.isEmpty() ? null : this.q);
		}

		/** The query string, without its question mark. */
		public String params() {
			return "view=" + this.view + (this.unread ? "&unread=true" : "")
					+ (this.q.isEmpty() ? "" : "&q=" + URLEncoder.encode(this.q, StandardCharsets.UTF_8));
		}

		/** The list in another view, keeping the unread filter and the search. */
		public String in(String otherView) {
			return new ListQuery(otherView, this.unread, this.q).url();
		}

		public String url() {
			return "/chats?" + params();
		}

		/** A chat opened from this list: the list stays as it is beside it. */
		public String chat(String chatId) {
			return "/chats/" + chatId + "?" + params();
		}

		public String after(String cursor) {
			return url() + "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
		}

	}

	/** A piece of a message's text: plain text, or a web address to show as a link. */
	record TextPart(String text, String url) {
	}

	/**
	 * A message of the open thread: its text in pieces, the day it starts when it is a new day's first, and its
	 * media: {@code mediaFile} is the product's own address of media a channel keeps ({@link MessageMedia}), with
	 * {@code thumbnail} when it is an image a browser shows; {@code mediaUrl} a web address the media was given as.
	 */
	record ThreadItem(MessageView message, List<TextPart> text, String day, String mediaUrl, String mediaFile,
			boolean thumbnail) {
	}

	@GetMapping("/chats")
	String inbox(SignedInMember me, @RequestParam(required = false) String view,
			@RequestParam(required = false) Boolean unread, @RequestParam(required = false) String q,
			@RequestParam(required = false) String cursor, Model model) {
		ListQuery query = ListQuery.of(view, unread, q);
		list(me, query, cursor, model);
		model.addAttribute("chat", null);
		return "chat/inbox";
	}

	/** The rows alone: the next page, a live refresh, or the rows found as the search is typed. */
	@HxRequest
	@GetMapping("/chats")
	String rows(SignedInMember me, @RequestParam(required = false) String view,
			@RequestParam(required = false) Boolean unread, @RequestParam(required = false) String q,
			@RequestParam(required = false) String cursor, Model model) {
		list(me, ListQuery.of(view, unread, q), cursor, model);
		return "chat/inbox :: rows";
	}

	@GetMapping("/chats/{id}")
	String chat(SignedInMember me, @PathVariable String id, @RequestParam(required = false) String view,
			@RequestParam(required = false) Boolean unread, @RequestParam(required = false) String q, Model model) {
		ListQuery query = ListQuery.of(view, unread, q);
		long chatId = Ids.pathId(id, "chat");
		openChat(me, chatId, query, model, null, "");
		list(me, query, null, model);
		return "chat/inbox";
	}

	/** Another chat picked in the list: its thread and side panel replace the open chat's. */
	@HxRequest
	@GetMapping("/chats/{id}")
	String switchChat(SignedInMember me, @PathVariable String id, @RequestParam(required = false) String view,
			@RequestParam(required = false) Boolean unread, @RequestParam(required = false) String q, Model model) {
		ListQuery query = ListQuery.of(view, unread, q);
		openChat(me, Ids.pathId(id, "chat"), query, model, null, "");
		model.addAttribute("unreadChats", this.chats.unreadChats(me));
		return "chat/inbox :: open-chat";
	}

	/** The thread alone, for live updates: reading it as the assignee counts as reading the chat. */
	@GetMapping("/chats/{id}/thread")
	String thread(SignedInMember me, @PathVariable String id, Model model) {
		long chatId = Ids.pathId(id, "chat");
		ChatView chat = this.chats.markRead(me, chatId);
		model.addAttribute("chat", chat);
		model.addAttribute("thread", threadItems(chat, this.chats.recentMessages(me.workspaceId(), chatId, THREAD_SIZE)));
		model.addAttribute("canRetry", this.chats.whyCannotSend(me, chat) == null);
		return "chat/inbox :: thread";
	}

	/** After a chat is closed: the next chat of the list it was closed from, or the list when none is left. */
	@GetMapping("/chats/{id}/next")
	String next(SignedInMember me, @PathVariable String id, @RequestParam(required = false) String view,
			@RequestParam(required = false) Boolean unread, @RequestParam(required = false) String q) {
		ListQuery query = ListQuery.lenient(view, unread, q);
		ChatView closed = this.chats.get(me.workspaceId(), Ids.pathId(id, "chat"));
		return this.chats.next(me, query.filter(), closed)
			.map((next) -> "redirect:" + query.chat(next.id()))
			.orElse("redirect:" + query.url());
	}

	@PostMapping("/chats/{id}/messages")
	String send(SignedInMember me, @PathVariable String id, @RequestParam(required = false) String body,
			@ModelAttribute ListParams list, Model model, HttpServletResponse response) {
		long chatId = Ids.pathId(id, "chat");
		try {
			this.chats.send(me, chatId, new Chats.NewMessage("TEXT", body));
		}
		catch (ProblemException ex) {
			return refused(me, chatId, list.query(), model, ex, body, response);
		}
		return "redirect:" + list.query().chat(Long.toString(chatId)) + "#composer";
	}

	/** Sends a failed message again (its chat's assignee). */
	@PostMapping("/chats/{id}/messages/{messageId}/retry")
	String retry(SignedInMember me, @PathVariable String id, @PathVariable String messageId,
			@ModelAttribute ListParams list, Model model, HttpServletResponse response) {
		long chatId = Ids.pathId(id, "chat");
		try {
			this.outgoing.retry(me, chatId, Ids.pathId(messageId, "message"));
		}
		catch (ProblemException ex) {
			return refused(me, chatId, list.query(), model, ex, "", response);
		}
		return "redirect:" + list.query().chat(Long.toString(chatId)) + "#composer";
	}

	@PostMapping("/chats/{id}/take")
	String take(SignedInMember me, @PathVariable String id, @ModelAttribute ListParams list, Model model,
			HttpServletResponse response) {
		long chatId = Ids.pathId(id, "chat");
		try {
			this.chats.assign(me, chatId, me.memberId());
		}
		catch (ProblemException ex) {
			return refused(me, chatId, list.query(), model, ex, "", response);
		}
		return "redirect:" + list.query().chat(Long.toString(chatId));
	}

	@PostMapping("/chats/{id}/assign")
	String assign(SignedInMember me, @PathVariable String id, @RequestParam(required = false) String assigneeId,
			@ModelAttribute ListParams list, Model model, HttpServletResponse response) {
		long chatId = Ids.pathId(id, "chat");
		try {
			Long assignee = (assigneeId == null || assigneeId.isBlank()) ? null
					: Ids.fieldId(assigneeId, "assigneeId");
			this.chats.assign(me, chatId, assignee);
		}
		catch (ProblemException ex) {
			return refused(me, chatId, list.query(), model, ex, "", response);
		}
		return "redirect:" + list.query().chat(Long.toString(chatId));
	}

	@PostMapping("/chats/{id}/reopen")
	String reopen(SignedInMember me, @PathVariable String id, @ModelAttribute ListParams list, Model model,
			HttpServletResponse response) {
		long chatId = Ids.pathId(id, "chat");
		try {
			this.chats.reopen(me, chatId);
		}
		catch (ProblemException ex) {
			return refused(me, chatId, list.query(), model, ex, "", response);
		}
		return "redirect:" + list.query().chat(Long.toString(chatId));
	}

	/** The list's view, filter and search, carried by the open chat's forms so that their answer keeps them. */
	static final class ListParams {

		private String view;

		private Boolean unread;

		private String q;

		public void setView(String view) {
			this.view = view;
		}

		public void setUnread(Boolean unread) {
			this.unread = unread;
		}

		public void setQ(String q) {
			this.q = q;
		}

		/**
		 * The list to go back to after the action. It is only where the answer leads, so a view the list does not
		 * know leads to the default view rather than refusing an action that was already done.
		 */
		ListQuery query() {
			return ListQuery.lenient(this.view, this.unread, this.q);
		}

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

	private String refused(SignedInMember me, long chatId, ListQuery query, Model model, ProblemException ex,
			String draft, HttpServletResponse response) {
		if (ex.status().value() == 404) {
			throw ex;
		}
		response.setStatus(ex.status().value());
		openChat(me, chatId, query, model, ex, draft);
		list(me, query, null, model);
		return "chat/inbox";
	}

	private void list(SignedInMember me, ListQuery query, String cursor, Model model) {
		Page<ChatView> page = this.chats.list(me, query.filter(), PageRequest.of(LIST_PAGE, cursor));
		model.addAttribute("query", query);
		model.addAttribute("views", Chats.View.values());
		model.addAttribute("rows", withLastMessages(me, page.items()));
		model.addAttribute("nextCursor", page.nextCursor());
		model.addAttribute("unreadChats", this.chats.unreadChats(me));
	}

	private void openChat(SignedInMember me, long chatId, ListQuery query, Model model, ProblemException problem,
			String draft) {
		// Opening the chat reads it; the chat module resets the unread count only for its assignee.
		ChatView chat = this.chats.markRead(me, chatId);
		Chats.ChatPermissions may = this.chats.permissions(me, chat);
		Chats.SendRefusal refusal = this.chats.whyCannotSend(me, chat);
		model.addAttribute("query", query);
		model.addAttribute("chat", chat);
		model.addAttribute("avatar", new ChatRow(chat, null));
		model.addAttribute("thread", threadItems(chat, this.chats.recentMessages(me.workspaceId(), chatId, THREAD_SIZE)));
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
	}

	private List<ThreadItem> threadItems(ChatView chat, List<MessageView> messages) {
		List<ThreadItem> items = new ArrayList<>(messages.size());
		java.time.LocalDate previous = null;
		for (MessageView message : messages) {
			java.time.LocalDate day = this.times.day(message.sentAt());
			String heading = day.equals(previous) ? null : this.times.dayHeading(message.sentAt());
			previous = day;
			String file = this.media.holds(chat, message)
					? "/chats/" + chat.id() + "/messages/" + message.id() + "/media" : null;
			items.add(new ThreadItem(message, MessageText.parts(message.body()), heading, mediaUrl(message), file,
					file != null && ThreadMedia.isShownImage(message)));
		}
		return items;
	}

	/** The media's web address when it is one (http or https), to link to. */
	private static String mediaUrl(MessageView message) {
		if (message.media() == null || !(message.media().get("url") instanceof String url)) {
			return null;
		}
		return MessageText.isWebAddress(url) ? url : null;
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

	/** The avatar's letters: the first letters of the contact's first and last names, or "#" for a bare number. */
	static String initials(ChatView chat) {
		String name = (chat.contactName() != null) ? chat.contactName().strip() : "";
		String[] words = name.split("\\s+");
		StringBuilder letters = new StringBuilder();
		for (String word : new String[] { words[0], (words.length > 1) ? words[words.length - 1] : "" }) {
			if (!word.isEmpty() && Character.isLetterOrDigit(word.codePointAt(0))) {
				letters.appendCodePoint(Character.toUpperCase(word.codePointAt(0)));
			}
		}
		return letters.isEmpty() ? "#" : letters.toString();
	}

	/** One of six avatar colours, the same for a contact every time. */
	static int tone(ChatView chat) {
		return (int) (Long.parseLong(chat.contactId()) % 6);
	}

}
