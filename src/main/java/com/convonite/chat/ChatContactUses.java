package com.convonite.chat;

import com.convonite.contact.ContactUses;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A contact's chats hold its messages and conversations: a contact with chats cannot be deleted. */
@Component
class ChatContactUses implements ContactUses {

	private final JdbcClient jdbc;

	ChatContactUses(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public int count(long workspaceId, long contactId) {
		return this.jdbc.sql("select count(*) from chat where workspace_id = :workspaceId and contact_id = :contactId")
			.param("workspaceId", workspaceId)
			.param("contactId", contactId)
			.query(Integer.class)
			.single();
	}

	@Override
	public String what() {
		return "contact.uses.chats";
	}

}
