package com.convonite.conversation;

import java.time.OffsetDateTime;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** One change of a conversation: who, when, what kind, and which fields went from what to what. */
public record HistoryEntry(String id, String memberId, String memberName, String action, OffsetDateTime changedAt,
		List<FieldChange> changes) {

	public record FieldChange(String field, @Schema(nullable = true) String from, @Schema(nullable = true) String to) {
	}

}
