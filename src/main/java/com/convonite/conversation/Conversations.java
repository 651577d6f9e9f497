package com.convonite.conversation;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.convonite.chat.ChatView;
import com.convonite.chat.Chats;
import com.convonite.chat.MessageView;
import com.convonite.contact.Contacts;
import com.convonite.conversation.ConversationEvents.ConversationClosed;
import com.convonite.conversation.ConversationEvents.ConversationDeleted;
import com.convonite.conversation.ConversationEvents.ConversationLogged;
import com.convonite.conversation.ConversationEvents.ConversationReopened;
import com.convonite.conversation.ConversationEvents.ConversationUpdated;
import com.convonite.conversation.HistoryEntry.FieldChange;
import com.convonite.shared.Cursor;
import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.shared.ProblemException;
import com.convonite.shared.Validation;
import com.convonite.task.FollowUpTaskView;
import com.convonite.task.FollowUpTasks;
import com.convonite.task.NewFollowUpTask;
import com.convonite.workspace.Members;
import com.convonite.workspace.SignedInMember;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Conversations (SPEC §4): logging, editing with optimistic concurrency, closing and reopening, deleting,
 * history, the lists with their filters and search, and logging a conversation together with closing its
 * chat or with a follow-up task (both saved or neither).
 */
@Service
public class Conversations {

	static final int SUBJECT_MAX = 200;

	static final int SUMMARY_MAX = 10_000;

	private final JdbcConversationRepository repository;

	private final Purposes purposes;

	private final Chats chats;

	private final Contacts contacts;

	private final Members members;

	private final FollowUpTasks tasks;

	private final ApplicationEventPublisher events;

	private final JsonMapper json;

	private final ConversationFields fields;

	private final ClosingRules closingRules;

	Conversations(JdbcConversationRepository repository, Purposes purposes, Chats chats, Contacts contacts,
			Members members, FollowUpTasks tasks, ApplicationEventPublisher events, JsonMapper json,
			ConversationFields fields, ClosingRules closingRules) {
		this.fields = fields;
		this.closingRules = closingRules;
		this.repository = repository;
		this.purposes = purposes;
		this.chats = chats;
		this.contacts = contacts;
		this.members = members;
		this.tasks = tasks;
		this.events = events;
		this.json = json;
	}

