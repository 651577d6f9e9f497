package com.convonite.assist;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What the log form may offer when logging a conversation from a chat: the likeliest purposes, how far the
 * workspace's classifier has learned, and a subject and summary draft. Only suggestions: the user decides.
 */
public record LogSuggestions(
		@Schema(description = "At most three purposes, likeliest first; empty until the classifier is ready")
		List<PurposeSuggestion> purposes, Learning learning,
		@Schema(nullable = true, description = "A subject drafted from the picked messages (at most 80 characters)")
		String subject,
		@Schema(nullable = true, description = "A summary drafted from the picked messages, one line per sentence "
				+ "with who said it (at most 600 characters)") String summary,
		@Schema(allowableValues = { "built-in", "openai-compatible" }, description = "What drafted the subject and "
				+ "summary: built-in (on this server, nothing sent anywhere) or the workspace's OpenAI-compatible "
				+ "endpoint, when an admin switched it on") String draftedBy,
		@Schema(nullable = true, description = "Why the workspace's OpenAI-compatible endpoint could not draft, "
				+ "when it failed; the draft is then the built-in one") String draftProblem) {

	static final String BUILT_IN = "built-in";

	/** A purpose the conversation may have, with the classifier's probability for it. */
	public record PurposeSuggestion(String purposeId, String name,
			@Schema(description = "Between 0 and 1; the three together never exceed 1") double confidence) {
	}

	/** How far the workspace's classifier has learned from its logged conversations. */
	public record Learning(
			@Schema(allowableValues = { "ready", "learning", "not-enough-history" },
					description = "ready: purposes are suggested; learning: the classifier is being trained, ask "
							+ "again shortly; not-enough-history: too few logged conversations yet") String state,
			@Schema(description = "Logged conversations the classifier learned from (0 while learning)")
			int conversationsLearnedFrom,
			@Schema(description = "How many more logged conversations are needed before purposes are suggested "
					+ "(0 when ready or learning)") int needed) {

		static final String READY = "ready";

		static final String LEARNING = "learning";

		static final String NOT_ENOUGH_HISTORY = "not-enough-history";

	}

}
