package com.convonite.conversation;

import java.time.OffsetDateTime;

/**
 * The optional follow-up task of a save. Title defaults to "Follow up: " + subject, assignee to the member
 * saving.
 */
public record FollowUp(String title, Long assigneeId, OffsetDateTime dueAt, String notes) {
}