	/** Logs a conversation under a chat, with its follow-up task when one is asked for. */
	@Transactional
	public ConversationView log(SignedInMember actor, LogConversation command) {
		long workspaceId = actor.workspaceId();
		Validation validation = new Validation();
		ChatView chat = null;
		if (command.chatId() == null) {
			validation.reject("chatId", "is required: the chat this conversation belongs to");
		}
		else {
			chat = this.chats.find(workspaceId, command.chatId()).orElse(null);
			if (chat == null) {
				validation.reject("chatId", "must be a chat of this workspace");
			}
		}
		if (chat != null && command.contactId() != null && !Long.toString(command.contactId()).equals(chat.contactId())) {
			validation.reject("contactId", "must be the chat's own contact (or left out: it is taken from the chat)");
		}
		String subject = validation.text("subject", command.subject(), true, SUBJECT_MAX);
		String summary = validation.text("summary", command.summary(), false, SUMMARY_MAX);
		this.purposes.checkSelectable(workspaceId, command.purposeId(), "purposeId", validation);
		long ownerId = (command.ownerId() != null) ? command.ownerId() : actor.memberId();
		if (!this.members.isAssignable(workspaceId, ownerId)) {
			validation.reject("ownerId", "must be an active member of this workspace");
		}
		long chatId = (chat != null) ? Long.parseLong(chat.id()) : 0;
		MessageView first = message(workspaceId, chatId, command.firstMessageId(), "firstMessageId", validation);
		MessageView last = message(workspaceId, chatId, command.lastMessageId(), "lastMessageId", validation);
		checkOrder(first, last, validation);
		ConversationStatus status = (command.status() != null) ? command.status() : ConversationStatus.OPEN;
		OffsetDateTime now = now();
		OffsetDateTime start = (command.startTime() != null) ? command.startTime()
				: (first != null) ? first.sentAt() : now;
		OffsetDateTime end = command.endTime();
		if (status == ConversationStatus.CLOSED && end == null) {
			end = defaultEnd(start, last, now);
		}
		checkTimes(start, end, validation);
		List<ConversationFieldView> definitions = this.fields.current(workspaceId);
		Map<String, Object> values = this.fields.merge(definitions, Map.of(), command.fields(), validation);
		ConversationFields.requireValues(definitions, ConversationFieldView.Requirement.REQUIRED_ON_LOG, values, null,
				"is required", validation);
		if (status == ConversationStatus.CLOSED) {
			this.closingRules.check(workspaceId, definitions, new ClosingRules.Closing(summary, command.endTime(),
					command.firstMessageId(), command.lastMessageId(), values), (field) -> true, validation);
		}
		NewFollowUpTask followUp = followUp(actor, command.followUp(), subject, 0, 0, 0);
		if (followUp != null) {
			this.tasks.problems(workspaceId, followUp, "followUpTask.").forEach((p) -> validation.reject(p.field(), p.message()));
		}
		validation.throwIfInvalid();

		long contactId = Long.parseLong(chat.contactId());
		ConversationRow row = new ConversationRow(0, chatId, contactId, subject, summary, command.purposeId(), status,
				ownerId, start, end, id(first), id(last), actor.memberId(), null, null,
				(status == ConversationStatus.CLOSED) ? now : null, 0, null, write(values));
		List<FieldChange> logChanges = changes(workspaceId, null, row);
		fieldChanges(logChanges, definitions, Map.of(), values);
		ConversationRow logged = this.repository.insert(workspaceId, row, "LOGGED", write(logChanges));
		long id = logged.id();
		this.events.publishEvent(new ConversationLogged(workspaceId, id, chatId, contactId, ownerId, actor.memberId()));
		if (status == ConversationStatus.CLOSED) {
			this.events.publishEvent(new ConversationClosed(workspaceId, id, actor.memberId()));
		}
		FollowUpTaskView task = createFollowUp(actor, command.followUp(), subject, id, chatId, contactId);
		return views(workspaceId, List.of(logged), Map.of(contactId, Optional.ofNullable(chat.contactName())))
			.get(0)
			.withFollowUpTask(task);
	}

	/**
	 * Logs a conversation on the chat and closes the chat, in one transaction: both happen or neither does.
	 */
	@Transactional
	public ClosedChat logAndCloseChat(SignedInMember actor, long chatId, LogConversation command) {
		this.chats.get(actor.workspaceId(), chatId);
		if (command.chatId() != null && command.chatId() != chatId) {
			throw ProblemException.invalid("conversation.chatId", "must be the chat being closed, or left out");
		}
		ConversationView conversation;
		try {
			conversation = log(actor, command.forChat(chatId));
		}
		catch (ProblemException ex) {
			throw prefixed(ex, "conversation.");
		}
		return new ClosedChat(this.chats.close(actor, chatId), conversation);
	}

	/** Closes the chat alone, subject to the closure requirement. */
	public ClosedChat closeChat(SignedInMember actor, long chatId) {
		return new ClosedChat(this.chats.close(actor, chatId), null);
	}

	public record ClosedChat(ChatView chat, @Schema(nullable = true) ConversationView conversation) {
	}

	/**
	 * The workspace's most recently logged conversations (at most {@code limit}), each as its purpose and its
	 * words, newest first; those without any words are left out.
	 */
	public List<LearningSample> learningSamples(long workspaceId, int limit) {
		return this.repository.learningSamples(workspaceId, limit);
	}

