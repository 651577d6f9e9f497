package com.convonite.chat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.convonite.shared.Cursor;
import com.convonite.shared.ListQueries;
import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.shared.ProblemException;
import com.convonite.shared.Validation;
import com.convonite.workspace.Members;
import com.convonite.workspace.SignedInMember;
import com.convonite.workspace.Workspaces;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The chats of a workspace and the rules of working them: every member sees every chat; only the assignee
 * sends, closes and reopens; the assignee or an admin reassigns; anyone takes an unassigned chat.
 */
@Service
public class Chats {

	/** How long after the customer's last message the team may still write (the channel's rule). */
	public static final Duration REPLY_WINDOW = Duration.ofHours(24);

	private final JdbcClient jdbc;

	private final ListQueries lists;

	private final Members members;

	private final Workspaces workspaces;

	private final ObjectProvider<ChatClosureCheck> closureCheck;

	private final ApplicationEventPublisher events;

	private final ChatStates states;

	Chats(JdbcClient jdbc, ListQueries lists, Members members, Workspaces workspaces,
			ObjectProvider<ChatClosureCheck> closureCheck, ApplicationEventPublisher events, ChatStates states) {
		this.jdbc = jdbc;
		this.lists = lists;
		this.states = states;
		this.members = members;
		this.workspaces = workspaces;
		this.closureCheck = closureCheck;
		this.events = events;
	}

	/** The five chat views of SPEC §3, as the API names them. */
	public enum View {

		MY_OPEN("my-open", "c.assignee_id = :me and c.status = 'OPEN'"), ALL("all", "true"),
		ALL_OPEN("all-open", "c.status = 'OPEN'"), MINE("mine", "c.assignee_id = :me"),
		ALL_CLOSED("all-closed", "c.status = 'CLOSED'");

		private final String slug;

		private final String condition;

		View(String slug, String condition) {
			this.slug = slug;
			this.condition = condition;
		}

		public String slug() {
			return this.slug;
		}

		public static View of(String slug) {
			if (slug == null || slug.isBlank()) {
				return MY_OPEN;
			}
			// MY_OPEN as documented, or the older my-open
			String wanted = slug.strip().toLowerCase(Locale.ROOT).replace('_', '-');
			return Arrays.stream(values())
				.filter((v) -> v.slug.equals(wanted))
				.findFirst()
				.orElseThrow(() -> ProblemException.invalid("view", "must be one of: "
						+ Arrays.stream(values()).map(View::name).collect(Collectors.joining(", ")) + " (or "
						+ Arrays.stream(values()).map(View::slug).collect(Collectors.joining(", ")) + ")"));
		}

	}

	/**
	 * What a chat list shows: a view, optionally only unread chats, optionally one contact's chats, optionally
	 * the chats found by a search text (see {@link #list}).
	 */
	public record ChatFilter(View view, boolean unreadOnly, Long contactId, String search) {

		public ChatFilter(View view, boolean unreadOnly, Long contactId) {
			this(view, unreadOnly, contactId, null);
		}

		public boolean searching() {
			return this.search != null && !this.search.isBlank();
		}

	}

	public record NewMessage(String type, String body) {
	}

	public Optional<ChatView> find(long workspaceId, long chatId) {
		return this.jdbc.sql(ChatRows.CHAT_SELECT + " where c.workspace_id = :workspaceId and c.id = :id")
			.param("workspaceId", workspaceId)
			.param("id", chatId)
			.query(ChatRows::chat)
			.optional();
	}

	/** The chat, or a 404 problem. */
	public ChatView get(long workspaceId, long chatId) {
		return find(workspaceId, chatId).orElseThrow(() -> ProblemException.notFound("chat"));
	}

	/** A message of this workspace by id, whatever its chat. */
	public Optional<MessageView> findMessage(long workspaceId, long messageId) {
		return this.jdbc.sql(ChatRows.MESSAGE_SELECT + " where g.workspace_id = :workspaceId and g.id = :id")
			.param("workspaceId", workspaceId)
			.param("id", messageId)
			.query(ChatRows::message)
			.optional();
	}

