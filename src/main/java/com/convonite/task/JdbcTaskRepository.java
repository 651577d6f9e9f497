package com.convonite.task;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.convonite.shared.ListQueries;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of the task module. Every statement is scoped to one workspace. */
@Repository
class JdbcTaskRepository {

	private final JdbcClient jdbc;

	private final ListQueries lists;

	JdbcTaskRepository(JdbcClient jdbc, ListQueries lists) {
		this.jdbc = jdbc;
		this.lists = lists;
	}

	record Insert(long workspaceId, Long conversationId, Long chatId, Long contactId, String title, String notes,
			long assigneeId, OffsetDateTime dueAt, long createdBy) {
	}

	/** Where a page of the task list starts: after this due time (null: among the undated) and id. */
	record After(Instant dueAt, long id) {
	}

	long insert(Insert task) {
		return this.jdbc.sql("""
				insert into task (workspace_id, conversation_id, chat_id, contact_id, title, notes, assignee_id,
				                  due_at, created_by)
				values (:workspaceId, :conversationId, :chatId, :contactId, :title, :notes, :assigneeId,
				        cast(:dueAt as timestamptz), :createdBy)
				returning id
				""")
			.param("workspaceId", task.workspaceId())
			.param("conversationId", task.conversationId(), java.sql.Types.BIGINT)
			.param("chatId", task.chatId(), java.sql.Types.BIGINT)
			.param("contactId", task.contactId(), java.sql.Types.BIGINT)
			.param("title", task.title())
			.param("notes", task.notes(), java.sql.Types.VARCHAR)
			.param("assigneeId", task.assigneeId())
			.param("dueAt", task.dueAt(), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
			.param("createdBy", task.createdBy())
			.query(Long.class)
			.single();
	}

	Optional<TaskRow> find(long workspaceId, long id) {
		return this.jdbc.sql("select " + TaskRow.COLUMNS + " from task where workspace_id = :workspaceId and id = :id")
			.param("workspaceId", workspaceId)
			.param("id", id)
			.query(TaskRow::map)
			.optional();
	}

	/** Soonest due first, undated last, then by id; {@code limit} rows after the given position. */
	List<TaskRow> list(long workspaceId, TaskFilter filter, After after, int limit) {
		StringBuilder sql = new StringBuilder("select " + TaskRow.COLUMNS + " from task");
		var statement = new java.util.LinkedHashMap<String, Object>();
		where(sql, statement, workspaceId, filter);
		if (after != null && after.dueAt() != null) {
			sql.append(" and (due_at > :afterDue or (due_at = :afterDue and id > :afterId) or due_at is null)");
			statement.put("afterDue", OffsetDateTime.ofInstant(after.dueAt(), ZoneOffset.UTC));
			statement.put("afterId", after.id());
		}
		else if (after != null) {
			sql.append(" and due_at is null and id > :afterId");
			statement.put("afterId", after.id());
		}
		sql.append(" order by due_at asc nulls last, id asc limit :limit");
		statement.put("limit", limit);
		return this.lists.sql(sql.toString()).params(statement).query(TaskRow::map).list();
	}

	/** How many tasks the filter finds. */
	long count(long workspaceId, TaskFilter filter) {
		StringBuilder sql = new StringBuilder("select count(*) from task");
		var statement = new java.util.LinkedHashMap<String, Object>();
		where(sql, statement, workspaceId, filter);
		return this.lists.sql(sql.toString()).params(statement).query(Long.class).single();
	}

	private static void where(StringBuilder sql, Map<String, Object> statement, long workspaceId, TaskFilter filter) {
		sql.append(" where workspace_id = :workspaceId");
		statement.put("workspaceId", workspaceId);
		if (filter.assigneeId() != null) {
			sql.append(" and assignee_id = :assigneeId");
			statement.put("assigneeId", filter.assigneeId());
		}
		if (filter.status() != null) {
			sql.append(" and status = :status");
			statement.put("status", filter.status().name());
		}
		if (filter.conversationId() != null) {
			sql.append(" and conversation_id = :conversationId");
			statement.put("conversationId", filter.conversationId());
		}
		if (filter.dueFrom() != null) {
			sql.append(" and due_at >= :dueFrom");
			statement.put("dueFrom", filter.dueFrom());
		}
		if (filter.dueTo() != null) {
			sql.append(" and due_at <= :dueTo");
			statement.put("dueTo", filter.dueTo());
		}
		if (filter.createdFrom() != null) {
			sql.append(" and created_at >= :createdFrom");
			statement.put("createdFrom", filter.createdFrom());
		}
		if (filter.createdTo() != null) {
			sql.append(" and created_at < :createdTo");
			statement.put("createdTo", filter.createdTo());
		}
		if (filter.contactId() != null) {
			sql.append(" and contact_id = :contactId");
			statement.put("contactId", filter.contactId());
		}
		if (filter.outcome() != null) {
			sql.append(" and ").append(filter.outcome().condition);
		}
	}

	/** The tasks linked to a contact or a conversation: open ones first, soonest due first. */
	List<TaskRow> linkedTo(long workspaceId, String column, long id) {
		if (!column.equals("contact_id") && !column.equals("conversation_id")) {
			throw new IllegalArgumentException(column);
		}
		return this.jdbc.sql("select " + TaskRow.COLUMNS + " from task where workspace_id = :workspaceId and "
				+ column + " = :id order by status = 'DONE', due_at asc nulls last, id asc limit 500")
			.param("workspaceId", workspaceId)
			.param("id", id)
			.query(TaskRow::map)
			.list();
	}

	/** The latest task made with each of the conversations (none for a conversation without one). */
	List<TaskRow> latestOfConversations(long workspaceId, java.util.Collection<Long> conversationIds) {
		if (conversationIds.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("select distinct on (conversation_id) " + TaskRow.COLUMNS + """
				 from task
				where workspace_id = :workspaceId and conversation_id = any(:ids)
				order by conversation_id, created_at desc, id desc
				""")
			.param("workspaceId", workspaceId)
			.param("ids", conversationIds.toArray(Long[]::new))
			.query(TaskRow::map)
			.list();
	}

	/** Saves an edit when the task is still at the given version; false when someone changed it meanwhile. */
	boolean update(long workspaceId, long id, int version, String title, String notes, long assigneeId,
			OffsetDateTime dueAt) {
		return this.jdbc.sql("""
				update task set title = :title, notes = :notes, assignee_id = :assigneeId,
				  due_at = cast(:dueAt as timestamptz),
				  due_notified_at = case when due_at is not distinct from cast(:dueAt as timestamptz)
				                         then due_notified_at end,
				  updated_at = now(), version = version + 1
				where workspace_id = :workspaceId and id = :id and version = :version
				""")
			.param("title", title)
			.param("notes", notes, java.sql.Types.VARCHAR)
			.param("assigneeId", assigneeId)
			.param("dueAt", dueAt, java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
			.param("workspaceId", workspaceId)
			.param("id", id)
			.param("version", version)
			.update() == 1;
	}

	/** Moves the task to the status when it is at the given version; false otherwise. */
	boolean changeStatus(long workspaceId, long id, int version, TaskStatus status) {
		return this.jdbc.sql("""
				update task set status = :status,
				  completed_at = case when :status = 'DONE' then now() end,
				  updated_at = now(), version = version + 1
				where workspace_id = :workspaceId and id = :id and version = :version
				""")
			.param("status", status.name())
			.param("workspaceId", workspaceId)
			.param("id", id)
			.param("version", version)
			.update() == 1;
	}

	/** Workspaces with open tasks that fell due and whose assignee has not yet heard of it. */
	List<Long> workspacesWithUnnotifiedDueTasks() {
		// The one statement without a workspace: the background job finds which workspaces to visit.
		return this.jdbc.sql("""
				select distinct workspace_id from task
				where status = 'OPEN' and due_at <= now() and due_notified_at is null
				""").query(Long.class).list();
	}

	record DueTask(long id, long assigneeId) {
	}

	/** Marks the workspace's open tasks that fell due as notified, returning them. */
	List<DueTask> markDueNotified(long workspaceId) {
		return this.jdbc.sql("""
				update task set due_notified_at = now()
				where workspace_id = :workspaceId and status = 'OPEN' and due_at <= now() and due_notified_at is null
				returning id, assignee_id
				""")
			.param("workspaceId", workspaceId)
			.query((rs, n) -> new DueTask(rs.getLong(1), rs.getLong(2)))
			.list();
	}

}
