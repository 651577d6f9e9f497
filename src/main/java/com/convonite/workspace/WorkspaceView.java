package com.convonite.workspace;

import java.time.OffsetDateTime;

public record WorkspaceView(String id, String name, OffsetDateTime createdAt) {
}
