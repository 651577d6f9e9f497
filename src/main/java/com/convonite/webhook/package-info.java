/**
 * Signed outgoing webhooks: endpoints that admins register, and the delivery of what happens to
 * conversations, tasks, chats and messages to them, from the transactional outbox, with retries and a log.
 * Listens to the chat, task and conversation modules; nothing depends on it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Webhooks")
package com.convonite.webhook;
