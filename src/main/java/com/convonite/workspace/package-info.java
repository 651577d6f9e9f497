/**
 * Workspaces, members and roles, sign-in (form, HTTP Basic, personal API tokens), workspace settings.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Workspace")
package com.convonite.workspace;
