package com.convonite.webhook;

/** PENDING until an attempt gets a 2xx (DELIVERED) or the retries run out (FAILED). */
public enum WebhookDeliveryStatus {

	PENDING, DELIVERED, FAILED

}
