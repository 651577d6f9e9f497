package com.convonite.workspace;

/**
 * A web session signed out (its row in PostgreSQL is deleted with it): its live-update streams close. Like
 * {@link MemberAccessChanged}, published synchronously on the instance that signed out; its listener signals
 * every instance.
 */
public record MemberSignedOut(long workspaceId, long memberId, String sessionId) {

}
