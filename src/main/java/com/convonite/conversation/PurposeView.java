package com.convonite.conversation;

/** Why a conversation happened (Enquiry, Issue, Feedback, or the workspace's own). */
public record PurposeView(String id, String name, int position, boolean archived, int version) {
}
