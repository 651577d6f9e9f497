package com.convonite.task;

/** OPEN until someone completes it; DONE after. */
public enum TaskStatus {

	OPEN, DONE

}
