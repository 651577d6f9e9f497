package com.convonite.chat;

/** Whether a chat is open (being worked on) or closed. */
public enum ChatStatus {

	OPEN, CLOSED

}
