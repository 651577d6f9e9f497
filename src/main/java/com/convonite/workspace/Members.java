package com.convonite.workspace;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.convonite.shared.Cursor;
import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.shared.ProblemException;
import com.convonite.shared.Validation;
import com.convonite.shared.WorkspaceCache;
import com.convonite.shared.WorkspaceScope;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The members of a workspace: who they are, their role, whether they can still sign in and be given work.
 */
@Service
public class Members {

	private static final String COLUMNS = "id, name, email, role, active, created_at, version";

	private final JdbcClient jdbc;

	private final PasswordEncoder passwords;

	private final WebSessions sessions;

	private final ApplicationEventPublisher events;

	/**
	 * Members' names and who is active, per workspace: every list and read of conversations, chats and tasks shows
	 * the names, and every piece of work given to a member checks that the member is active.
	 */
	private final WorkspaceCache<Roster> rosters;

	Members(JdbcClient jdbc, PasswordEncoder passwords, WebSessions sessions, ApplicationEventPublisher events,
			@Value("${convonite.caches.time-to-live}") Duration cacheTimeToLive) {
		this.jdbc = jdbc;
		this.passwords = passwords;
		this.sessions = sessions;
		this.events = events;
		this.rosters = new WorkspaceCache<>(cacheTimeToLive);
	}

	public record NewMember(String name, String email, String password, Role role) {
	}

	public record MemberChanges(Optional<String> name, Optional<Role> role, Optional<Boolean> active) {
	}

	@Transactional
	public MemberView add(SignedInMember actor, NewMember command) {
		actor.requireAdmin("add members");
		return insert(actor.workspaceId(), command);
	}

	/** Inserts a member without a permission check: for workspace creation and the first start. */
	MemberView insert(long workspaceId, NewMember command) {
		Validation validation = validate(command, workspaceId);
		validation.throwIfInvalid();
		String name = command.name().strip();
		String email = command.email().strip();
		String password = command.password();
		this.rosters.evict(workspaceId);
		long id = this.jdbc.sql("""
				insert into member (workspace_id, email, name, password_hash, role)
				values (:workspaceId, :email, :name, :hash, :role)
				on conflict do nothing
				returning id
				""")
			.param("workspaceId", workspaceId)
			.param("email", email)
			.param("name", name)
			.param("hash", this.passwords.encode(password))
			.param("role", command.role().name())
			.query(Long.class)
			.optional()
			.orElseThrow(() -> ProblemException.invalid("email", ADDRESS_UNUSABLE));
		return get(workspaceId, id);
	}

	/**
	 * Checks a new member; {@code workspaceId} is the workspace they join (null for a new workspace's admin). An
	 * address already used names one member across all workspaces, so it cannot be used again; whether it is used
	 * in another workspace is never said (only that this address cannot be used).
	 */
	Validation validate(NewMember command, Long workspaceId) {
		Validation validation = new Validation();
		validation.text("name", command.name(), true, 100);
		String email = validation.email("email", command.email(), true);
		PasswordRules.check(validation, "password", command.password(), email);
		if (command.role() == null) {
			validation.reject("role", "is required: ADMIN or AGENT");
		}
		if (email != null && !validation.has("email")) {
			Long usedIn = workspaceOfEmail(email);
			if (usedIn != null && usedIn.equals(workspaceId)) {
				validation.reject("email", "is already used by a member of this workspace");
			}
			else if (usedIn != null) {
				validation.reject("email", ADDRESS_UNUSABLE);
			}
		}
		return validation;
	}

	static final String ADDRESS_UNUSABLE = "cannot be used: choose another address";

	/** The workspace of the member with this address, in any workspace (null when none). */
	private Long workspaceOfEmail(String email) {
		return WorkspaceScope.callAsSystem("email taken in any workspace",
				() -> this.jdbc.sql("select workspace_id from member where email_key = :key")
					.param("key", EmailAddresses.key(email))
					.query(Long.class)
					.optional()
					.orElse(null));
	}

	public Page<MemberView> list(long workspaceId, PageRequest page) {
		long after = (page.cursor() != null) ? page.cursor().longValue(0) : 0;
		if (page.cursor() != null) {
			page.cursor().valuesFor("id", 1);
		}
		List<MemberView> rows = this.jdbc.sql("select " + COLUMNS + """
				 from member where workspace_id = :workspaceId and id > :after order by id limit :limit
				""")
			.param("workspaceId", workspaceId)
			.param("after", after)
			.param("limit", page.limit() + 1)
			.query(Members::map)
			.list();
		return pageOf(rows, page.limit());
	}

	private static Page<MemberView> pageOf(List<MemberView> rows, int limit) {
		if (rows.size() <= limit) {
			return new Page<>(rows, null);
		}
		List<MemberView> items = rows.subList(0, limit);
		return new Page<>(List.copyOf(items), Cursor.of("id", items.get(limit - 1).id()).encode());
	}

