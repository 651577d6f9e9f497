package com.convonite.whatsapp;

/** A signed webhook delivery was stored; it is processed once the storing transaction committed. */
public record WhatsAppDeliveryReceived(long workspaceId, long deliveryId) {
}
