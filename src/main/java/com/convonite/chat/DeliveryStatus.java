package com.convonite.chat;

/** How far an outgoing message got. */
public enum DeliveryStatus {

	PENDING, SENT, DELIVERED, READ, FAILED

}
