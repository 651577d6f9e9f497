package com.convonite.workspace;

/**
 * A member's rights or credentials changed: what this instance holds in memory for the member must be dropped
 * at once (verified API tokens, open live-update streams). Published synchronously, inside the transaction
 * that makes the change; listeners that act on something other than memory wait for the commit.
 * <p>
 * This is the one hook for stream eviction; its listener sends a signal ({@code pg_notify}, delivered when the
 * transaction commits) on which every instance closes the member's streams. Web sessions and API tokens need
 * no such signal: they are in PostgreSQL, read on every request.
 *
 * @param keptSessionId the web session whose streams stay open (the one that changed its own password), or null
 */
public record MemberAccessChanged(long workspaceId, long memberId, Change change, String keptSessionId) {

	public enum Change {

		/** Signed out everywhere: no session, token or stream of theirs works any more. */
		DEACTIVATED,

		/** Promoted or demoted: from now on every request has the new role. */
		ROLE_CHANGED,

		/** Their other sessions and their API tokens are ended. */
		PASSWORD_CHANGED,

		/** Name or email: nothing held in memory depends on them (tokens and sessions read the member on every request). */
		DETAILS_CHANGED;

		/** Whether open live-update streams must close (and reconnect with the member's current rights, if any). */
		public boolean closesStreams() {
			return this != DETAILS_CHANGED;
		}

	}

}
