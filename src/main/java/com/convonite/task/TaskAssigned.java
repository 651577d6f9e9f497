package com.convonite.task;

import java.util.UUID;

/**
 * An existing task was given to another member (by an edit); the new assignee hears of it.
 *
 * @param eventId this occurrence: kept when the event publication registry hands the event to a listener again
 * (a redelivery, on this or another instance), so that a listener can do its work once per event
 */
public record TaskAssigned(long workspaceId, long taskId, long assigneeId, long previousAssigneeId, long assignedBy,
		UUID eventId) {

	/** A new occurrence, with an id of its own. */
	public TaskAssigned(long workspaceId, long taskId, long assigneeId, long previousAssigneeId, long assignedBy) {
		this(workspaceId, taskId, assigneeId, previousAssigneeId, assignedBy, UUID.randomUUID());
	}

}
