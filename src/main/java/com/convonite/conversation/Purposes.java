package com.convonite.conversation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.convonite.platform.Signals;
import com.convonite.shared.ProblemException;
import com.convonite.shared.Validation;
import com.convonite.shared.WorkspaceCache;
import com.convonite.workspace.SignedInMember;
import com.convonite.workspace.WorkspaceCreated;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The workspace's own list of purposes (SPEC §5). Archived purposes stay on the conversations that use
 * them but cannot be chosen for new ones; a purpose in use can only be archived, never deleted.
 */
@Service
public class Purposes {

	static final List<String> DEFAULTS = List.of("Enquiry", "Issue", "Feedback");

	private final JdbcClient jdbc;

	/** Every purpose of the workspace, archived ones included, in order: read by every list and every log. */
	private final WorkspaceCache<List<PurposeView>> cache;

	Purposes(JdbcClient jdbc, @Value("${convonite.caches.time-to-live}") Duration cacheTimeToLive, Signals signals) {
		this.jdbc = jdbc;
		this.cache = new WorkspaceCache<>("purposes", cacheTimeToLive, signals);
	}

	public record PurposeChanges(Optional<String> name, Optional<Integer> position, Optional<Boolean> archived) {
	}

	/** A new workspace starts with Enquiry, Issue and Feedback, in the same transaction that creates it. */
	@EventListener
	void addDefaults(WorkspaceCreated created) {
		this.cache.evict(created.workspaceId());
		for (int i = 0; i < DEFAULTS.size(); i++) {
			this.jdbc.sql("insert into purpose (workspace_id, name, position) values (:workspaceId, :name, :position)")
				.param("workspaceId", created.workspaceId())
				.param("name", DEFAULTS.get(i))
				.param("position", i + 1)
				.update();
		}
	}

	public List<PurposeView> list(long workspaceId, boolean includeArchived) {
		List<PurposeView> all = this.cache.get(workspaceId, this::load);
		return includeArchived ? all : all.stream().filter((p) -> !p.archived()).toList();
	}

	private List<PurposeView> load(long workspaceId) {
		return List.copyOf(this.jdbc.sql("""
				select id, name, position, archived, version from purpose
				where workspace_id = :workspaceId
				order by position, id
				""")
			.param("workspaceId", workspaceId)
			.query((rs, n) -> new PurposeView(Long.toString(rs.getLong(1)), rs.getString(2), rs.getInt(3),
					rs.getBoolean(4), rs.getInt(5)))
			.list());
	}

	public Optional<PurposeView> find(long workspaceId, long purposeId) {
		return list(workspaceId, true).stream().filter((p) -> p.id().equals(Long.toString(purposeId))).findFirst();
	}

	public PurposeView get(long workspaceId, long purposeId) {
		return find(workspaceId, purposeId).orElseThrow(() -> ProblemException.notFound("purpose"));
	}

	Map<Long, PurposeView> byId(long workspaceId) {
		Map<Long, PurposeView> purposes = new HashMap<>();
		list(workspaceId, true).forEach((p) -> purposes.put(Long.parseLong(p.id()), p));
		return purposes;
	}

	/** Reports the field invalid unless the purpose exists in the workspace and is not archived. */
	void checkSelectable(long workspaceId, Long purposeId, String field, Validation validation) {
		if (purposeId == null) {
			validation.reject(field, "is required: one of the workspace's active purposes");
			return;
		}
		Optional<PurposeView> purpose = find(workspaceId, purposeId);
		if (purpose.isEmpty()) {
			validation.reject(field, "must be one of the workspace's active purposes");
		}
		else if (purpose.get().archived()) {
			validation.reject(field, "'" + purpose.get().name() + "' is archived; choose an active purpose");
		}
	}

	@Transactional
	public PurposeView add(SignedInMember actor, String requestedName, Integer position) {
		actor.requireAdmin("add purposes");
		Validation validation = new Validation();
		String name = validation.text("name", requestedName, true, 100);
		if (position != null && position < 1) {
			validation.reject("position", "must be 1 or more");
		}
		validation.throwIfInvalid();
		List<PurposeView> current = lockedList(actor.workspaceId());
		long id = insertUnique(actor.workspaceId(), name, current.size() + 1);
		if (position != null) {
			move(actor.workspaceId(), id, position);
		}
		return get(actor.workspaceId(), id);
	}

	private long insertUnique(long workspaceId, String name, int position) {
		try {
			return this.jdbc.sql("""
					insert into purpose (workspace_id, name, position) values (:workspaceId, :name, :position) returning id
					""")
				.param("workspaceId", workspaceId)
				.param("name", name)
				.param("position", position)
				.query(Long.class)
				.single();
		}
		catch (DuplicateKeyException ex) {
			throw duplicateName(name);
		}
	}