	public ConversationView get(long workspaceId, long id) {
		ConversationRow row = this.repository.find(workspaceId, id)
			.orElseThrow(() -> ProblemException.notFound("conversation"));
		return views(workspaceId, List.of(row)).get(0);
	}

	@Transactional
	public ConversationView change(SignedInMember actor, long id, int version, ConversationChanges changes) {
		long workspaceId = actor.workspaceId();
		ConversationRow current = this.repository.find(workspaceId, id)
			.orElseThrow(() -> ProblemException.notFound("conversation"));
		requireEditor(actor, current, "edit");
		if (current.version() != version) {
			throw ProblemException.staleVersion("conversation");
		}
		Validation validation = new Validation();
		String subject = current.subject();
		if (changes.subject() != null) {
			subject = validation.text("subject", changes.subject().orElse(null), true, SUBJECT_MAX);
		}
		String summary = current.summary();
		if (changes.summary() != null) {
			summary = validation.text("summary", changes.summary().orElse(null), false, SUMMARY_MAX);
		}
		long purposeId = current.purposeId();
		if (changes.purposeId() != null && !changes.purposeId().equals(Optional.of(current.purposeId()))) {
			this.purposes.checkSelectable(workspaceId, changes.purposeId().orElse(null), "purposeId", validation);
			purposeId = changes.purposeId().orElse(current.purposeId());
		}
		long ownerId = current.ownerId();
		if (changes.ownerId() != null && !changes.ownerId().equals(Optional.of(current.ownerId()))) {
			if (changes.ownerId().isEmpty() || !this.members.isAssignable(workspaceId, changes.ownerId().get())) {
				validation.reject("ownerId", "must be an active member of this workspace");
			}
			else {
				ownerId = changes.ownerId().get();
			}
		}
		Long firstId = (changes.firstMessageId() != null) ? changes.firstMessageId().orElse(null) : current.firstMessageId();
		Long lastId = (changes.lastMessageId() != null) ? changes.lastMessageId().orElse(null) : current.lastMessageId();
		MessageView first = message(workspaceId, current.chatId(), firstId, "firstMessageId", validation);
		MessageView last = message(workspaceId, current.chatId(), lastId, "lastMessageId", validation);
		checkOrder(first, last, validation);
		OffsetDateTime start = current.startTime();
		if (changes.startTime() != null) {
			start = changes.startTime().orElse(null);
			if (start == null) {
				validation.reject("startTime", "is required");
			}
		}
		OffsetDateTime end = (changes.endTime() != null) ? changes.endTime().orElse(null) : current.endTime();
		ConversationStatus status = current.status();
		if (changes.status() != null) {
			if (changes.status().isEmpty()) {
				validation.reject("status", "must be OPEN or CLOSED");
			}
			else {
				status = changes.status().get();
			}
		}
		OffsetDateTime now = now();
		OffsetDateTime closedAt = current.closedAt();
		if (status == ConversationStatus.CLOSED && current.status() == ConversationStatus.OPEN) {
			closedAt = now;
			if (end == null && start != null) {
				end = defaultEnd(start, last, now);
			}
		}
		else if (status == ConversationStatus.OPEN && current.status() == ConversationStatus.CLOSED) {
			// Reopening keeps the end time and the messages: the history says it was reopened, and closing again
			// derives a fresh end time only when someone cleared it.
			closedAt = null;
		}
		if (start != null) {
			checkTimes(start, end, validation);
		}
		List<ConversationFieldView> definitions = this.fields.current(workspaceId);
		Map<String, Object> before = values(current);
		Map<String, Object> values = this.fields.merge(definitions, before, changes.fields(), validation);
		Set<String> touched = touched(changes);
		ConversationFields.requireValues(definitions, ConversationFieldView.Requirement.REQUIRED_ON_LOG, values,
				touched.stream().filter((f) -> f.startsWith("fields.")).map((f) -> f.substring(7)).toList(),
				"is required", validation);
		if (status == ConversationStatus.CLOSED) {
			// A conversation becoming closed must have everything the rules ask for; one already closed keeps
			// what it has, and an edit may not take away what they ask for.
			boolean closing = current.status() != ConversationStatus.CLOSED;
			OffsetDateTime givenEnd = (changes.endTime() != null) ? changes.endTime().orElse(null) : current.endTime();
			this.closingRules.check(workspaceId, definitions,
					new ClosingRules.Closing(summary, givenEnd, id(first), id(last), values),
					(field) -> closing || touched.contains(field), validation);
		}
		NewFollowUpTask followUp = followUp(actor, changes.followUp(), subject, id, current.chatId(), current.contactId());
		if (followUp != null) {
			this.tasks.problems(workspaceId, followUp, "followUpTask.").forEach((p) -> validation.reject(p.field(), p.message()));
		}
		validation.throwIfInvalid();

		ConversationRow updated = new ConversationRow(id, current.chatId(), current.contactId(), subject, summary,
				purposeId, status, ownerId, start, end, id(first), id(last), current.createdBy(), current.createdAt(),
				current.updatedAt(), closedAt, version, null, write(values));
		List<FieldChange> diff = changes(workspaceId, current, updated);
		fieldChanges(diff, definitions, before, values);
		if (!diff.isEmpty()) {
			if (!this.repository.update(workspaceId, updated, version)) {
				throw ProblemException.staleVersion("conversation");
			}
			String action = (status != current.status())
					? (status == ConversationStatus.CLOSED ? "CLOSED" : "REOPENED") : "UPDATED";
			this.repository.recordHistory(workspaceId, id, actor.memberId(), action, write(diff));
			publishChange(actor, id, current.status(), status);
		}
		FollowUpTaskView task = createFollowUp(actor, changes.followUp(), subject, id, current.chatId(),
				current.contactId());
		return get(workspaceId, id).withFollowUpTask(task);
	}

