package com.convonite.chat;

/** An outgoing message moved on: the channel took it, delivered it, the customer read it, or it failed. */
public record MessageDeliveryChanged(long workspaceId, long chatId, long messageId, DeliveryStatus status) {
}
