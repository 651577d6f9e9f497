package com.convonite.assist;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.convonite.assist.LogSuggestions.Learning;
import com.convonite.assist.LogSuggestions.PurposeSuggestion;
import com.convonite.assist.PurposeClassifier.Learned;
import com.convonite.assist.PurposeClassifier.Scored;
import com.convonite.assist.SummaryProvider.Draft;
import com.convonite.assist.SummaryProvider.PickedMessage;
import com.convonite.assist.SummaryProviders.Endpoint;
import com.convonite.chat.ChatView;
import com.convonite.chat.Chats;
import com.convonite.chat.MessageDirection;
import com.convonite.chat.MessageView;
import com.convonite.conversation.PurposeView;
import com.convonite.conversation.Purposes;
import com.convonite.shared.Validation;

import org.springframework.stereotype.Service;

/**
 * Suggestions for logging a conversation from a chat: the likeliest purposes of the picked messages and a draft
 * subject and summary. They are only answered, never applied; the user takes them or not in the log form. The
 * draft comes from the workspace's OpenAI-compatible endpoint when its admins switched one on, else from the
 * built-in {@link ExtractiveSummaryProvider}.
 */
@Service
public class LoggingSuggestions {

	/** Purposes suggested at most. */
	static final int TOP = 3;

	/** Picked messages read at most, from the first on; and the chat's newest when none are picked. */
	static final int PICKED_MAX = 200;

	static final int RECENT = 30;

	private final Chats chats;

	private final Purposes purposes;

	private final PurposeClassifier classifier;

	private final ExtractiveSummaryProvider builtIn;

	private final SummaryProviders providers;

	LoggingSuggestions(Chats chats, Purposes purposes, PurposeClassifier classifier, ExtractiveSummaryProvider builtIn,
			SummaryProviders providers) {
		this.chats = chats;
		this.purposes = purposes;
		this.classifier = classifier;
		this.builtIn = builtIn;
		this.providers = providers;
	}

	/** A draft and what made it; {@code problem} says why the workspace's endpoint failed, when it did. */
	public record Drafted(String subject, String summary, String draftedBy, String problem) {
	}

	/**
	 * Suggestions for a conversation from {@code firstMessageId} to {@code lastMessageId} of the chat (either may
	 * be null: the chat's newest messages then stand in), with a draft from the workspace's summary provider (the
	 * built-in one when its endpoint fails). 404 for a chat not of this workspace; 400 for a message not of this
	 * chat, or a last message before the first.
	 */
	public LogSuggestions suggest(long workspaceId, long chatId, Long firstMessageId, Long lastMessageId) {
		List<PickedMessage> messages = picked(workspaceId, chatId, firstMessageId, lastMessageId);
		Drafted draft = draft(workspaceId, messages, false);
		LogSuggestions purposes = purposes(workspaceId, messages);
		return new LogSuggestions(purposes.purposes(), purposes.learning(), draft.subject(), draft.summary(),
				draft.draftedBy(), draft.problem());
	}

	/** The likeliest purposes and how far the classifier has learned, without a draft (subject and summary null). */
	public LogSuggestions purposes(long workspaceId, long chatId, Long firstMessageId, Long lastMessageId) {
		return purposes(workspaceId, picked(workspaceId, chatId, firstMessageId, lastMessageId));
	}

	/**
	 * A subject and summary draft of the picked messages: from the workspace's OpenAI-compatible endpoint when an
	 * admin switched it on and {@code builtInOnly} is false, else (and when the endpoint fails, with the reason in
	 * {@code problem}) from the built-in provider on this server.
	 */
	public Drafted draft(long workspaceId, long chatId, Long firstMessageId, Long lastMessageId, boolean builtInOnly) {
		return draft(workspaceId, picked(workspaceId, chatId, firstMessageId, lastMessageId), builtInOnly);
	}