	private void publishChange(SignedInMember actor, long id, ConversationStatus before, ConversationStatus after) {
		long workspaceId = actor.workspaceId();
		if (before == ConversationStatus.OPEN && after == ConversationStatus.CLOSED) {
			this.events.publishEvent(new ConversationClosed(workspaceId, id, actor.memberId()));
		}
		else if (before == ConversationStatus.CLOSED && after == ConversationStatus.OPEN) {
			this.events.publishEvent(new ConversationReopened(workspaceId, id, actor.memberId()));
		}
		else {
			this.events.publishEvent(new ConversationUpdated(workspaceId, id, actor.memberId()));
		}
	}

	@Transactional
	public ConversationView close(SignedInMember actor, long id) {
		return changeStatus(actor, id, ConversationStatus.CLOSED);
	}

	@Transactional
	public ConversationView reopen(SignedInMember actor, long id) {
		return changeStatus(actor, id, ConversationStatus.OPEN);
	}

	private ConversationView changeStatus(SignedInMember actor, long id, ConversationStatus status) {
		ConversationRow current = this.repository.find(actor.workspaceId(), id)
			.orElseThrow(() -> ProblemException.notFound("conversation"));
		requireEditor(actor, current, (status == ConversationStatus.CLOSED) ? "close" : "reopen");
		if (current.status() == status) {
			throw ProblemException.conflict("conversation-already-" + status.name().toLowerCase(),
					"Already " + status.name().toLowerCase(),
					"This conversation is already " + status.name().toLowerCase() + ".");
		}
		return change(actor, id, current.version(), ConversationChanges.status(status));
	}

	@Transactional
	public void delete(SignedInMember actor, long id) {
		if (this.repository.find(actor.workspaceId(), id).isEmpty()) {
			throw ProblemException.notFound("conversation");
		}
		actor.requireAdmin("delete conversations");
		this.repository.delete(actor.workspaceId(), id);
		this.events.publishEvent(new ConversationDeleted(actor.workspaceId(), id, actor.memberId()));
	}

