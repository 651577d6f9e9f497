package com.convonite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.convonite.support.ApiIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every key of a workspace table leads with {@code workspace_id} (docs/scaling.md, "Moving to Citus"): its
 * primary key, its unique constraints and unique indexes, and its foreign keys. Citus can then distribute every
 * table by {@code workspace_id}, and no row can point into another workspace. A table without
 * {@code workspace_id} must be one of the global tables named here (reference or local tables under Citus).
 */
class WorkspaceKeysIntegrationTests extends ApiIntegrationTest {

	/** Tables without a workspace: Citus reference tables (workspace) or local tables of the coordinator. */
	static final Set<String> GLOBAL_TABLES = Set.of("workspace", "event_publication", "event_publication_archive",
			"spring_session", "spring_session_attributes", "sign_in_failure", "shedlock", "flyway_schema_history");

	/**
	 * Unique indexes (and their constraints) that stay global on purpose, each to move to a small reference table under Citus: an
	 * email signs in across workspaces; a WhatsApp webhook names its channel, not its workspace.
	 */
	static final Set<String> GLOBAL_UNIQUE_INDEXES = Set.of("member_email_uk", "member_email_key_uk",
			"whatsapp_channel_channel_key_key");

	@Test
	void everyKeyOfAWorkspaceTableLeadsWithWorkspaceId() {
		var db = databaseOwner();
		List<String> tables = db.sql("""
				select table_name from information_schema.tables
				where table_schema = 'public' and table_type = 'BASE TABLE' order by 1
				""").query(String.class).list();
		Set<String> workspaceTables = Set.copyOf(db.sql("""
				select table_name from information_schema.columns
				where table_schema = 'public' and column_name = 'workspace_id'
				""").query(String.class).list());
		assertThat(tables).contains("conversation", "chat", "member", "workspace");
		List<String> broken = new ArrayList<>();
		for (String table : tables) {
			if (!workspaceTables.contains(table) && !GLOBAL_TABLES.contains(table)) {
				broken.add(table + ": no workspace_id, and not named a global table");
			}
		}
		// Primary keys, unique constraints and foreign keys, with their columns in key order.
		List<Map<String, Object>> keys = db.sql("""
				select tc.table_name, tc.constraint_name, tc.constraint_type,
				       string_agg(k.column_name, ',' order by k.ordinal_position) as columns
				from information_schema.table_constraints tc
				join information_schema.key_column_usage k on k.constraint_schema = tc.constraint_schema
				  and k.constraint_name = tc.constraint_name and k.table_name = tc.table_name
				where tc.table_schema = 'public' and tc.constraint_type in ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')
				group by 1, 2, 3
				""").query().listOfRows();
		for (String table : workspaceTables) {
			if (keys.stream().noneMatch((k) -> k.get("table_name").equals(table)
					&& k.get("constraint_type").equals("PRIMARY KEY"))) {
				broken.add(table + ": no primary key");
			}
		}
		for (Map<String, Object> key : keys) {
			String table = (String) key.get("table_name");
			String columns = (String) key.get("columns");
			if (workspaceTables.contains(table) && !columns.startsWith("workspace_id")
					&& !GLOBAL_UNIQUE_INDEXES.contains((String) key.get("constraint_name"))) {
				broken.add(table + ": " + key.get("constraint_type") + " " + key.get("constraint_name") + " (" + columns
						+ ") does not lead with workspace_id");
			}
		}
		// Unique indexes that are no constraint (expressions, partial indexes) count too.
		List<Map<String, Object>> uniqueIndexes = db.sql("""
				select t.relname as table_name, i.relname as index_name,
				       coalesce(a.attname, '(expression)') as first_column
				from pg_index x
				join pg_class i on i.oid = x.indexrelid
				join pg_class t on t.oid = x.indrelid
				join pg_namespace n on n.oid = t.relnamespace
				left join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
				where n.nspname = 'public' and x.indisunique
				""").query().listOfRows();
		for (Map<String, Object> index : uniqueIndexes) {
			String table = (String) index.get("table_name");
			String name = (String) index.get("index_name");
			if (workspaceTables.contains(table) && !"workspace_id".equals(index.get("first_column"))
					&& !GLOBAL_UNIQUE_INDEXES.contains(name)) {
				broken.add(table + ": unique index " + name + " does not lead with workspace_id");
			}
		}
		assertThat(broken).as("keys of workspace tables that do not lead with workspace_id (docs/scaling.md)")
			.isEmpty();
	}

	@Test
	void aForeignKeyCannotPointIntoAnotherWorkspace() {
		var mine = newWorkspace();
		var other = newWorkspace();
		var db = databaseOwner();
		long otherAdmin = other.adminMember().memberId();
		// As the owner, past row-level security: only the composite key stands in the way.
		var refused = org.assertj.core.api.Assertions.catchThrowable(() -> db.sql("""
				insert into notification (workspace_id, member_id, kind, text, link)
				values (?, ?, 'TASK_DUE', 'x', '/tasks')
				""").params(mine.id(), otherAdmin).update());
		assertThat(refused).as("a notification of one workspace for another workspace's member")
			.hasMessageContaining("foreign key");
	}

}
