package com.convonite.task;

import java.util.UUID;

/**
 * A follow-up task was created; the assignee hears of it when someone else created it for them.
 *
 * @param eventId this occurrence: kept when the event publication registry hands the event to a listener again
 * (a redelivery, on this or another instance), so that a listener can do its work once per event
 */
public record TaskCreated(long workspaceId, long taskId, long assigneeId, long createdBy, UUID eventId) {

	/** A new occurrence, with an id of its own. */
	public TaskCreated(long workspaceId, long taskId, long assigneeId, long createdBy) {
		this(workspaceId, taskId, assigneeId, createdBy, UUID.randomUUID());
	}

}