	/** One message of the chat; 404 when the chat or the message is not this workspace's, or not the chat's. */
	public MessageView message(long workspaceId, long chatId, long messageId) {
		get(workspaceId, chatId);
		return findMessage(workspaceId, messageId).filter((m) -> m.chatId().equals(Long.toString(chatId)))
			.orElseThrow(() -> ProblemException.notFound("message"));
	}

	/**
	 * A chat view, newest activity first (chats without messages last). A search finds the chats whose contact's
	 * name or phone number, or one of whose messages, holds every word typed (as a word or its beginning, accents
	 * ignored); a text that looks like a phone number also finds the numbers starting with its digits, with or
	 * without the country code. Both through the search indexes (V85), within the viewer's workspace.
	 */
	public Page<ChatView> list(SignedInMember viewer, ChatFilter filter, PageRequest page) {
		String sort = sortOf(filter);
		StringBuilder sql = new StringBuilder(ChatRows.CHAT_SELECT)
			.append(" where c.workspace_id = :workspaceId and ")
			.append(filter.view().condition);
		Map<String, Object> params = new HashMap<>();
		params.put("workspaceId", viewer.workspaceId());
		params.put("me", viewer.memberId());
		if (filter.searching()) {
			ChatSearch search = ChatSearch.of(this.jdbc, filter.search());
			if (search == null) {
				return new Page<>(List.of(), null);
			}
			sql.append(search.condition());
			params.putAll(search.params());
		}
		if (filter.unreadOnly()) {
			sql.append(" and c.unread_count > 0");
		}
		if (filter.contactId() != null) {
			sql.append(" and c.contact_id = :contactId");
			params.put("contactId", filter.contactId());
		}
		if (page.cursor() != null) {
			List<String> values = page.cursor().valuesFor(sort, 2);
			params.put("afterId", page.cursor().longValue(1));
			if (values.get(0).isEmpty()) {
				sql.append(" and c.last_message_at is null and c.id < :afterId");
			}
			else {
				sql.append(" and (c.last_message_at < :afterAt or (c.last_message_at = :afterAt and c.id < :afterId)"
						+ " or c.last_message_at is null)");
				params.put("afterAt", page.cursor().instantValue(0).atOffset(ZoneOffset.UTC));
			}
		}
		sql.append(" order by c.last_message_at desc nulls last, c.id desc limit :limit");
		params.put("limit", page.limit() + 1);
		List<ChatView> rows = this.lists.sql(sql.toString()).params(params).query(ChatRows::chat).list();
		if (rows.size() <= page.limit()) {
			return new Page<>(rows, null);
		}
		ChatView last = rows.get(page.limit() - 1);
		String at = (last.lastMessageAt() != null) ? last.lastMessageAt().toInstant().toString() : "";
		return new Page<>(List.copyOf(rows.subList(0, page.limit())), Cursor.of(sort, at, last.id()).encode());
	}

	/**
	 * The chat that follows the given one in a list (the next row below it, else the first row), other than
	 * that chat: where the inbox goes after closing a chat. Empty when the list holds no other chat.
	 */
	public Optional<ChatView> next(SignedInMember viewer, ChatFilter filter, ChatView after) {
		String sort = sortOf(filter);
		String at = (after.lastMessageAt() != null) ? after.lastMessageAt().toInstant().toString() : "";
		PageRequest below = new PageRequest(2, Cursor.of(sort, at, after.id()));
		Optional<ChatView> next = list(viewer, filter, below).items()
			.stream()
			.filter((chat) -> !chat.id().equals(after.id()))
			.findFirst();
		if (next.isPresent()) {
			return next;
		}
		return list(viewer, filter, PageRequest.first(2)).items()
			.stream()
			.filter((chat) -> !chat.id().equals(after.id()))
			.findFirst();
	}

	private static String sortOf(ChatFilter filter) {
		return "chats:" + filter.view().slug() + ":" + filter.unreadOnly() + ":" + filter.contactId()
				+ (filter.searching() ? ":" + Integer.toHexString(filter.search().strip().hashCode()) : "");
	}

	/** How many of the member's open chats hold messages they have not read (the inbox's page title). */
	public int unreadChats(SignedInMember member) {
		return this.jdbc.sql("""
				select count(*) from chat
				where workspace_id = :workspaceId and assignee_id = :me and status = 'OPEN' and unread_count > 0
				""")
			.param("workspaceId", member.workspaceId())
			.param("me", member.memberId())
			.query(Integer.class)
			.single();
	}

