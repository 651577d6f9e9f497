package com.convonite.chat;

import java.time.OffsetDateTime;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * For the chat module's own tests: answers the closure requirement straight from the conversation table,
 * standing in for the conversation module's implementation (primary, so it wins once that one exists too).
 */
@TestConfiguration(proxyBeanMethods = false)
public class ConversationTableClosureCheck {

	@Bean
	@Primary
	ChatClosureCheck conversationTableClosureCheck(JdbcClient jdbc) {
		return (long workspaceId, long chatId, OffsetDateTime since) -> jdbc.sql("""
				select exists (select 1 from conversation
				               where workspace_id = :workspaceId and chat_id = :chatId and created_at >= :since)
				""")
			.param("workspaceId", workspaceId)
			.param("chatId", chatId)
			.param("since", since)
			.query(Boolean.class)
			.single();
	}

}
