package com.convonite.conversation;

import java.time.OffsetDateTime;

import com.convonite.chat.ChatClosureCheck;

import org.springframework.stereotype.Component;

/** Tells the chat module whether a conversation was logged on a chat since it was last opened. */
@Component
class ConversationClosureCheck implements ChatClosureCheck {

	private final Conversations conversations;

	ConversationClosureCheck(Conversations conversations) {
		this.conversations = conversations;
	}

	@Override
	public boolean conversationLoggedSince(long workspaceId, long chatId, OffsetDateTime since) {
		return this.conversations.loggedSince(workspaceId, chatId, since);
	}

}
