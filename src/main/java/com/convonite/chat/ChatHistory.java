package com.convonite.chat;

import java.time.OffsetDateTime;

import com.convonite.shared.Validation;
import com.convonite.workspace.SignedInMember;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Replies that were sent outside Convonite at an earlier time (an imported history, the sample data): they
 * are recorded as delivered outgoing messages at their own time, without the sending rules, which are about
 * sending now.
 */
@Service
public class ChatHistory {

	private final JdbcClient jdbc;

	private final ChatStates states;

	ChatHistory(JdbcClient jdbc, ChatStates states) {
		this.jdbc = jdbc;
		this.states = states;
	}

	@Transactional
	public long recordReply(SignedInMember author, long chatId, String text, OffsetDateTime sentAt) {
		long workspaceId = author.workspaceId();
		Validation validation = new Validation();
		String body = validation.text("body", text, true, 10_000);
		validation.throwIfInvalid();
		this.states.lock(workspaceId, chatId);
		long id = this.jdbc.sql("""
				insert into message (workspace_id, chat_id, direction, type, body, sent_at, author_id, delivery_status)
				values (:workspaceId, :chatId, 'OUT', 'TEXT', :body, :sentAt, :authorId, 'DELIVERED')
				returning id
				""")
			.param("workspaceId", workspaceId)
			.param("chatId", chatId)
			.param("body", body)
			.param("sentAt", sentAt)
			.param("authorId", author.memberId())
			.query(Long.class)
			.single();
		this.jdbc.sql("""
				update chat set last_message_at = greatest(last_message_at, :sentAt)
				where workspace_id = :workspaceId and id = :chatId
				""").param("sentAt", sentAt).param("workspaceId", workspaceId).param("chatId", chatId).update();
		return id;
	}

}