	/** A chat's messages, oldest first. */
	public Page<MessageView> messages(long workspaceId, long chatId, PageRequest page) {
		get(workspaceId, chatId);
		String sort = "messages";
		StringBuilder sql = new StringBuilder(ChatRows.MESSAGE_SELECT)
			.append(" where g.workspace_id = :workspaceId and g.chat_id = :chatId");
		Map<String, Object> params = new HashMap<>();
		params.put("workspaceId", workspaceId);
		params.put("chatId", chatId);
		if (page.cursor() != null) {
			page.cursor().valuesFor(sort, 2);
			sql.append(" and (g.sent_at, g.id) > (:afterAt, :afterId)");
			params.put("afterAt", page.cursor().instantValue(0).atOffset(ZoneOffset.UTC));
			params.put("afterId", page.cursor().longValue(1));
		}
		sql.append(" order by g.sent_at, g.id limit :limit");
		params.put("limit", page.limit() + 1);
		List<MessageView> rows = this.jdbc.sql(sql.toString()).params(params).query(ChatRows::message).list();
		if (rows.size() <= page.limit()) {
			return new Page<>(rows, null);
		}
		MessageView last = rows.get(page.limit() - 1);
		return new Page<>(List.copyOf(rows.subList(0, page.limit())),
				Cursor.of(sort, last.sentAt().toInstant().toString(), last.id()).encode());
	}

	/**
	 * Why the member cannot send a message in the chat now, or {@code null} when they can. The same rule as
	 * {@link #send}, so that the composer of the web app and the API never disagree.
	 */
	public SendRefusal whyCannotSend(SignedInMember sender, ChatView chat) {
		Long assigneeId = (chat.assigneeId() != null) ? Long.valueOf(chat.assigneeId()) : null;
		return whyCannotSend(sender.workspaceId(), sender.memberId(), assigneeId, chat.status(), chat.lastInboundAt(),
				OffsetDateTime.now());
	}

	SendRefusal whyCannotSend(long workspaceId, long senderId, Long assigneeId, ChatStatus status,
			OffsetDateTime lastInboundAt, OffsetDateTime now) {
		if (assigneeId == null || assigneeId != senderId) {
			return new SendRefusal(SendRefusal.Rule.NOT_ASSIGNEE, notAssignee(workspaceId, assigneeId, "send messages in it"));
		}
		if (status == ChatStatus.CLOSED) {
			return new SendRefusal(SendRefusal.Rule.CHAT_CLOSED, ProblemException.conflict("chat-closed", "Chat is closed",
					"This chat is closed, so no message can be sent in it. Reopen the chat first."));
		}
		if (lastInboundAt == null || !lastInboundAt.isAfter(now.minus(REPLY_WINDOW))) {
			return new SendRefusal(SendRefusal.Rule.OUTSIDE_24H_WINDOW, ProblemException.conflict("outside-24h-window",
					"Outside the 24-hour window",
					(lastInboundAt == null ? "The customer has not written in this chat yet"
							: "The customer's last message was at " + lastInboundAt.toInstant()
									+ ", more than 24 hours ago")
							+ "; messages can only be sent within 24 hours of the customer's last message. "
							+ "Wait for the customer to write again."));
		}
		return null;
	}

	/** The rule that stops a member from sending, with the problem the API answers. */
	public record SendRefusal(Rule rule, ProblemException problem) {

		public enum Rule {

			NOT_ASSIGNEE, CHAT_CLOSED, OUTSIDE_24H_WINDOW

		}

		/** The sentence that says which rule stops the member. */
		public String reason() {
			return this.problem.getMessage();
		}

		ProblemException toProblem() {
			return this.problem;
		}

	}

	/** The newest messages of a chat (at most {@code limit}), oldest first, for its page. */
	public List<MessageView> recentMessages(long workspaceId, long chatId, int limit) {
		get(workspaceId, chatId);
		List<MessageView> newestFirst = new java.util.ArrayList<>(this.jdbc
			.sql(ChatRows.MESSAGE_SELECT + """
					 where g.workspace_id = :workspaceId and g.chat_id = :chatId
					order by g.sent_at desc, g.id desc limit :limit
					""")
			.param("workspaceId", workspaceId)
			.param("chatId", chatId)
			.param("limit", limit)
			.query(ChatRows::message)
			.list());
		java.util.Collections.reverse(newestFirst);
		return newestFirst;
	}

