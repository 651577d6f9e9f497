package com.convonite.chat;

/** IN from the customer, OUT from the team. */
public enum MessageDirection {

	IN, OUT

}
