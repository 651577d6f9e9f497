/**
 * Follow-up tasks created with conversations: assignment, due dates, completion, the task lists.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Tasks")
package com.convonite.task;