	public Optional<MemberView> find(long workspaceId, long memberId) {
		return this.jdbc.sql("select " + COLUMNS + " from member where workspace_id = :workspaceId and id = :id")
			.param("workspaceId", workspaceId)
			.param("id", memberId)
			.query(Members::map)
			.optional();
	}

	public MemberView get(long workspaceId, long memberId) {
		return find(workspaceId, memberId).orElseThrow(() -> ProblemException.notFound("member"));
	}

	/**
	 * Changes a member's name, role or whether they are active. Their API tokens follow from the next request
	 * to this instance, and within {@code convonite.api-tokens.cache-ttl} on other instances.
	 */
	@Transactional
	public MemberView change(SignedInMember actor, long memberId, int version, MemberChanges changes) {
		MemberView current = get(actor.workspaceId(), memberId);
		boolean self = actor.memberId() == memberId;
		if (!actor.isAdmin() && (!self || changes.role() != null || changes.active() != null)) {
			throw ProblemException.forbidden("Only an admin can change other members, roles and who is active; "
					+ "you can change your own name.");
		}
		Validation validation = new Validation();
		String name = current.name();
		if (changes.name() != null) {
			name = validation.text("name", changes.name().orElse(null), true, 100);
		}
		Role role = current.role();
		if (changes.role() != null) {
			role = changes.role().orElse(null);
			if (role == null) {
				validation.reject("role", "must be ADMIN or AGENT");
			}
		}
		boolean active = current.active();
		if (changes.active() != null) {
			if (changes.active().isEmpty()) {
				validation.reject("active", "must be true or false");
			}
			else {
				active = changes.active().get();
			}
		}
		validation.throwIfInvalid();
		boolean losesAdmin = current.role() == Role.ADMIN && current.active() && (role != Role.ADMIN || !active);
		if (losesAdmin && activeAdminsLocked(actor.workspaceId()) <= 1) {
			throw ProblemException.conflict("last-admin", "Last admin",
					"This is the last active admin of the workspace; make another member an admin first.");
		}
		if (current.version() == version && name.equals(current.name()) && role == current.role()
				&& active == current.active()) {
			return current; // saved unchanged: no new version
		}
		this.rosters.evict(actor.workspaceId());
		int updated = this.jdbc.sql("""
				update member set name = :name, role = :role, active = :active, updated_at = now(), version = version + 1
				where workspace_id = :workspaceId and id = :id and version = :version
				""")
			.param("name", name)
			.param("role", role.name())
			.param("active", active)
			.param("workspaceId", actor.workspaceId())
			.param("id", memberId)
			.param("version", version)
			.update();
		if (updated == 0) {
			throw ProblemException.staleVersion("member");
		}
		accessChanged(actor.workspaceId(), memberId, current, role, active);
		return get(actor.workspaceId(), memberId);
	}

	/**
	 * Takes the change into effect everywhere at once: a deactivated member's web sessions end with this
	 * transaction; a demoted one's sessions read the new role on their next request (CurrentMemberFilter); what
	 * instances hold in memory (verified API tokens, live-update streams) goes on {@link MemberAccessChanged}.
	 */
	private void accessChanged(long workspaceId, long memberId, MemberView before, Role role, boolean active) {
		MemberAccessChanged.Change change;
		if (before.active() && !active) {
			this.sessions.endAll(memberId);
			change = MemberAccessChanged.Change.DEACTIVATED;
		}
		else if (before.role() != role) {
			change = MemberAccessChanged.Change.ROLE_CHANGED;
		}
		else {
			change = MemberAccessChanged.Change.DETAILS_CHANGED;
		}
		this.events.publishEvent(new MemberAccessChanged(workspaceId, memberId, change, null));
	}

	/**
	 * The member changes their own password, giving the current one. Their other web sessions end and their API
	 * tokens are revoked, in the same transaction; the session that made the change ({@code keptSessionId}, null
	 * from the API) stays signed in.
	 */
	@Transactional
	public void changeOwnPassword(SignedInMember me, String currentPassword, String newPassword, String keptSessionId) {
		var stored = this.jdbc.sql("select email, password_hash from member where workspace_id = :workspaceId and id = :id")
			.param("workspaceId", me.workspaceId())
			.param("id", me.memberId())
			.query((rs, n) -> new String[] { rs.getString(1), rs.getString(2) })
			.single();
		Validation validation = new Validation();
		if (currentPassword == null || currentPassword.isEmpty()
				|| !this.passwords.matches(currentPassword, stored[1])) {
			validation.reject("currentPassword", "is not your current password");
		}
		PasswordRules.check(validation, "newPassword", newPassword, stored[0]);
		validation.throwIfInvalid();
		setPassword(me.workspaceId(), me.memberId(), newPassword, keptSessionId);
	}

