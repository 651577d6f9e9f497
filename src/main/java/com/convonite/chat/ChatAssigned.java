package com.convonite.chat;

import java.util.UUID;

/**
 * A chat changed hands; {@code assigneeId} is null when it was unassigned.
 *
 * @param eventId this occurrence: kept when the event publication registry hands the event to a listener again
 * (a redelivery, on this or another instance), so that a listener can do its work once per event
 */
public record ChatAssigned(long workspaceId, long chatId, Long previousAssigneeId, Long assigneeId, long assignedBy,
		UUID eventId) {

	/** A new occurrence, with an id of its own. */
	public ChatAssigned(long workspaceId, long chatId, Long previousAssigneeId, Long assigneeId, long assignedBy) {
		this(workspaceId, chatId, previousAssigneeId, assigneeId, assignedBy, UUID.randomUUID());
	}

}
