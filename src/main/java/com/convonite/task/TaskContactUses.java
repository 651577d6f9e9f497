package com.convonite.task;

import com.convonite.contact.ContactUses;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Follow-up tasks name their contact: a contact with tasks cannot be deleted. */
@Component
class TaskContactUses implements ContactUses {

	private final JdbcClient jdbc;

	TaskContactUses(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public int count(long workspaceId, long contactId) {
		return this.jdbc.sql("select count(*) from task where workspace_id = :workspaceId and contact_id = :contactId")
			.param("workspaceId", workspaceId)
			.param("contactId", contactId)
			.query(Integer.class)
			.single();
	}

	@Override
	public String what() {
		return "contact.uses.tasks";
	}

}
