package com.convonite.notification;

/** What a notification is about. */
public enum NotificationKind {

	MESSAGE, TASK_ASSIGNED, TASK_DUE, CHAT_ASSIGNED, TASK_COMPLETED

}
