package com.convonite.workspace;

/**
 * A web session signed out (its row in PostgreSQL is deleted with it): its live-update streams close. Like
 * {@link MemberAccessChanged}, published synchronously on the instance that signed out; a relay between
 * instances forwards it and publishes it again elsewhere with {@code relayed} true.
 */
public record MemberSignedOut(long workspaceId, long memberId, String sessionId, boolean relayed) {

	public MemberSignedOut(long workspaceId, long memberId, String sessionId) {
		this(workspaceId, memberId, sessionId, false);
	}

}
