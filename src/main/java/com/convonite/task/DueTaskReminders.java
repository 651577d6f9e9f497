package com.convonite.task;

import java.util.List;

import com.convonite.shared.WorkspaceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Looks for open tasks that fell due, so that their assignees are told (through {@link TaskFellDue}). Each
 * workspace is handled in its own transaction, so one failing workspace does not hold up the others.
 */
@Component
class DueTaskReminders {

	private static final Logger log = LoggerFactory.getLogger(DueTaskReminders.class);

	private final JdbcTaskRepository tasks;

	private final FollowUpTasks followUpTasks;

	DueTaskReminders(JdbcTaskRepository tasks, FollowUpTasks followUpTasks) {
		this.tasks = tasks;
		this.followUpTasks = followUpTasks;
	}

	@Scheduled(fixedDelayString = "${convonite.tasks.due-check-interval:PT1M}", initialDelayString = "PT30S")
	void announceDueTasks() {
		List<Long> workspaces = WorkspaceScope.callAsSystem("find workspaces with tasks that fell due",
				this.tasks::workspacesWithUnnotifiedDueTasks);
		for (long workspaceId : workspaces) {
			try {
				WorkspaceScope.run(workspaceId, () -> this.followUpTasks.announceDueTasks(workspaceId));
			}
			catch (RuntimeException ex) {
				log.warn("Could not announce the due tasks of workspace {}: {}", workspaceId, ex.getMessage());
			}
		}
	}

}
