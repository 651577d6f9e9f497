package com.convonite.chat;

import java.time.OffsetDateTime;

/**
 * Answers the chat closure requirement (SPEC §6): was a conversation logged on the chat since it was last
 * opened? Implemented by the conversation module, which owns conversations; declared here so that the chat
 * module can enforce the rule without depending on that module.
 */
public interface ChatClosureCheck {

	boolean conversationLoggedSince(long workspaceId, long chatId, OffsetDateTime since);

}
