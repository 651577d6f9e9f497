package com.convonite.assist;

import java.util.List;

import com.convonite.chat.MessageDirection;

/**
 * Drafts a subject and a summary from the messages picked for a conversation. The built-in provider
 * ({@link ExtractiveSummaryProvider}) runs on this server and sends nothing anywhere; the
 * {@link OpenAiCompatibleSummaryProvider} sends them to the chat-completions endpoint a workspace's admins set
 * ({@link SummaryProviders}), and {@link LoggingSuggestions} chooses between them per workspace.
 */
interface SummaryProvider {

	/** A draft from the messages, oldest first; an empty draft when they hold nothing worth drafting from. */
	Draft draft(List<PickedMessage> messages);

	/** One picked message: who said it ({@code speaker}, e.g. "Customer" or the agent's name) and its text. */
	record PickedMessage(MessageDirection direction, String speaker, String text) {
	}

	/** A subject of at most 80 characters and a summary of at most 600; either may be null. */
	record Draft(String subject, String summary) {

		static final int SUBJECT_MAX = 80;

		static final int SUMMARY_MAX = 600;

		static final Draft EMPTY = new Draft(null, null);

	}

}