	private Drafted draft(long workspaceId, List<PickedMessage> messages, boolean builtInOnly) {
		if (messages.isEmpty()) {
			return new Drafted(null, null, LogSuggestions.BUILT_IN, null);
		}
		String problem = null;
		if (!builtInOnly) {
			Optional<Endpoint> endpoint = this.providers.enabled(workspaceId);
			if (endpoint.isPresent()) {
				try {
					Draft draft = new OpenAiCompatibleSummaryProvider(endpoint.get()).draft(messages);
					return new Drafted(draft.subject(), draft.summary(), OpenAiCompatibleSummaryProvider.NAME, null);
				}
				catch (OpenAiCompatibleSummaryProvider.Failed ex) {
					problem = ex.getMessage();
				}
			}
		}
		Draft draft = this.builtIn.draft(messages);
		return new Drafted(draft.subject(), draft.summary(), LogSuggestions.BUILT_IN, problem);
	}

	private LogSuggestions purposes(long workspaceId, List<PickedMessage> messages) {
		Learned learned = this.classifier.learned(workspaceId);
		if (learned == null) {
			return new LogSuggestions(List.of(), new Learning(Learning.LEARNING, 0, 0), null, null,
					LogSuggestions.BUILT_IN, null);
		}
		if (learned.model() == null) {
			return new LogSuggestions(List.of(), new Learning(Learning.NOT_ENOUGH_HISTORY, learned.samples(),
					learned.needed()), null, null, LogSuggestions.BUILT_IN, null);
		}
		String text = messages.stream().map(PickedMessage::text).collect(Collectors.joining("\n"));
		return new LogSuggestions(purposes(workspaceId, learned, text), new Learning(Learning.READY,
				learned.samples(), 0), null, null, LogSuggestions.BUILT_IN, null);
	}

	/** The picked messages with text, oldest first, after checking that they are of the chat and in order. */
	private List<PickedMessage> picked(long workspaceId, long chatId, Long firstMessageId, Long lastMessageId) {
		ChatView chat = this.chats.get(workspaceId, chatId);
		Validation validation = new Validation();
		MessageView first = pickedMessage(workspaceId, chat, firstMessageId, "firstMessageId", validation);
		MessageView last = pickedMessage(workspaceId, chat, lastMessageId, "lastMessageId", validation);
		if (first != null && last != null && comesBefore(last, first)) {
			validation.reject("lastMessageId", "must not come before the first message");
		}
		validation.throwIfInvalid();
		List<MessageView> picked = (first == null && last == null)
				? this.chats.messagesBetween(workspaceId, chatId, null, null, RECENT)
				: this.chats.messagesBetween(workspaceId, chatId, first, last, PICKED_MAX);
		return picked.stream()
			.filter((m) -> m.body() != null && !m.body().isBlank())
			.map((m) -> new PickedMessage(m.direction(), speaker(m), m.body()))
			.toList();
	}

	/** The likeliest three purposes that can still be chosen (archived ones never), rounded down to 0.001. */
	private List<PurposeSuggestion> purposes(long workspaceId, Learned learned, String text) {
		Map<String, PurposeView> selectable = this.purposes.list(workspaceId, false)
			.stream()
			.collect(Collectors.toMap(PurposeView::id, Function.identity()));
		List<PurposeSuggestion> suggestions = new ArrayList<>();
		for (Scored scored : PurposeClassifier.classify(learned, text)) {
			PurposeView purpose = selectable.get(Long.toString(scored.purposeId()));
			if (purpose != null && suggestions.size() < TOP) {
				suggestions.add(new PurposeSuggestion(purpose.id(), purpose.name(),
						BigDecimal.valueOf(scored.probability()).setScale(3, RoundingMode.DOWN).doubleValue()));
			}
		}
		return suggestions;
	}

	private MessageView pickedMessage(long workspaceId, ChatView chat, Long messageId, String field,
			Validation validation) {
		if (messageId == null) {
			return null;
		}
		MessageView message = this.chats.findMessage(workspaceId, messageId)
			.filter((m) -> m.chatId().equals(chat.id()))
			.orElse(null);
		if (message == null) {
			validation.reject(field, "must be a message of this chat");
		}
		return message;
	}

	private static boolean comesBefore(MessageView a, MessageView b) {
		int order = a.sentAt().compareTo(b.sentAt());
		return order < 0 || (order == 0 && Long.parseLong(a.id()) < Long.parseLong(b.id()));
	}

	private static String speaker(MessageView message) {
		if (message.direction() == MessageDirection.IN) {
			return "Customer";
		}
		return (message.authorName() != null && !message.authorName().isBlank()) ? message.authorName() : "Agent";
	}

}
