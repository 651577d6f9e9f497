package com.convonite.task;

import java.util.UUID;

/**
 * An open task reached its due time; published once per due time, for the assignee's notification.
 *
 * @param eventId this occurrence: kept when the event publication registry hands the event to a listener again
 * (a redelivery, on this or another instance), so that a listener can do its work once per event
 */
public record TaskFellDue(long workspaceId, long taskId, long assigneeId, UUID eventId) {

	/** A new occurrence, with an id of its own. */
	public TaskFellDue(long workspaceId, long taskId, long assigneeId) {
		this(workspaceId, taskId, assigneeId, UUID.randomUUID());
	}

}
