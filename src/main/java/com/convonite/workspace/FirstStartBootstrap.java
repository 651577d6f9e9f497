package com.convonite.workspace;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * On an empty database, creates the workspace and its first admin from {@code CONVONITE_ADMIN_EMAIL},
 * {@code CONVONITE_ADMIN_PASSWORD} and optionally {@code CONVONITE_WORKSPACE_NAME} and
 * {@code CONVONITE_ADMIN_NAME}, so that automation needs no set-up page. Does nothing once any workspace exists.
 */
@Component
class FirstStartBootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(FirstStartBootstrap.class);

	private final Workspaces workspaces;

	private final String email;

	private final String password;

	private final String workspaceName;

	private final String adminName;

	FirstStartBootstrap(Workspaces workspaces, @Value("${CONVONITE_ADMIN_EMAIL:}") String email,
			@Value("${CONVONITE_ADMIN_PASSWORD:}") String password,
			@Value("${CONVONITE_WORKSPACE_NAME:My workspace}") String workspaceName,
			@Value("${CONVONITE_ADMIN_NAME:Admin}") String adminName) {
		this.workspaces = workspaces;
		this.email = email;
		this.password = password;
		this.workspaceName = workspaceName;
		this.adminName = adminName;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.email.isBlank() || this.password.isBlank() || this.workspaces.anyExists()) {
			return;
		}
		this.workspaces.create(new Workspaces.NewWorkspace(this.workspaceName, this.adminName, this.email,
				this.password, null));
		log.info("Created workspace '{}' with admin {} from the CONVONITE_* environment variables",
				this.workspaceName, this.email);
	}

}
