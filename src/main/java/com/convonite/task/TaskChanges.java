package com.convonite.task;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * An edit of a task. A {@code null} field is left unchanged; an empty Optional clears it (only notes and the
 * due time can be cleared).
 */
public record TaskChanges(Optional<String> title, Optional<String> notes, Optional<Long> assigneeId,
		Optional<OffsetDateTime> dueAt) {
}