	public List<HistoryEntry> history(long workspaceId, long id) {
		if (this.repository.find(workspaceId, id).isEmpty()) {
			throw ProblemException.notFound("conversation");
		}
		var rows = this.repository.history(workspaceId, id);
		Map<Long, String> names = this.members.names(workspaceId,
				rows.stream().map(JdbcConversationRepository.HistoryRow::memberId).toList());
		return rows.stream()
			.map((row) -> new HistoryEntry(Long.toString(row.id()), Long.toString(row.memberId()),
					names.get(row.memberId()), row.action(), row.changedAt(),
					this.json.readValue(row.changesJson(), new TypeReference<List<FieldChange>>() {
					})))
			.toList();
	}

	/** One page of conversations matching the query; the first page also carries the total count. */
	public Page<ConversationView> list(long workspaceId, ConversationQuery query, PageRequest page) {
		JdbcConversationRepository.SearchQuery search = null;
		if (query.searches()) {
			search = this.repository.prefixQuery(query.text());
			if (search == null) {
				return new Page<>(List.of(), null, (page.cursor() == null) ? 0L : null);
			}
		}
		long limit = JdbcConversationRepository.COUNT_LIMIT;
		// A search is counted first, on every page: the count tells the page how to find few matches fast.
		Long counted = (search != null) ? this.repository.count(workspaceId, query, search) : null;
		List<ConversationRow> rows = this.repository.page(workspaceId, query, search, page.cursor(), page.limit() + 1,
				counted != null && counted <= limit);
		String next = null;
		if (rows.size() > page.limit()) {
			rows = rows.subList(0, page.limit());
			next = cursorAfter(rows.get(rows.size() - 1), query.effectiveSort()).encode();
		}
		if (page.cursor() != null) {
			return new Page<>(views(workspaceId, rows), next);
		}
		// A first page that holds every match is its own count.
		long total = (counted != null) ? counted
				: (next == null) ? rows.size() : this.repository.count(workspaceId, query, search);
		return (total > limit) ? new Page<>(views(workspaceId, rows), next, null, limit)
				: new Page<>(views(workspaceId, rows), next, total);
	}

	/**
	 * Writes every conversation matching the query, in list order, to the CSV: one streamed statement (hence
	 * the read-only transaction, which keeps its cursor open), the contacts' names looked up through
	 * their module once per batch, and the names of members and purposes taken once from
	 * memory.
	 */
	@Transactional(readOnly = true)
	void export(long workspaceId, ConversationQuery query, ConversationCsv csv) {
		JdbcConversationRepository.SearchQuery search = null;
		if (query.searches()) {
			search = this.repository.prefixQuery(query.text());
			if (search == null) {
				return;
			}
		}
		Map<Long, String> memberNames = this.members.allNames(workspaceId);
		Map<Long, PurposeView> purposes = this.purposes.byId(workspaceId);
		this.repository.stream(workspaceId, query, search, (batch) -> {
			Set<Long> contactIds = new HashSet<>();
			for (ConversationRow row : batch) {
				contactIds.add(row.contactId());
			}
			Map<Long, String> contactNames = this.contacts.names(workspaceId, contactIds);
			for (ConversationRow row : batch) {
				csv.write(row, contactNames.get(row.contactId()), purposes, memberNames,
						csv.hasFields() ? values(row) : Map.of());
			}
		});
	}

	/**
	 * The ids of the conversations matching the query, in list order, at most {@code max + 1} of them (so that
	 * the caller can tell "more than max"): the set a bulk change works on.
	 */
	@Transactional(readOnly = true)
	List<Long> ids(long workspaceId, ConversationQuery query, int max) {
		List<Long> ids = new ArrayList<>();
		JdbcConversationRepository.SearchQuery search = null;
		if (query.searches()) {
			search = this.repository.prefixQuery(query.text());
			if (search == null) {
				return ids;
			}
		}
		try {
			this.repository.stream(workspaceId, query, search, (batch) -> {
				for (ConversationRow row : batch) {
					ids.add(row.id());
					if (ids.size() > max) {
						throw new EnoughIds();
					}
				}
			});
		}
		catch (EnoughIds enough) {
			// more than max: the rest is not read
		}
		return ids;
	}