	/**
	 * The chat's messages from {@code first} to {@code last}, both included, oldest first: at most {@code limit}
	 * of them from the first on. A bound left out is open: without a first, the {@code limit} messages up to the
	 * last; without either, the chat's newest. The caller has checked that both are the chat's messages.
	 */
	public List<MessageView> messagesBetween(long workspaceId, long chatId, MessageView first, MessageView last,
			int limit) {
		if (first == null) {
			List<MessageView> upTo = new java.util.ArrayList<>(this.jdbc
				.sql(ChatRows.MESSAGE_SELECT + " where g.workspace_id = :workspaceId and g.chat_id = :chatId"
						+ ((last != null) ? " and (g.sent_at, g.id) <= (:lastAt, :lastId)" : "")
						+ " order by g.sent_at desc, g.id desc limit :limit")
				.params(bounds(workspaceId, chatId, null, last, limit))
				.query(ChatRows::message)
				.list());
			java.util.Collections.reverse(upTo);
			return upTo;
		}
		return this.jdbc
			.sql(ChatRows.MESSAGE_SELECT + " where g.workspace_id = :workspaceId and g.chat_id = :chatId"
					+ " and (g.sent_at, g.id) >= (:firstAt, :firstId)"
					+ ((last != null) ? " and (g.sent_at, g.id) <= (:lastAt, :lastId)" : "")
					+ " order by g.sent_at, g.id limit :limit")
			.params(bounds(workspaceId, chatId, first, last, limit))
			.query(ChatRows::message)
			.list();
	}

	private static Map<String, Object> bounds(long workspaceId, long chatId, MessageView first, MessageView last,
			int limit) {
		Map<String, Object> params = new HashMap<>();
		params.put("workspaceId", workspaceId);
		params.put("chatId", chatId);
		params.put("limit", limit);
		if (first != null) {
			params.put("firstAt", first.sentAt());
			params.put("firstId", Long.parseLong(first.id()));
		}
		if (last != null) {
			params.put("lastAt", last.sentAt());
			params.put("lastId", Long.parseLong(last.id()));
		}
		return params;
	}

	/** What a chat list row shows of a chat's newest message. */
	public record LastMessage(MessageDirection direction, MessageType type, String body) {
	}

	/** The newest message of each of the given chats of the workspace, by chat id. */
	public Map<String, LastMessage> lastMessages(long workspaceId, java.util.Collection<String> chatIds) {
		Map<String, LastMessage> last = new HashMap<>();
		if (chatIds.isEmpty()) {
			return last;
		}
		this.jdbc.sql("""
				select distinct on (chat_id) chat_id, direction, type, body from message
				where workspace_id = :workspaceId and chat_id in (:ids)
				order by chat_id, sent_at desc, id desc
				""")
			.param("workspaceId", workspaceId)
			.param("ids", chatIds.stream().map(Long::valueOf).distinct().toList())
			.query((rs, n) -> last.put(Long.toString(rs.getLong("chat_id")),
					new LastMessage(MessageDirection.valueOf(rs.getString("direction")),
							MessageType.valueOf(rs.getString("type")), rs.getString("body"))))
			.list();
		return last;
	}

