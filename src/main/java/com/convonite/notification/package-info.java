/**
 * In-app notifications (a new message in my chat, a task given to me, a task of mine falling due) and live
 * updates of open pages over server-sent events. Listens to the chat and task modules; nothing depends on it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Notifications")
package com.convonite.notification;