	/** Ends {@link #ids} as soon as it has one id more than asked for. */
	private static final class EnoughIds extends RuntimeException {

		EnoughIds() {
			super(null, null, false, false);
		}

	}

	private static Cursor cursorAfter(ConversationRow row, ConversationQuery.Sort sort) {
		if (sort == ConversationQuery.Sort.RELEVANCE) {
			return Cursor.of(sort.parameter(), Math.round(row.rank()), row.startTime().toInstant(), row.id());
		}
		Object key = switch (sort) {
			case RELEVANCE, START_TIME_ASC, START_TIME_DESC -> row.startTime().toInstant();
			case CREATED_AT_ASC, CREATED_AT_DESC -> row.createdAt().toInstant();
			case UPDATED_AT_ASC, UPDATED_AT_DESC -> row.updatedAt().toInstant();
		};
		return Cursor.of(sort.parameter(), key, row.id());
	}

	/** 404 unless the chat exists in the workspace. */
	public void requireChat(long workspaceId, long chatId) {
		this.chats.get(workspaceId, chatId);
	}

	/** 404 unless the contact exists in the workspace. */
	public void requireContact(long workspaceId, long contactId) {
		this.contacts.get(workspaceId, contactId);
	}

	/** The latest time a conversation of the chat covers (its end, else its start); null when none was logged. */
	OffsetDateTime coveredUntil(long workspaceId, long chatId) {
		return this.repository.coveredUntil(workspaceId, chatId);
	}

	/** Whether a conversation was logged on the chat since the given time (the chat closure requirement). */
	boolean loggedSince(long workspaceId, long chatId, OffsetDateTime since) {
		return this.repository.loggedSince(workspaceId, chatId, since);
	}

	private List<ConversationView> views(long workspaceId, List<ConversationRow> rows) {
		return views(workspaceId, rows, Map.of());
	}

	/** The rows with the names of what they refer to; {@code knownContacts} are names the caller already read. */
	private List<ConversationView> views(long workspaceId, List<ConversationRow> rows,
			Map<Long, Optional<String>> knownContacts) {
		if (rows.isEmpty()) {
			return List.of();
		}
		Set<Long> memberIds = new HashSet<>();
		Set<Long> contactIds = new HashSet<>();
		for (ConversationRow row : rows) {
			memberIds.add(row.ownerId());
			memberIds.add(row.createdBy());
			if (!knownContacts.containsKey(row.contactId())) {
				contactIds.add(row.contactId());
			}
		}
		Map<Long, String> memberNames = this.members.names(workspaceId, memberIds);
		Map<Long, String> contactNames = this.contacts.names(workspaceId, contactIds);
		knownContacts.forEach((contactId, name) -> name.ifPresent((n) -> contactNames.put(contactId, n)));
		Map<Long, PurposeView> purposes = this.purposes.byId(workspaceId);
		Map<Long, FollowUpTaskView> tasks = this.tasks.ofConversations(workspaceId,
				rows.stream().map(ConversationRow::id).toList());
		List<ConversationView> views = new ArrayList<>(rows.size());
		for (ConversationRow row : rows) {
			PurposeView purpose = purposes.get(row.purposeId());
			views.add(new ConversationView(Long.toString(row.id()), Long.toString(row.chatId()),
					Long.toString(row.contactId()), contactNames.get(row.contactId()), row.subject(), row.summary(),
					Long.toString(row.purposeId()), (purpose != null) ? purpose.name() : null,
					purpose != null && purpose.archived(), row.status(), Long.toString(row.ownerId()),
					memberNames.get(row.ownerId()), row.startTime(), row.endTime(), str(row.firstMessageId()),
					str(row.lastMessageId()), Long.toString(row.createdBy()), memberNames.get(row.createdBy()),
					row.createdAt(), row.updatedAt(), row.closedAt(), row.version(), tasks.get(row.id()), values(row)));
		}
		return views;
	}

