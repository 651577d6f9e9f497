/**
 * Assisted logging: suggestions when logging a conversation from a chat. A purpose classifier per workspace,
 * learned in the background from that workspace's own logged conversations, and a subject and summary draft
 * from the picked messages through a {@code SummaryProvider} (built in: extractive, on this server). Everything
 * here only suggests; nothing is applied without the user.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Assisted logging")
package com.convonite.assist;
