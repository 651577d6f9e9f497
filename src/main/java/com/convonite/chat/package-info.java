/**
 * Chats and their messages: inbound delivery, the five views, assignment, closing and reopening, sending.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Chats")
package com.convonite.chat;
