package com.convonite.conversation;

import com.convonite.shared.Ids;
import com.convonite.task.FollowUpTasks;
import com.convonite.workspace.SignedInMember;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The follow-up tasks panel of a conversation page (loaded by htmx). Mapped here rather than in the task
 * module because only this module can tell an unknown conversation (404) from one without tasks.
 */
@Controller
class ConversationTasksPanelController {

	private final Conversations conversations;

	private final FollowUpTasks tasks;

	ConversationTasksPanelController(Conversations conversations, FollowUpTasks tasks) {
		this.conversations = conversations;
		this.tasks = tasks;
	}

	@GetMapping("/conversations/{id}/tasks-panel")
	String panel(SignedInMember me, @PathVariable String id, Model model) {
		long conversationId = Ids.pathId(id, "conversation");
		this.conversations.get(me.workspaceId(), conversationId);
		model.addAttribute("tasks", this.tasks.ofConversation(me.workspaceId(), conversationId));
		model.addAttribute("back", "/conversations/" + conversationId);
		return "task/panel :: panel";
	}

}
