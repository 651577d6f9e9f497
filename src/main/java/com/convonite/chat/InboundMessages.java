package com.convonite.chat;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.convonite.contact.ContactView;
import com.convonite.contact.Contacts;
import com.convonite.shared.ProblemException;
import com.convonite.shared.Validation;
import com.convonite.workspace.SignedInMember;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Messages from customers, as the channel delivers them: stored at once, with the contact and the chat made
 * when they do not exist yet, a closed chat reopened, and a repeated delivery (same external id) stored once.
 * Every step is an insert that tolerates a concurrent twin, so simultaneous deliveries never fail.
 */
@Service
public class InboundMessages {

	public static final String DEFAULT_CHANNEL = "whatsapp";

	private static final Pattern CHANNEL = Pattern.compile("[a-z0-9][a-z0-9_-]{0,29}");

	private final JdbcClient jdbc;

	private final Contacts contacts;

	private final Chats chats;

	private final ApplicationEventPublisher events;

	private final ChatStates states;

	InboundMessages(JdbcClient jdbc, Contacts contacts, Chats chats, ApplicationEventPublisher events,
			ChatStates states) {
		this.states = states;
		this.jdbc = jdbc;
		this.contacts = contacts;
		this.chats = chats;
		this.events = events;
	}

	public record InboundMessage(String channel, String externalId, String fromPhone, String fromName, String type,
			String body, OffsetDateTime sentAt, Map<String, Object> media) {
	}

	/** The stored message and its chat; {@code duplicate} when the external id had been delivered before. */
	public record Delivery(MessageView message, ChatView chat, boolean duplicate) {
	}

	/** A message delivered over the API: only an admin's credentials may deliver one. */
	@Transactional
	public Delivery receive(SignedInMember actor, InboundMessage command) {
		actor.requireAdmin("deliver inbound messages");
		return receiveFromChannel(actor.workspaceId(), command);
	}

	/**
	 * A message delivered by a channel integration of the workspace (such as the WhatsApp webhook), which
	 * has already established that the delivery is genuine and whose workspace it is.
	 */
	@Transactional
	public Delivery receiveFromChannel(long workspaceId, InboundMessage command) {
		Validation validation = new Validation();
		String channel = (command.channel() == null || command.channel().isBlank()) ? DEFAULT_CHANNEL
				: command.channel().strip().toLowerCase(Locale.ROOT);
		if (!CHANNEL.matcher(channel).matches()) {
			validation.reject("channel", "must be a channel name such as whatsapp (letters, digits, - and _)");
		}
		String externalId = validation.text("externalId", command.externalId(), false, 200);
		MessageType type = type(validation, command.type());
		boolean caption = type != MessageType.TEXT;
		String body = validation.text("body", command.body(), !caption && command.media() == null, 10_000);
		if (command.fromPhone() == null || command.fromPhone().isBlank()) {
			validation.reject("from.phone", "is required: the customer's phone number, such as +351 912 345 678");
		}
		validation.text("from.name", command.fromName(), false, 1000);
		OffsetDateTime sentAt = (command.sentAt() != null) ? command.sentAt() : OffsetDateTime.now();
		validation.throwIfInvalid();

		if (externalId != null) {
			Optional<MessageView> earlier = byExternalId(workspaceId, externalId);
			if (earlier.isPresent()) {
				return duplicate(workspaceId, earlier.get());
			}
		}
		ContactView contact = this.contacts.findOrCreateByPhone(workspaceId, command.fromPhone(), command.fromName(),
				"from.phone");
		long contactId = Long.parseLong(contact.id());
		// One delivery at a time per chat, so that the unread count and the reopening are never lost. A known
		// chat is found and locked in one statement; a new one is made (a concurrent twin's insert is waited
		// for and kept) and then locked.
		Optional<ChatStates.ChatState> existing = this.states.lock(workspaceId, contactId, channel);
		boolean newChat = existing.isEmpty() && this.jdbc.sql("""
				insert into chat (workspace_id, contact_id, channel) values (:workspaceId, :contactId, :channel)
				on conflict (workspace_id, contact_id, channel) do nothing
				""")
			.param("workspaceId", workspaceId)
			.param("contactId", contactId)
			.param("channel", channel)
			.update() == 1;
		ChatStates.ChatState chat = existing.or(() -> this.states.lock(workspaceId, contactId, channel)).orElseThrow();
		Optional<MessageView> inserted = this.jdbc.sql("""
				insert into message (workspace_id, chat_id, direction, type, body, media, sent_at, external_id)
				values (:workspaceId, :chatId, 'IN', :type, :body, cast(:media as jsonb), :sentAt, :externalId)
				on conflict (workspace_id, external_id) where external_id is not null do nothing
				returning id, chat_id, direction, type, body, media::text as media, sent_at, author_id,
				          null::text as author_name, delivery_status, external_id, failure_reason
				""")
			.param("workspaceId", workspaceId)
			.param("chatId", chat.id())
			.param("type", type.name())
			.param("body", body)
			.param("media", ChatRows.mediaJson(command.media()))
			.param("sentAt", sentAt)
			.param("externalId", externalId)
			.query(ChatRows::message)
			.optional();
		if (inserted.isEmpty()) {
			return duplicate(workspaceId, byExternalId(workspaceId, externalId).orElseThrow());
		}
		boolean reopened = chat.status() == ChatStatus.CLOSED;
		// The chat's new state is the answer's chat: the update returns it with its contact and assignee names.
		ChatView updated = this.jdbc.sql("""
				update chat c set unread_count = c.unread_count + 1,
				       last_message_at = greatest(c.last_message_at, :sentAt),
				       last_inbound_at = greatest(c.last_inbound_at, :sentAt),
				       status = 'OPEN',
				       opened_at = case when c.status = 'CLOSED' then now() else c.opened_at end,
				       closed_at = null,
				       version = c.version + 1
				from contact ct
				where c.workspace_id = :workspaceId and c.id = :id
				  and ct.workspace_id = c.workspace_id and ct.id = c.contact_id
				""" + ChatRows.CHAT_RETURNING)
			.param("sentAt", sentAt)
			.param("workspaceId", workspaceId)
			.param("id", chat.id())
			.query(ChatRows::chat)
			.single();
		long messageId = Long.parseLong(inserted.get().id());
		if (newChat || reopened) {
			this.events.publishEvent(new ChatOpened(workspaceId, chat.id(), contactId, updated.openedAt(), null));
		}
		this.events.publishEvent(new MessageReceived(workspaceId, chat.id(), messageId, chat.assigneeId()));
		return new Delivery(inserted.get(), updated, false);
	}

	private Delivery duplicate(long workspaceId, MessageView earlier) {
		return new Delivery(earlier, this.chats.get(workspaceId, Long.parseLong(earlier.chatId())), true);
	}

	private Optional<MessageView> byExternalId(long workspaceId, String externalId) {
		return this.jdbc.sql(ChatRows.MESSAGE_SELECT + " where g.workspace_id = :workspaceId and g.external_id = :externalId")
			.param("workspaceId", workspaceId)
			.param("externalId", externalId)
			.query(ChatRows::message)
			.optional();
	}

	static MessageType type(Validation validation, String raw) {
		if (raw == null || raw.isBlank()) {
			return MessageType.TEXT;
		}
		try {
			return MessageType.valueOf(raw.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			validation.reject("type", "must be one of: " + Arrays.stream(MessageType.values())
				.map((t) -> t.name().toLowerCase(Locale.ROOT))
				.collect(Collectors.joining(", ")));
			return MessageType.TEXT;
		}
	}

}
