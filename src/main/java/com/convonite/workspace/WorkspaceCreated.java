package com.convonite.workspace;

/** A workspace was created, with its first admin. Other modules set up their defaults in the same transaction. */
public record WorkspaceCreated(long workspaceId, long adminId) {
}
