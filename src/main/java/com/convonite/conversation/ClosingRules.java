package com.convonite.conversation;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.convonite.conversation.ConversationFieldView.Requirement;
import com.convonite.shared.Validation;

import org.springframework.stereotype.Component;

/**
 * What a conversation must have before it can be closed (issue 18, part 2): the built-in fields the workspace's
 * closing rules name, and every active custom field required when closing. {@link #check} is the one place the
 * rule is held; every path on which a conversation becomes closed reaches it through
 * {@link Conversations#log} or {@link Conversations#change} (closing, logging as closed, logging and closing the
 * chat, editing, the API; a bulk close calls {@link Conversations#close} per conversation).
 */
@Component
class ClosingRules {

	static final String MISSING = "is required to close the conversation";

	private final ConversationFields fields;

	ClosingRules(ConversationFields fields) {
		this.fields = fields;
	}

	/** A conversation as it would be once closed. {@code endTime} is the one given, before any default. */
	record Closing(String summary, OffsetDateTime endTime, Long firstMessageId, Long lastMessageId,
			Map<String, Object> values) {
	}

	/**
	 * Rejects, one message per missing field, whatever {@code closing} lacks; only the fields {@code applies} to
	 * (all, on a conversation that becomes closed; those an edit touches, on one already closed), and none that
	 * already has a problem of its own.
	 */
	void check(long workspaceId, List<ConversationFieldView> definitions, Closing closing, Predicate<String> applies,
			Validation validation) {
		Set<String> rules = this.fields.closingRules(workspaceId);
		Map<String, Object> builtIn = new java.util.HashMap<>();
		builtIn.put("summary", closing.summary());
		builtIn.put("endTime", closing.endTime());
		builtIn.put("firstMessageId", closing.firstMessageId());
		builtIn.put("lastMessageId", closing.lastMessageId());
		for (String rule : rules) {
			if (builtIn.get(rule) == null && applies.test(rule) && !validation.has(rule)) {
				validation.reject(rule, MISSING);
			}
		}
		for (ConversationFieldView field : definitions) {
			String name = "fields." + field.key();
			if (!field.archived() && field.requirement() == Requirement.REQUIRED_ON_CLOSE
					&& !ConversationFields.hasValue(field, closing.values().get(field.key())) && applies.test(name)
					&& !validation.has(name)) {
				validation.reject(name, MISSING);
			}
		}
	}

}