	/** Whether the member may edit, close and reopen the conversation: its owner, its creator, or an admin. */
	public static boolean mayEdit(SignedInMember actor, ConversationView conversation) {
		return mayEdit(actor, Long.parseLong(conversation.ownerId()), Long.parseLong(conversation.createdBy()));
	}

	private static boolean mayEdit(SignedInMember actor, long ownerId, long createdBy) {
		return actor.isAdmin() || actor.memberId() == ownerId || actor.memberId() == createdBy;
	}

	private static void requireEditor(SignedInMember actor, ConversationRow conversation, String action) {
		if (!mayEdit(actor, conversation.ownerId(), conversation.createdBy())) {
			throw ProblemException.forbidden("Only the conversation's owner, the member who logged it, or an admin can "
					+ action + " it.");
		}
	}

	private MessageView message(long workspaceId, long chatId, Long messageId, String field, Validation validation) {
		if (messageId == null) {
			return null;
		}
		Optional<MessageView> message = this.chats.findMessage(workspaceId, messageId);
		if (message.isEmpty() || !message.get().chatId().equals(Long.toString(chatId))) {
			validation.reject(field, "must be a message of this conversation's chat");
			return null;
		}
		return message.get();
	}

	private static void checkOrder(MessageView first, MessageView last, Validation validation) {
		if (first != null && last != null) {
			int order = first.sentAt().compareTo(last.sentAt());
			if (order > 0 || (order == 0 && Long.parseLong(first.id()) > Long.parseLong(last.id()))) {
				validation.reject("lastMessageId", "must not come before the first message");
			}
		}
	}

	private static void checkTimes(OffsetDateTime start, OffsetDateTime end, Validation validation) {
		if (end != null && end.isBefore(start)) {
			validation.reject("endTime", "must not be before the start time");
		}
	}

	/** Closing without an end time: the last message's time, else now; never before the start. */
	private static OffsetDateTime defaultEnd(OffsetDateTime start, MessageView last, OffsetDateTime now) {
		OffsetDateTime end = (last != null) ? last.sentAt() : now;
		return end.isBefore(start) ? start : end;
	}

	private NewFollowUpTask followUp(SignedInMember actor, FollowUp followUp, String subject, long conversationId,
			long chatId, long contactId) {
		if (followUp == null) {
			return null;
		}
		String title = (followUp.title() != null && !followUp.title().isBlank()) ? followUp.title()
				: "Follow up: " + Objects.requireNonNullElse(subject, "");
		if (title.length() > 200 && (followUp.title() == null || followUp.title().isBlank())) {
			title = title.substring(0, 200);
		}
		Long assignee = (followUp.assigneeId() != null) ? followUp.assigneeId() : actor.memberId();
		return new NewFollowUpTask(conversationId, chatId, contactId, title, assignee, followUp.dueAt(),
				followUp.notes());
	}

	private FollowUpTaskView createFollowUp(SignedInMember actor, FollowUp followUp, String subject, long id,
			long chatId, long contactId) {
		NewFollowUpTask task = followUp(actor, followUp, subject, id, chatId, contactId);
		return (task != null) ? this.tasks.create(actor, task) : null;
	}

