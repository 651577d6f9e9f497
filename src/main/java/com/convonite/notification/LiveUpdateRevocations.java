package com.convonite.notification;

import com.convonite.workspace.MemberAccessChanged;
import com.convonite.workspace.MemberSignedOut;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Closes live-update streams whose member lost or changed rights, or whose session signed out, once the change
 * is committed: a deactivated member or a signed-out session receives nothing more, and a demoted member's page
 * reconnects with the new role.
 */
@Component
class LiveUpdateRevocations {

	private final LiveUpdates live;

	LiveUpdateRevocations(LiveUpdates live) {
		this.live = live;
	}

	@EventListener
	void memberChanged(MemberAccessChanged changed) {
		if (changed.change().closesStreams()) {
			this.live.afterCommit(
					() -> this.live.closeMember(changed.workspaceId(), changed.memberId(), changed.keptSessionId()));
		}
	}

	@EventListener
	void signedOut(MemberSignedOut signedOut) {
		this.live.afterCommit(() -> this.live.closeSession(signedOut.sessionId()));
	}

}
