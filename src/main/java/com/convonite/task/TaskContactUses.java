package com.convonite.task;

import com.convonite.contact.ContactUses;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Follow-up tasks name their contact: a contact with tasks cannot be deleted. */
@Component
class TaskContactUses extends ContactUses.Counted {

	TaskContactUses(JdbcClient jdbc) {
		super(jdbc, "select count(*) from task where workspace_id = :workspaceId and contact_id = :contactId",
				"contact.uses.tasks");
	}

}