	/**
	 * Stores a new password for the member, ends their web sessions but {@code keptSessionId} (may be null) and
	 * revokes their API tokens: whoever held the old password or a token made with it is out. The password was
	 * checked against {@link PasswordRules} by the caller.
	 */
	void setPassword(long workspaceId, long memberId, String newPassword, String keptSessionId) {
		this.jdbc.sql("""
				update member set password_hash = :hash, updated_at = now(), version = version + 1
				where workspace_id = :workspaceId and id = :id
				""")
			.param("hash", this.passwords.encode(newPassword))
			.param("workspaceId", workspaceId)
			.param("id", memberId)
			.update();
		this.jdbc.sql("""
				update api_token set revoked_at = now()
				where workspace_id = :workspaceId and member_id = :memberId and revoked_at is null
				""")
			.param("workspaceId", workspaceId)
			.param("memberId", memberId)
			.update();
		this.sessions.endAllBut(memberId, keptSessionId);
		this.events.publishEvent(new MemberAccessChanged(workspaceId, memberId,
				MemberAccessChanged.Change.PASSWORD_CHANGED, keptSessionId));
	}

	/**
	 * Uses up the link and sets the member's password (the caller checked it), in one transaction: a link used
	 * twice at once is used by one of them only. Empty when the link was used, replaced or expired meanwhile.
	 */
	@Transactional
	Optional<MemberPrincipal> usePasswordLink(AccountLinks.OpenLink link, String newPassword) {
		int used = this.jdbc.sql("""
				update account_link set used_at = now()
				where workspace_id = :workspaceId and id = :id and used_at is null and expires_at > now()
				""")
			.param("workspaceId", link.workspaceId())
			.param("id", link.linkId())
			.update();
		if (used == 0) {
			return Optional.empty();
		}
		setPassword(link.workspaceId(), link.memberId(), newPassword, null);
		return this.jdbc.sql("""
				select id, workspace_id, role, name, email, null as password_hash, active
				from member where workspace_id = :workspaceId and id = :id and active
				""")
			.param("workspaceId", link.workspaceId())
			.param("id", link.memberId())
			.query(MemberAccounts::map)
			.optional();
	}

	private int activeAdminsLocked(long workspaceId) {
		return this.jdbc.sql("""
				select id from member where workspace_id = :workspaceId and role = 'ADMIN' and active for update
				""").param("workspaceId", workspaceId).query(Long.class).list().size();
	}

	/**
	 * Checks that the member may be given new work (chats, conversations, tasks): they exist in this
	 * workspace and are active. Otherwise the given field is reported invalid.
	 */
	public void requireAssignable(long workspaceId, long memberId, String field) {
		if (!isAssignable(workspaceId, memberId)) {
			throw ProblemException.invalid(field, "must be an active member of this workspace");
		}
	}

	/** Whether the member exists in this workspace and is active, so may be given new work. */
	public boolean isAssignable(long workspaceId, long memberId) {
		return roster(workspaceId).active().contains(memberId);
	}

	/** Display names by member id, for lists and exports that show names, not just ids. */
	public Map<Long, String> names(long workspaceId, Collection<Long> memberIds) {
		Map<Long, String> all = allNames(workspaceId);
		Map<Long, String> names = new HashMap<>();
		for (Long id : memberIds) {
			String name = all.get(id);
			if (name != null) {
				names.put(id, name);
			}
		}
		return names;
	}

	/** Every member's name in the workspace. */
	public Map<Long, String> allNames(long workspaceId) {
		return roster(workspaceId).names();
	}

	/** Who is in the workspace (a few hundred at most), held for {@code convonite.caches.time-to-live}. */
	private Roster roster(long workspaceId) {
		return this.rosters.get(workspaceId, (id) -> {
			Map<Long, String> names = new HashMap<>();
			Set<Long> active = new HashSet<>();
			this.jdbc.sql("select id, name, active from member where workspace_id = :workspaceId")
				.param("workspaceId", id)
				.query((rs, n) -> {
					names.put(rs.getLong(1), rs.getString(2));
					if (rs.getBoolean(3)) {
						active.add(rs.getLong(1));
					}
					return null;
				})
				.list();
			return new Roster(Map.copyOf(names), Set.copyOf(active));
		});
	}

	/** The members' names by id, and which of them are active. */
	private record Roster(Map<Long, String> names, Set<Long> active) {
	}

	static MemberView map(ResultSet rs, int row) throws SQLException {
		return new MemberView(Long.toString(rs.getLong("id")), rs.getString("name"), rs.getString("email"),
				Role.valueOf(rs.getString("role")), rs.getBoolean("active"),
				rs.getObject("created_at", OffsetDateTime.class), rs.getInt("version"));
	}

}
