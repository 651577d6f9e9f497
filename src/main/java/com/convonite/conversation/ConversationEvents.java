package com.convonite.conversation;

/** Events of the conversation module, past tense, for notifications and outgoing webhooks. */
public final class ConversationEvents {

	private ConversationEvents() {
	}

	public record ConversationLogged(long workspaceId, long conversationId, long chatId, long contactId, long ownerId,
			long loggedBy) {
	}

	public record ConversationUpdated(long workspaceId, long conversationId, long updatedBy) {
	}

	public record ConversationClosed(long workspaceId, long conversationId, long closedBy) {
	}

	public record ConversationReopened(long workspaceId, long conversationId, long reopenedBy) {
	}

	public record ConversationDeleted(long workspaceId, long conversationId, long deletedBy) {
	}

}