	/**
	 * Sends a message: only the assignee may, only while the chat is open, and only within 24 hours of the
	 * customer's last message. It is stored as PENDING until the channel reports on it.
	 */
	@Transactional
	public MessageView send(SignedInMember sender, long chatId, NewMessage command) {
		long workspaceId = sender.workspaceId();
		ChatStates.ChatState chat = this.states.lock(workspaceId, chatId);
		SendRefusal refusal = whyCannotSend(sender.workspaceId(), sender.memberId(), chat.assigneeId(), chat.status(),
				chat.lastInboundAt(), OffsetDateTime.now());
		if (refusal != null) {
			throw refusal.toProblem();
		}
		Validation validation = new Validation();
		MessageType type = InboundMessages.type(validation, command.type());
		if (type != MessageType.TEXT) {
			validation.reject("type", "must be TEXT: only text messages can be sent from Convonite, not "
					+ type.name());
		}
		String body = validation.text("body", command.body(), true, 4096);
		validation.throwIfInvalid();
		long messageId = this.jdbc.sql("""
				insert into message (workspace_id, chat_id, direction, type, body, sent_at, author_id, delivery_status)
				values (:workspaceId, :chatId, 'OUT', :type, :body, now(), :authorId, 'PENDING')
				returning id
				""")
			.param("workspaceId", workspaceId)
			.param("chatId", chatId)
			.param("type", type.name())
			.param("body", body)
			.param("authorId", sender.memberId())
			.query(Long.class)
			.single();
		this.jdbc.sql("""
				update chat set last_message_at = greatest(last_message_at, now()), version = version + 1
				where workspace_id = :workspaceId and id = :id
				""").param("workspaceId", workspaceId).param("id", chatId).update();
		this.events.publishEvent(new MessageSent(workspaceId, chatId, messageId, sender.memberId()));
		return findMessage(workspaceId, messageId).orElseThrow();
	}

	/** What a member may do with a chat, by the same rules that the actions below enforce. */
	public record ChatPermissions(boolean assignee, boolean mayTake, boolean mayReassign, boolean mayClose,
			boolean mayReopen) {
	}

	public ChatPermissions permissions(SignedInMember member, ChatView chat) {
		Long assigneeId = (chat.assigneeId() != null) ? Long.valueOf(chat.assigneeId()) : null;
		boolean assignee = isAssignee(member, assigneeId);
		return new ChatPermissions(assignee, assigneeId == null, assignee || member.isAdmin(),
				assignee && chat.status() == ChatStatus.OPEN, assignee && chat.status() == ChatStatus.CLOSED);
	}

	private static boolean isAssignee(SignedInMember member, Long assigneeId) {
		return assigneeId != null && assigneeId == member.memberId();
	}