	/** The fields that differ between two versions (all set fields, when there is no earlier version). */
	private List<FieldChange> changes(long workspaceId, ConversationRow before, ConversationRow after) {
		List<FieldChange> changes = new ArrayList<>();
		Map<Long, PurposeView> purposes = this.purposes.byId(workspaceId);
		Map<Long, String> names = this.members.names(workspaceId, (before != null)
				? List.of(before.ownerId(), after.ownerId()) : List.of(after.ownerId()));
		diff(changes, "subject", (before != null) ? before.subject() : null, after.subject());
		diff(changes, "summary", (before != null) ? before.summary() : null, after.summary());
		diff(changes, "purpose", (before != null) ? purposeName(purposes, before.purposeId()) : null,
				purposeName(purposes, after.purposeId()));
		diff(changes, "status", (before != null) ? before.status().name() : null, after.status().name());
		diff(changes, "owner", (before != null) ? names.get(before.ownerId()) : null, names.get(after.ownerId()));
		diff(changes, "startTime", (before != null) ? str(before.startTime()) : null, str(after.startTime()));
		diff(changes, "endTime", (before != null) ? str(before.endTime()) : null, str(after.endTime()));
		diff(changes, "firstMessageId", (before != null) ? str(before.firstMessageId()) : null,
				str(after.firstMessageId()));
		diff(changes, "lastMessageId", (before != null) ? str(before.lastMessageId()) : null,
				str(after.lastMessageId()));
		return changes;
	}

	/** The fields an edit names: the built-in ones it sets and {@code fields.<key>} for each custom one. */
	private static Set<String> touched(ConversationChanges changes) {
		Set<String> touched = new HashSet<>();
		if (changes.summary() != null) {
			touched.add("summary");
		}
		if (changes.endTime() != null) {
			touched.add("endTime");
		}
		if (changes.firstMessageId() != null) {
			touched.add("firstMessageId");
		}
		if (changes.lastMessageId() != null) {
			touched.add("lastMessageId");
		}
		if (changes.fields() != null) {
			changes.fields().keySet().forEach((key) -> touched.add("fields." + key));
		}
		return touched;
	}

	/** The custom field values that differ, as {@code fields.<key>} with the values as text, in the fields' order. */
	private static void fieldChanges(List<FieldChange> changes, List<ConversationFieldView> definitions,
			Map<String, Object> before, Map<String, Object> after) {
		for (ConversationFieldView field : definitions) {
			diff(changes, "fields." + field.key(), ConversationFields.display(before.get(field.key())),
					ConversationFields.display(after.get(field.key())));
		}
	}

	/** A row's custom field values by key; numbers as BigDecimal, so that none loses a digit. */
	Map<String, Object> values(ConversationRow row) {
		if (row.fieldsJson() == null || row.fieldsJson().equals("{}")) {
			return Map.of();
		}
		return this.json.readerFor(new TypeReference<java.util.LinkedHashMap<String, Object>>() {
		}).with(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readValue(row.fieldsJson());
	}

	private String write(Map<String, Object> values) {
		return this.json.writeValueAsString(values);
	}

	private static String purposeName(Map<Long, PurposeView> purposes, long id) {
		PurposeView purpose = purposes.get(id);
		return (purpose != null) ? purpose.name() : Long.toString(id);
	}

	private static void diff(List<FieldChange> changes, String field, String from, String to) {
		if (!Objects.equals(from, to)) {
			changes.add(new FieldChange(field, from, to));
		}
	}

	private String write(List<FieldChange> changes) {
		return this.json.writeValueAsString(changes);
	}

	private static ProblemException prefixed(ProblemException ex, String prefix) {
		if (ex.errors().isEmpty()) {
			return ex;
		}
		return ProblemException.invalid(ex.errors()
			.stream()
			.map((e) -> new com.convonite.shared.FieldProblem(prefix + e.field(), e.message()))
			.toList());
	}

	private static OffsetDateTime now() {
		return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
	}

	private static Long id(MessageView message) {
		return (message != null) ? Long.valueOf(message.id()) : null;
	}

	private static String str(Object value) {
		if (value instanceof OffsetDateTime time) {
			return time.toInstant().toString();
		}
		return (value != null) ? value.toString() : null;
	}

}
