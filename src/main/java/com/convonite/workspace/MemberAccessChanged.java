package com.convonite.workspace;

/**
 * A member's rights or credentials changed: what this instance holds in memory for the member must be dropped
 * at once (verified API tokens, open live-update streams). Published synchronously, inside the transaction
 * that makes the change; listeners that act on something other than memory wait for the commit.
 * <p>
 * This is the one hook for cache and stream eviction: a relay between instances forwards it, and on the other
 * instances publishes it again with {@code relayed} true, so that the same listeners evict there (and the
 * relay does not forward it again). Web sessions need no relay: they are in PostgreSQL, read on every request.
 *
 * @param keptSessionId the web session whose streams stay open (the one that changed its own password), or null
 */
public record MemberAccessChanged(long workspaceId, long memberId, Change change, String keptSessionId,
		boolean relayed) {

	public enum Change {

		/** Signed out everywhere: no session, token or stream of theirs works any more. */
		DEACTIVATED,

		/** Promoted or demoted: from now on every request has the new role. */
		ROLE_CHANGED,

		/** Their other sessions and their API tokens are ended. */
		PASSWORD_CHANGED,

		/** Name or email: tokens verified with the old ones are verified again. */
		DETAILS_CHANGED;

		/** Whether open live-update streams must close (and reconnect with the member's current rights, if any). */
		public boolean closesStreams() {
			return this != DETAILS_CHANGED;
		}

	}

	public MemberAccessChanged(long workspaceId, long memberId, Change change, String keptSessionId) {
		this(workspaceId, memberId, change, keptSessionId, false);
	}

}