	/**
	 * Gives the chat to a member, or to nobody ({@code null}). Anyone may take an unassigned chat for
	 * themselves; otherwise only the assignee or an admin may reassign. The new assignee must be active.
	 */
	@Transactional
	public ChatView assign(SignedInMember actor, long chatId, Long assigneeId) {
		long workspaceId = actor.workspaceId();
		ChatStates.ChatState chat = this.states.lock(workspaceId, chatId);
		boolean taking = chat.assigneeId() == null && assigneeId != null && assigneeId == actor.memberId();
		boolean allowed = actor.isAdmin() || taking || isAssignee(actor, chat.assigneeId());
		if (!allowed) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "not-assignee", "Not the assignee",
					(chat.assigneeId() == null)
							? "This chat is unassigned: you can take it for yourself, but only an admin can give it to someone else."
							: "Only the chat's assignee or an admin can reassign it; it is assigned to "
									+ assigneeName(workspaceId, chat.assigneeId()) + ".");
		}
		if (assigneeId != null) {
			this.members.requireAssignable(workspaceId, assigneeId, "assigneeId");
		}
		if (java.util.Objects.equals(chat.assigneeId(), assigneeId)) {
			return get(workspaceId, chatId);
		}
		this.jdbc.sql("""
				update chat set assignee_id = :assigneeId, version = version + 1
				where workspace_id = :workspaceId and id = :id
				""")
			.param("assigneeId", assigneeId)
			.param("workspaceId", workspaceId)
			.param("id", chatId)
			.update();
		this.events.publishEvent(
				new ChatAssigned(workspaceId, chatId, chat.assigneeId(), assigneeId, actor.memberId()));
		return get(workspaceId, chatId);
	}

	/**
	 * Closes the chat: only its assignee may, and when the workspace requires it, only once a conversation
	 * was logged on it since it was last opened ({@link ChatClosureCheck}). Runs in the caller's transaction
	 * when there is one, so that logging a conversation and closing happen together or not at all.
	 */
	@Transactional
	public ChatView close(SignedInMember actor, long chatId) {
		long workspaceId = actor.workspaceId();
		ChatStates.ChatState chat = this.states.lock(workspaceId, chatId);
		requireAssignee(actor, chat, "close it");
		if (chat.status() == ChatStatus.CLOSED) {
			throw ProblemException.conflict("chat-already-closed", "Chat already closed",
					"This chat is already closed.");
		}
		if (this.workspaces.requiresConversationToCloseChat(workspaceId)) {
			ChatClosureCheck check = this.closureCheck.getIfAvailable();
			// Without a way to tell, the requirement cannot be met: refuse rather than silently skip it.
			if (check == null || !check.conversationLoggedSince(workspaceId, chatId, chat.openedAt())) {
				throw ProblemException.conflict("conversation-required", "Conversation required",
						"This workspace requires a conversation to be logged on a chat before it is closed, and none "
								+ "was logged since the chat was last opened. Log a conversation on this chat before "
								+ "closing it, or log and close in one step by sending {\"conversation\": {...}} to "
								+ "POST /chats/" + chatId + "/close.");
			}
		}
		OffsetDateTime closedAt = this.jdbc.sql("""
				update chat set status = 'CLOSED', closed_at = now(), version = version + 1
				where workspace_id = :workspaceId and id = :id
				returning closed_at
				""")
			.param("workspaceId", workspaceId)
			.param("id", chatId)
			.query(OffsetDateTime.class)
			.single();
		this.events.publishEvent(new ChatClosed(workspaceId, chatId, actor.memberId(), closedAt));
		return get(workspaceId, chatId);
	}

	/** Reopens a closed chat: only its assignee may. It gets a new opened-at. */
	@Transactional
	public ChatView reopen(SignedInMember actor, long chatId) {
		long workspaceId = actor.workspaceId();
		ChatStates.ChatState chat = this.states.lock(workspaceId, chatId);
		requireAssignee(actor, chat, "reopen it");
		if (chat.status() == ChatStatus.OPEN) {
			throw ProblemException.conflict("chat-already-open", "Chat already open", "This chat is already open.");
		}
		OffsetDateTime openedAt = this.jdbc.sql("""
				update chat set status = 'OPEN', opened_at = now(), closed_at = null, version = version + 1
				where workspace_id = :workspaceId and id = :id
				returning opened_at
				""")
			.param("workspaceId", workspaceId)
			.param("id", chatId)
			.query(OffsetDateTime.class)
			.single();
		this.events.publishEvent(new ChatOpened(workspaceId, chatId, chat.contactId(), openedAt, actor.memberId()));
		return get(workspaceId, chatId);
	}

	/**
	 * The member has read the chat. Only the assignee's reading resets the unread count (SPEC §3); anyone
	 * else merely looks, and the count stays for the assignee to see. Either way what told this member about
	 * the chat has served its purpose ({@link ChatRead}).
	 */
	@Transactional
	public ChatView markRead(SignedInMember reader, long chatId) {
		long workspaceId = reader.workspaceId();
		this.jdbc.sql("""
				update chat set unread_count = 0
				where workspace_id = :workspaceId and id = :id and assignee_id = :me and unread_count <> 0
				""")
			.param("workspaceId", workspaceId)
			.param("id", chatId)
			.param("me", reader.memberId())
			.update();
		// Every reading, not only the one that reset the count: "assigned you the chat" is news until the chat is
		// opened, however many messages it has unread. Its listener runs in this transaction (no publication).
		this.events.publishEvent(new ChatRead(workspaceId, chatId, reader.memberId()));
		return get(workspaceId, chatId);
	}

	private void requireAssignee(SignedInMember actor, ChatStates.ChatState chat, String action) {
		if (!isAssignee(actor, chat.assigneeId())) {
			throw notAssignee(actor.workspaceId(), chat.assigneeId(), action);
		}
	}

	private ProblemException notAssignee(long workspaceId, Long assigneeId, String action) {
		String holder = (assigneeId == null) ? "This chat is unassigned; take it first"
				: "This chat is assigned to " + assigneeName(workspaceId, assigneeId)
						+ "; ask them or an admin to reassign it to you";
		return new ProblemException(HttpStatus.FORBIDDEN, "not-assignee", "Not the assignee",
				"Only the chat's assignee can " + action + ". " + holder + ".");
	}

	private String assigneeName(long workspaceId, long memberId) {
		return this.members.names(workspaceId, List.of(memberId)).getOrDefault(memberId, "another member");
	}

}
