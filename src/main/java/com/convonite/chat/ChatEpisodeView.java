package com.convonite.chat;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One time a chat was open: from its creation or reopening to its close (none while it is open). Its agent is the
 * chat's assignee when it was closed (who closed it), or while it is open, the chat's assignee now.
 */
@Schema(description = "One time a chat was open, from its creation or reopening (by a member, or by the customer's "
		+ "message in a closed chat) to its close. Its agent is the assignee when it was closed, or while it is open the "
		+ "chat's assignee now; none when the chat had no assignee.")
public record ChatEpisodeView(String id, String chatId, String contactId, String contactName, String channel,
		@Schema(nullable = true) String agentId, @Schema(nullable = true) String agentName, OffsetDateTime openedAt,
		@Schema(nullable = true, description = "When it was closed; null while the chat is open") OffsetDateTime closedAt,
		@Schema(nullable = true, description = "The customer's first message after it was opened") OffsetDateTime firstInboundAt,
		@Schema(nullable = true, description = "The first reply by a member after that message") OffsetDateTime firstReplyAt,
		@Schema(nullable = true) String firstReplyById,
		@Schema(nullable = true, description = "firstReplyAt - firstInboundAt in whole seconds") Long firstResponseSeconds,
		@Schema(nullable = true, description = "closedAt - openedAt in whole seconds") Long resolutionSeconds,
		int messagesIn, int messagesOut,
		@Schema(description = "A conversation was logged on the chat since it was opened (up to its close)")
		boolean conversationLogged) {
}
