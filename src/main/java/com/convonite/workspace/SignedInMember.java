package com.convonite.workspace;

import com.convonite.shared.ProblemException;

/**
 * The member on whose behalf a request runs. Every module takes its workspace id from here, never from
 * the request body. Controllers receive it as a parameter.
 */
public record SignedInMember(long workspaceId, long memberId, Role role, String name) {

	public boolean isAdmin() {
		return this.role == Role.ADMIN;
	}

	public void requireAdmin(String action) {
		if (!isAdmin()) {
			throw ProblemException.forbidden("Only an admin can " + action + ".");
		}
	}

}
