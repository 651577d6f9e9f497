package com.convonite.task;

import java.util.UUID;

/**
 * An open task was completed.
 *
 * @param eventId this occurrence: kept when the event publication registry hands the event to a listener again
 * (a redelivery, on this or another instance), so that a listener can do its work once per event
 */
public record TaskCompleted(long workspaceId, long taskId, long assigneeId, long completedBy, UUID eventId) {

	/** A new occurrence, with an id of its own. */
	public TaskCompleted(long workspaceId, long taskId, long assigneeId, long completedBy) {
		this(workspaceId, taskId, assigneeId, completedBy, UUID.randomUUID());
	}

}
