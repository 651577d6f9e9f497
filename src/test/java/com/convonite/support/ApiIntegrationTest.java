package com.convonite.support;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.convonite.workspace.ApiTokens;
import com.convonite.workspace.Members;
import com.convonite.workspace.Role;
import com.convonite.workspace.SignedInMember;
import com.convonite.workspace.Workspaces;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * Base of the API integration tests: the whole application on a random port against a real PostgreSQL.
 * Each test makes its own workspaces, so tests never see each other's data and need no clean-up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestCallerScope.class)
public abstract class ApiIntegrationTest {

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	public static final String PASSWORD = "correct horse battery";

	@LocalServerPort
	protected int port;

	@Autowired
	private org.springframework.core.env.Environment environment;

	@Autowired(required = false)
	private io.zonky.test.db.postgres.embedded.EmbeddedPostgres embeddedPostgres;

	/**
	 * SQL as the database's owner, past row-level security, for tests that arrange or check stored rows
	 * directly. The product's own connections never work this way.
	 */
	protected org.springframework.jdbc.core.simple.JdbcClient databaseOwner() {
		javax.sql.DataSource owner = (this.embeddedPostgres != null) ? this.embeddedPostgres.getPostgresDatabase()
				: new org.springframework.jdbc.datasource.DriverManagerDataSource(
						this.environment.getRequiredProperty("spring.datasource.url"),
						this.environment.getProperty("spring.datasource.username", "postgres"),
						this.environment.getProperty("spring.datasource.password", ""));
		return org.springframework.jdbc.core.simple.JdbcClient.create(owner);
	}

	@Autowired
	protected Workspaces workspaces;

	@Autowired
	protected Members members;

	@Autowired
	protected ApiTokens tokens;

	@BeforeEach
	void callFacadesInTheirWorkspace() {
		TestCallerScope.begin();
	}

	@AfterEach
	void endTestCallerScope() {
		TestCallerScope.end();
	}

	/** A new workspace; its admin signed in with an API token (and a known email for the browser). */
	protected TestWorkspace newWorkspace() {
		String suffix = UUID.randomUUID().toString().substring(0, 8) + SEQUENCE.incrementAndGet();
		var created = this.workspaces.create(new Workspaces.NewWorkspace("Shop " + suffix, "Ada Admin",
				"admin-" + suffix + "@example.com", PASSWORD, null));
		long workspaceId = Long.parseLong(created.workspace().id());
		long adminId = Long.parseLong(created.admin().id());
		SignedInMember admin = new SignedInMember(workspaceId, adminId, Role.ADMIN, "Ada Admin");
		return new TestWorkspace(workspaceId, admin, signIn(admin).withEmail(created.admin().email()),
				created.admin().email());
	}

	protected Api signIn(SignedInMember member) {
		String token = com.convonite.shared.WorkspaceScope.call(member.workspaceId(),
				() -> this.tokens.create(member, "test").token());
		return Api.bearer(this.port, token, Long.toString(member.memberId()));
	}

	/** Adds a member with the given role to the workspace and signs them in. */
	protected Api member(TestWorkspace workspace, Role role, String name) {
		String email = name.toLowerCase().replace(' ', '.') + "-" + UUID.randomUUID().toString().substring(0, 8)
				+ "@example.com";
		var member = com.convonite.shared.WorkspaceScope.call(workspace.id(), () -> this.members.add(
				workspace.adminMember(), new Members.NewMember(name, email, PASSWORD, role)));
		return signIn(new SignedInMember(workspace.id(), Long.parseLong(member.id()), role, name)).withEmail(email);
	}

	protected Api agent(TestWorkspace workspace) {
		return member(workspace, Role.AGENT, "Andy Agent");
	}

	protected Api anonymous() {
		return Api.anonymous(this.port);
	}

	protected static Map<String, Object> body(Object... keysAndValues) {
		Map<String, Object> map = new java.util.LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	public record TestWorkspace(long id, SignedInMember adminMember, Api admin, String adminEmail) {
	}

}
