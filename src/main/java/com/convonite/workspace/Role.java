package com.convonite.workspace;

/** What a member may do: admins manage the workspace; agents work in it. */
public enum Role {

	ADMIN, AGENT

}
