package com.convonite.task;

import java.util.List;

import com.convonite.shared.FieldProblem;
import com.convonite.workspace.SignedInMember;

import org.springframework.stereotype.Service;

/** Follow-up tasks. (Skeleton: the task work fills this in.) */
@Service
public class FollowUpTasks {

	/**
	 * What is wrong with the task, each problem's field prefixed with the given prefix (such as
	 * "followUpTask."), so that a caller can report them together with its own fields.
	 */
	public List<FieldProblem> problems(long workspaceId, NewFollowUpTask task, String fieldPrefix) {
		throw new UnsupportedOperationException();
	}

	/** Creates the task, in the caller's transaction; throws a validation problem when it is not valid. */
	public FollowUpTaskView create(SignedInMember actor, NewFollowUpTask task) {
		throw new UnsupportedOperationException();
	}

}
