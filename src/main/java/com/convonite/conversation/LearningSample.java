package com.convonite.conversation;

/**
 * What a logged conversation teaches about purposes: its purpose and its words (the subject with the messages it
 * covers, or with its summary when it covers none), for the suggestions learned from a workspace's own history.
 */
public record LearningSample(long purposeId, String text) {
}
