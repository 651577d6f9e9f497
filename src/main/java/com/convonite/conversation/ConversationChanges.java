package com.convonite.conversation;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

/**
 * The fields an edit changes: {@code null} leaves a field as it is, an empty Optional clears it (where it may
 * be cleared), a value sets it. {@code fields} sets the custom fields it names (an empty value clears one) and
 * leaves the others as they are.
 */
public record ConversationChanges(Optional<String> subject, Optional<String> summary, Optional<Long> purposeId,
		Optional<ConversationStatus> status, Optional<Long> ownerId, Optional<OffsetDateTime> startTime,
		Optional<OffsetDateTime> endTime, Optional<Long> firstMessageId, Optional<Long> lastMessageId,
		FollowUp followUp, Map<String, ?> fields) {

	static ConversationChanges status(ConversationStatus status) {
		return new ConversationChanges(null, null, null, Optional.of(status), null, null, null, null, null, null, null);
	}

}
