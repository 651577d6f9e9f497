package com.convonite.workspace;

/**
 * A workspace was created, with its first admin. Other modules set up their defaults in the same transaction;
 * {@code sampleDataRequested} asks for realistic sample data once the workspace is committed.
 */
public record WorkspaceCreated(long workspaceId, long adminId, boolean sampleDataRequested) {
}
