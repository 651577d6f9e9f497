package com.convonite.chat;

import java.util.UUID;

/**
 * A customer's message arrived and was stored (a repeated delivery announces nothing).
 *
 * @param eventId this occurrence: kept when the event publication registry hands the event to a listener again
 * (a redelivery, on this or another instance), so that a listener can do its work once per event
 */
public record MessageReceived(long workspaceId, long chatId, long messageId, Long assigneeId, UUID eventId) {

	/** A new occurrence, with an id of its own. */
	public MessageReceived(long workspaceId, long chatId, long messageId, Long assigneeId) {
		this(workspaceId, chatId, messageId, assigneeId, UUID.randomUUID());
	}

}
