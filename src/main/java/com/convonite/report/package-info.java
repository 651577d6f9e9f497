/**
 * Reports: conversations by purpose, owner and status over time, and their outcomes, read from the rollups that the
 * database keeps in the transaction of every conversation change (migrations V110, V195), so that a report over all
 * history reads a few thousand rollup rows instead of the conversation table.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Reports")
package com.convonite.report;
