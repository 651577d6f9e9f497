package com.convonite;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

import com.convonite.shared.WorkspaceScope;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.Inbound;
import com.convonite.workspace.Role;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Row-level security as a second wall behind the workspace filter in every statement: SQL written without
 * {@code workspace_id = :workspaceId} still sees only the rows of the scope's workspace, and nothing without
 * a scope; the product's database role can neither switch the policies off nor write into another workspace.
 */
class RowLevelSecurityIntegrationTests extends ApiIntegrationTest {

	/** The tables that the set-up below fills for each workspace. */
	private static final List<String> FILLED = List.of("workspace_settings", "member", "api_token", "contact", "chat",
			"message", "purpose", "conversation", "conversation_history", "task", "idempotency_key", "notification");

	private static final OffsetDateTime T0 = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).truncatedTo(ChronoUnit.SECONDS);

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JdbcTemplate jdbcTemplate;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	Flyway flyway;

	TestWorkspace a;

	TestWorkspace b;

	@BeforeEach
	void twoWorkspacesWithData() {
		this.a = filledWorkspace();
		this.b = filledWorkspace();
	}

	private TestWorkspace filledWorkspace() {
		TestWorkspace workspace = newWorkspace();
		var agent = member(workspace, Role.AGENT, "Andy Agent");
		var delivered = Inbound.deliver(workspace.admin(), Inbound.phone(), "Carla Customer", "Where is my order?", T0);
		String purposeId = workspace.admin().get("/purposes").json().get(0).path("id").asString();
		var logged = workspace.admin()
			.with("Idempotency-Key", "rls-" + workspace.id())
			.post("/conversations", body("chatId", delivered.chatId(), "subject", "Order status", "purposeId", purposeId,
					"followUpTask", body("title", "Check the courier", "assigneeId", agent.memberId)));
		assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
		eventually(() -> count(workspace.id(), "notification") > 0);
		return workspace;
	}

	@Test
	void aQueryWithoutTheWorkspaceFilterSeesOnlyTheRowsOfItsScope() {
		for (TestWorkspace workspace : List.of(this.a, this.b)) {
			for (String table : FILLED) {
				assertThat(WorkspaceScope.call(workspace.id(),
						() -> this.jdbc.sql("select distinct workspace_id from " + table).query(Long.class).list()))
					.as(table)
					.containsExactly(workspace.id());
			}
			assertThat(WorkspaceScope.call(workspace.id(),
					() -> this.jdbc.sql("select id from workspace").query(Long.class).list()))
				.containsExactly(workspace.id());
			for (String table : workspaceTables()) {
				assertThat(WorkspaceScope.call(workspace.id(),
						() -> this.jdbc.sql("select distinct workspace_id from " + table).query(Long.class).list()))
					.as(table)
					.allMatch((id) -> id == workspace.id());
			}
		}
	}

	@Test
	void withoutAScopeNoWorkspaceRowIsVisible() {
		assertThat(WorkspaceScope.isActive()).isFalse();
		for (String table : workspaceTables()) {
			assertThat(this.jdbc.sql("select count(*) from " + table).query(Long.class).single()).as(table).isZero();
		}
		assertThat(this.jdbc.sql("select count(*) from workspace").query(Long.class).single()).isZero();
	}

	@Test
	void everyWorkspaceTableIsUnderRowLevelSecurity() {
		List<String> unprotected = this.jdbc.sql("""
				select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
				where n.nspname = current_schema() and c.relkind in ('r', 'p')
				  and (c.relname = 'workspace' or exists (select from pg_attribute a
				       where a.attrelid = c.oid and a.attname = 'workspace_id' and not a.attisdropped))
				  and not (c.relrowsecurity and c.relforcerowsecurity and exists (select from pg_policy p
				       where p.polrelid = c.oid and p.polname = 'workspace_isolation'))
				""").query(String.class).list();
		assertThat(unprotected).as("workspace tables without call isolate_workspace_table(...) in a migration")
			.isEmpty();
		assertThat(workspaceTables()).containsAll(FILLED);
	}

	@Test
	void theProductsRoleOwnsNothingAndCannotSwitchThePoliciesOff() {
		var role = WorkspaceScope.call(this.a.id(), () -> this.jdbc.sql("""
				select current_user as name, rolsuper, rolbypassrls,
				       (select count(*) from pg_class where relowner = r.oid) as owned
				from pg_roles r where rolname = current_user
				""").query().singleRow());
		assertThat(role).containsEntry("name", "convonite_app")
			.containsEntry("rolsuper", false)
			.containsEntry("rolbypassrls", false)
			.containsEntry("owned", 0L);
		assertThat(refused(this.a.id(), "set local row_security = off", "select count(*) from conversation"))
			.contains("row-level security");
		assertThat(refused(this.a.id(), "alter table conversation disable row level security"))
			.contains("must be owner");
		assertThat(refused(this.a.id(), "alter table conversation no force row level security"))
			.contains("must be owner");
		assertThat(refused(this.a.id(), "drop policy workspace_isolation on conversation")).contains("must be owner");
	}

	@Test
	void rowsCannotBeWrittenIntoOrChangedInAnotherWorkspace() {
		assertThat(refused(this.a.id(), "insert into contact (workspace_id, name, phone) values (" + this.b.id()
				+ ", 'Mallory', '+12015550000')"))
			.contains("new row violates row-level security policy");
		assertThat(refused(this.a.id(), "update contact set workspace_id = " + this.b.id()))
			.contains("new row violates row-level security policy");
		assertThat(WorkspaceScope.call(this.a.id(),
				() -> this.jdbc.sql("update conversation set subject = 'Mine now'").update()))
			.isEqualTo(1);
		assertThat(WorkspaceScope.call(this.a.id(), () -> this.jdbc.sql("delete from task").update())).isEqualTo(1);
		assertThat(count(this.b.id(), "task")).isEqualTo(1);
		assertThat(WorkspaceScope.call(this.b.id(),
				() -> this.jdbc.sql("select subject from conversation").query(String.class).single()))
			.isEqualTo("Order status");
	}

	@Test
	void theSystemScopeSeesOnlyWhatTheCrossWorkspaceLookupsNeed() {
		assertThat(WorkspaceScope.callAsSystem("test", () -> this.jdbc
			.sql("select distinct workspace_id from member where workspace_id in (:a, :b)")
			.param("a", this.a.id())
			.param("b", this.b.id())
			.query(Long.class)
			.list())).containsExactlyInAnyOrder(this.a.id(), this.b.id());
		for (String sql : List.of("select count(*) from conversation", "select count(*) from contact",
				"select title from task", "select name from workspace", "delete from member")) {
			assertThatThrownBy(() -> WorkspaceScope.runAsSystem("test", () -> this.jdbc.sql(sql).query().listOfRows()))
				.as(sql)
				.hasRootCauseMessage("ERROR: permission denied for table " + sql.replaceAll(".* from (\\w+).*", "$1"));
		}
	}

	@Test
	void aPooledConnectionFollowsTheScopeOfWhoeverTakesIt() {
		for (int i = 0; i < 20; i++) {
			long workspace = (i % 2 == 0) ? this.a.id() : this.b.id();
			assertThat(WorkspaceScope.call(workspace,
					() -> this.jdbc.sql("select workspace_id from contact").query(Long.class).list()))
				.containsExactly(workspace);
			assertThat(this.jdbc.sql("select count(*) from contact").query(Long.class).single()).isZero();
		}
		// Inside a transaction a scope applies to the transaction's connection, and ends with the scope.
		List<List<Long>> seen = WorkspaceScope.call(this.a.id(), () -> this.transactions.execute((tx) -> {
			List<Long> before = this.jdbc.sql("select workspace_id from contact").query(Long.class).list();
			List<Long> inner = WorkspaceScope.call(this.b.id(),
					() -> this.jdbc.sql("select workspace_id from contact").query(Long.class).list());
			List<Long> after = this.jdbc.sql("select workspace_id from contact").query(Long.class).list();
			return List.of(before, inner, after);
		}));
		assertThat(seen).containsExactly(List.of(this.a.id()), List.of(this.b.id()), List.of(this.a.id()));
	}

	@Test
	void thePolicyIsAnIndexConditionOnTheWorkspaceIndexes() {
		String plan = inTransaction(this.a.id(), () -> {
			this.jdbcTemplate.execute("set local enable_seqscan = off");
			return String.join("\n", this.jdbc
				.sql("explain select id from conversation order by start_time desc, id desc limit 50")
				.query(String.class)
				.list());
		});
		// Without a filter of its own the query still finds its rows through a workspace_id-leading index.
		assertThat(plan).containsPattern("Index Cond: \\(workspace_id = (\\$0|\\(InitPlan 1\\)\\.col1)\\)");
	}

	@Test
	void theEventRegistryAndTheMigrationHistoryStayUsable() {
		// Completed publications are moved to the archive (completion-mode=archive): the outbox keeps only what
		// is in flight.
		assertThat(this.jdbc.sql("select count(*) from event_publication_archive where completion_date is not null")
			.query(Long.class)
			.single()).isPositive();
		assertThat(this.jdbc.sql("select count(*) from event_publication where completion_date is not null")
			.query(Long.class)
			.single()).isZero();
		assertThat(this.flyway.info().current().getVersion().getVersion()).isNotEmpty();
		this.flyway.validate();
	}

	private List<String> workspaceTables() {
		return this.jdbc.sql("""
				select table_name from information_schema.columns
				where table_schema = current_schema() and column_name = 'workspace_id' order by table_name
				""").query(String.class).list();
	}

	private long count(long workspaceId, String table) {
		return WorkspaceScope.call(workspaceId,
				() -> this.jdbc.sql("select count(*) from " + table).query(Long.class).single());
	}

	/** Runs the statements in one transaction in the workspace's scope; returns why the database refused. */
	private String refused(long workspaceId, String... statements) {
		Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> inTransaction(workspaceId, () -> {
			for (String statement : statements) {
				this.jdbcTemplate.execute(statement);
			}
			return null;
		}));
		assertThat(thrown).as(String.join("; ", statements)).isNotNull();
		return NestedExceptionUtils.getMostSpecificCause(thrown).getMessage();
	}

	private <T> T inTransaction(long workspaceId, Supplier<T> work) {
		return WorkspaceScope.call(workspaceId, () -> this.transactions.execute((tx) -> {
			T result = work.get();
			tx.setRollbackOnly();
			return result;
		}));
	}

	private static void eventually(java.util.function.BooleanSupplier condition) {
		long deadline = System.currentTimeMillis() + 10_000;
		while (!condition.getAsBoolean()) {
			if (System.currentTimeMillis() > deadline) {
				throw new AssertionError("condition not met within 10 s");
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

}
