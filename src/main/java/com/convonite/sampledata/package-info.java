/**
 * Realistic sample data for a new workspace, asked for on the set-up page: members, contacts, chats with
 * message threads in both directions, conversations over every purpose and status, and tasks.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Sample data")
package com.convonite.sampledata;
