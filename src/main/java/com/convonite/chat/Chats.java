package com.convonite.chat;

import java.util.Optional;

import com.convonite.workspace.SignedInMember;

import org.springframework.stereotype.Service;

/** The chats of a workspace. (Skeleton: the contact/chat work fills this in.) */
@Service
public class Chats {

	public Optional<ChatView> find(long workspaceId, long chatId) {
		throw new UnsupportedOperationException();
	}

	/** The chat, or a 404 problem. */
	public ChatView get(long workspaceId, long chatId) {
		throw new UnsupportedOperationException();
	}

	/** A message of this workspace by id, whatever its chat. */
	public Optional<MessageView> findMessage(long workspaceId, long messageId) {
		throw new UnsupportedOperationException();
	}

	/**
	 * Closes the chat: only its assignee may, and when the workspace requires it, only once a conversation
	 * was logged on it since it was last opened ({@link ChatClosureCheck}).
	 */
	public ChatView close(SignedInMember actor, long chatId) {
		throw new UnsupportedOperationException();
	}

}