	@Transactional
	public PurposeView change(SignedInMember actor, long purposeId, int version, PurposeChanges changes) {
		actor.requireAdmin("change purposes");
		List<PurposeView> current = lockedList(actor.workspaceId());
		PurposeView purpose = current.stream()
			.filter((p) -> p.id().equals(Long.toString(purposeId)))
			.findFirst()
			.orElseThrow(() -> ProblemException.notFound("purpose"));
		if (purpose.version() != version) {
			throw ProblemException.staleVersion("purpose");
		}
		Validation validation = new Validation();
		String name = purpose.name();
		if (changes.name() != null) {
			name = validation.text("name", changes.name().orElse(null), true, 100);
		}
		boolean archived = ConversationFields.changed(validation, "archived", changes.archived(), purpose.archived(),
				"must be true or false");
		ConversationFields.checkPosition(validation, changes.position());
		validation.throwIfInvalid();
		if (name.equals(purpose.name()) && archived == purpose.archived()) {
			// Saved unchanged (a rename to the same name): no new version; a move alone still moves.
			if (changes.position() != null) {
				move(actor.workspaceId(), purposeId, changes.position().get());
			}
			return get(actor.workspaceId(), purposeId);
		}
		try {
			this.jdbc.sql("""
					update purpose set name = :name, archived = :archived, version = version + 1
					where workspace_id = :workspaceId and id = :id
					""")
				.param("name", name)
				.param("archived", archived)
				.param("workspaceId", actor.workspaceId())
				.param("id", purposeId)
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw duplicateName(name);
		}
		if (changes.position() != null) {
			move(actor.workspaceId(), purposeId, changes.position().get());
		}
		return get(actor.workspaceId(), purposeId);
	}

	/** The ids (as text, like the views') of the workspace's purposes that conversations use. */
	java.util.Set<String> inUse(long workspaceId) {
		return java.util.Set.copyOf(this.jdbc.sql("""
				select p.id from purpose p
				where p.workspace_id = :workspaceId
				  and exists (select 1 from conversation c where c.workspace_id = p.workspace_id and c.purpose_id = p.id)
				""").param("workspaceId", workspaceId).query((rs, n) -> Long.toString(rs.getLong(1))).list());
	}

	@Transactional
	public void delete(SignedInMember actor, long purposeId) {
		actor.requireAdmin("delete purposes");
		List<PurposeView> current = lockedList(actor.workspaceId());
		if (current.stream().noneMatch((p) -> p.id().equals(Long.toString(purposeId)))) {
			throw ProblemException.notFound("purpose");
		}
		boolean inUse = this.jdbc.sql("""
				select exists (select 1 from conversation where workspace_id = :workspaceId and purpose_id = :id)
				""").param("workspaceId", actor.workspaceId()).param("id", purposeId).query(Boolean.class).single();
		if (inUse) {
			throw ProblemException.conflict("purpose-in-use", "Purpose in use",
					"Conversations use this purpose, so it cannot be deleted. Archive it instead: it stays on "
							+ "those conversations but can no longer be chosen.");
		}
		this.jdbc.sql("delete from purpose where workspace_id = :workspaceId and id = :id")
			.param("workspaceId", actor.workspaceId())
			.param("id", purposeId)
			.update();
		List<PurposeView> rest = new ArrayList<>(current);
		rest.removeIf((p) -> p.id().equals(Long.toString(purposeId)));
		renumber(actor.workspaceId(), rest);
	}

	/**
	 * Locks the workspace's purposes so that concurrent reorders never leave two at one position; every change
	 * starts here, so this is also where the cached list is dropped.
	 */
	private List<PurposeView> lockedList(long workspaceId) {
		this.cache.evict(workspaceId);
		this.jdbc.sql("select id from purpose where workspace_id = :workspaceId for update")
			.param("workspaceId", workspaceId)
			.query(Long.class)
			.list();
		return list(workspaceId, true);
	}

	private void move(long workspaceId, long purposeId, int position) {
		List<PurposeView> all = list(workspaceId, true);
		PurposeView moving = all.stream()
			.filter((p) -> p.id().equals(Long.toString(purposeId)))
			.findFirst()
			.orElseThrow();
		renumber(workspaceId, ConversationFields.moved(all, moving, position));
	}

	private void renumber(long workspaceId, List<PurposeView> ordered) {
		for (int i = 0; i < ordered.size(); i++) {
			if (ordered.get(i).position() != i + 1) {
				this.jdbc.sql("""
						update purpose set position = :position, version = version + 1
						where workspace_id = :workspaceId and id = :id
						""")
					.param("position", i + 1)
					.param("workspaceId", workspaceId)
					.param("id", Long.parseLong(ordered.get(i).id()))
					.update();
			}
		}
	}

	private static ProblemException duplicateName(String name) {
		return ProblemException.invalid("name", "'" + name + "' is already a purpose of this workspace (names are unique, ignoring case)");
	}

}
