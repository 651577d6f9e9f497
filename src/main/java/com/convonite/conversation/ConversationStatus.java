package com.convonite.conversation;

/** OPEN while the topic is being worked on; CLOSED once it has ended. */
public enum ConversationStatus {

	OPEN, CLOSED

}
