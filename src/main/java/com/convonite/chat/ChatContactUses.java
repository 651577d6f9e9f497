package com.convonite.chat;

import com.convonite.contact.ContactUses;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A contact's chats hold its messages and conversations: a contact with chats cannot be deleted. */
@Component
class ChatContactUses extends ContactUses.Counted {

	ChatContactUses(JdbcClient jdbc) {
		super(jdbc, "select count(*) from chat where workspace_id = :workspaceId and contact_id = :contactId",
				"contact.uses.chats");
	}

}
