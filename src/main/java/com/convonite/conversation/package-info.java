/**
 * Conversations, the heart of the product: topic-based journal entries logged against a chat and its
 * contact, with purposes, history, search, CSV export, the chat closure requirement and follow-up tasks.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Conversations")
package com.convonite.conversation;
