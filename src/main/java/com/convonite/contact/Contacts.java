package com.convonite.contact;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.convonite.shared.Cursor;
import com.convonite.shared.FieldProblem;
import com.convonite.shared.Ids;
import com.convonite.shared.ListQueries;
import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.shared.ProblemException;
import com.convonite.shared.Validation;
import com.convonite.workspace.SignedInMember;
import com.convonite.workspace.Workspaces;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The contacts of a workspace: the customers it talks to. Phone numbers are kept in E.164 and are unique per
 * workspace, so an incoming message from a known number always finds its contact.
 */
@Service
public class Contacts {

	private static final String COLUMNS = "id, name, phone, email, notes, created_at, updated_at, version";

	private static final String SORT = "contacts-by-name";

	static final int NAME_MAX = 200;

	static final int NOTES_MAX = 10_000;

	private final JdbcClient jdbc;

	private final ListQueries lists;

	private final Workspaces workspaces;

	private final List<ContactUses> uses;

	Contacts(JdbcClient jdbc, ListQueries lists, Workspaces workspaces, List<ContactUses> uses) {
		this.jdbc = jdbc;
		this.lists = lists;
		this.workspaces = workspaces;
		this.uses = uses;
	}

	public record NewContact(String name, String phone, String email, String notes) {
	}

	/** A contact's fields as the rules accept them: trimmed, the phone number in E.164. */
	record ContactFields(String name, String phone, String email, String notes) {
	}

	/** The fields of a PATCH: null when left out, empty when sent as null. */
	public record ContactChanges(Optional<String> name, Optional<String> phone, Optional<String> email,
			Optional<String> notes) {
	}

	public Optional<ContactView> find(long workspaceId, long contactId) {
		return this.jdbc.sql("select " + COLUMNS + " from contact where workspace_id = :workspaceId and id = :id")
			.param("workspaceId", workspaceId)
			.param("id", contactId)
			.query(Contacts::map)
			.optional();
	}

	/** The contact, or a 404 problem. */
	public ContactView get(long workspaceId, long contactId) {
		return find(workspaceId, contactId).orElseThrow(() -> ProblemException.notFound("contact"));
	}

	/** Contact names by id, for lists and exports. */
	public Map<Long, String> names(long workspaceId, Collection<Long> contactIds) {
		Map<Long, String> names = new HashMap<>();
		if (contactIds == null || contactIds.isEmpty()) {
			return names;
		}
		// One array parameter, not one per id: an export asks for 1,000 at a time. Joined rather than "id =
		// any(:ids)": the plan PostgreSQL caches for this statement may have been chosen while the table was
		// small, and a scan of the table matching each row against the array's ids one by one grows with both
		// (a second for 1,000 ids and 80,000 contacts), where a join stays linear whatever plan is cached.
		this.jdbc.sql("""
				select c.id, c.name from unnest(cast(:ids as bigint[])) as wanted(id)
				join contact c on c.workspace_id = :workspaceId and c.id = wanted.id
				""")
			.param("workspaceId", workspaceId)
			.param("ids", contactIds.stream().distinct().toArray(Long[]::new))
			.query((rs, n) -> names.put(rs.getLong(1), rs.getString(2)))
			.list();
		return names;
	}

	/**
	 * The contacts a filter's select offers: the first page by name, and the selected one (given as typed) first
	 * when it is not on that page.
	 */
	public List<ContactView> choices(long workspaceId, String selected) {
		List<ContactView> choices = new ArrayList<>(
				list(workspaceId, null, PageRequest.first(PageRequest.MAX_LIMIT)).items());
		Long id = Ids.parse(selected);
		if (id != null && choices.stream().noneMatch((c) -> c.id().equals(Long.toString(id)))) {
			find(workspaceId, id).ifPresent((c) -> choices.add(0, c));
		}
		return choices;
	}

	/**
	 * Contacts by name, then id. {@code q} matches names containing it (ignoring case and accents) and, when
	 * it looks like a phone number, phone numbers containing its digits.
	 */
	public Page<ContactView> list(long workspaceId, String q, PageRequest page) {
		String query = (q != null && !q.isBlank()) ? q.strip() : null;
		if (query != null && query.length() > 200) {
			throw ProblemException.invalid("q", "must be at most 200 characters");
		}
		StringBuilder sql = new StringBuilder("select " + COLUMNS + ", lower(name) as sort_name from contact"
				+ " where workspace_id = :workspaceId");
		Map<String, Object> params = new HashMap<>();
		params.put("workspaceId", workspaceId);
		if (query != null) {
			String digits = PhoneNumbers.searchDigits(query);
			sql.append(" and (immutable_unaccent(lower(name)) like '%' || immutable_unaccent(lower(:q)) || '%'");
			params.put("q", escapeLike(query));
			if (digits != null) {
				sql.append(" or phone like '%' || :digits || '%'");
				params.put("digits", digits);
			}
			sql.append(")");
		}
		if (page.cursor() != null) {
			page.cursor().valuesFor(SORT, 2);
			sql.append(" and (lower(name), id) > (:afterName, :afterId)");
			params.put("afterName", decodeName(page.cursor().values().get(0)));
			params.put("afterId", page.cursor().longValue(1));
		}
		sql.append(" order by lower(name), id limit :limit");
		params.put("limit", page.limit() + 1);
		List<String> sortNames = new ArrayList<>();
		List<ContactView> rows = this.lists.sql(sql.toString()).params(params).query((rs, n) -> {
			sortNames.add(rs.getString("sort_name"));
			return map(rs, n);
		}).list();
		if (rows.size() <= page.limit()) {
			return new Page<>(rows, null);
		}
		ContactView last = rows.get(page.limit() - 1);
		String cursor = Cursor.of(SORT, encodeName(sortNames.get(page.limit() - 1)), last.id()).encode();
		return new Page<>(List.copyOf(rows.subList(0, page.limit())), cursor);
	}

	@Transactional
	public ContactView create(SignedInMember actor, NewContact command) {
		long workspaceId = actor.workspaceId();
		Validation validation = new Validation();
		ContactFields fields = check(validation, defaultCountry(workspaceId), command.name(), command.phone(),
				command.email(), command.notes(), true);
		validation.throwIfInvalid();
		String name = fields.name();
		String phone = fields.phone();
		String email = fields.email();
		String notes = fields.notes();
		requirePhoneFree(workspaceId, phone, null);
		try {
			long id = this.jdbc.sql("""
					insert into contact (workspace_id, name, phone, email, notes)
					values (:workspaceId, :name, :phone, :email, :notes)
					returning id
					""")
				.param("workspaceId", workspaceId)
				.param("name", name)
				.param("phone", phone)
				.param("email", email)
				.param("notes", notes)
				.query(Long.class)
				.single();
			return get(workspaceId, id);
		}
		catch (DuplicateKeyException ex) {
			// taken by a concurrent save; the transaction is spoilt, so the owner's name cannot be read now
			throw phoneTaken(phone, "another contact");
		}
	}

	@Transactional
	public ContactView change(SignedInMember actor, long contactId, int version, ContactChanges changes) {
		long workspaceId = actor.workspaceId();
		ContactView current = get(workspaceId, contactId);
		Validation validation = new Validation();
		String name = current.name();
		if (changes.name() != null) {
			name = validation.text("name", changes.name().orElse(null), true, NAME_MAX);
		}
		String phone = current.phone();
		if (changes.phone() != null) {
			phone = phone(validation, defaultCountry(workspaceId), changes.phone().orElse(null));
		}
		String email = current.email();
		if (changes.email() != null) {
			email = email(validation, changes.email().orElse(null));
		}
		String notes = current.notes();
		if (changes.notes() != null) {
			notes = notes(validation, changes.notes().orElse(null));
		}
		validation.throwIfInvalid();
		if (current.version() == version && java.util.Objects.equals(name, current.name())
				&& java.util.Objects.equals(phone, current.phone()) && java.util.Objects.equals(email, current.email())
				&& java.util.Objects.equals(notes, current.notes())) {
			// Saved unchanged: no new version and no new updated time.
			return current;
		}
		requirePhoneFree(workspaceId, phone, contactId);
		int updated;
		try {
			updated = this.jdbc.sql("""
					update contact set name = :name, phone = :phone, email = :email, notes = :notes,
					       updated_at = now(), version = version + 1
					where workspace_id = :workspaceId and id = :id and version = :version
					""")
				.param("name", name)
				.param("phone", phone)
				.param("email", email)
				.param("notes", notes)
				.param("workspaceId", workspaceId)
				.param("id", contactId)
				.param("version", version)
				.update();
		}
		catch (DuplicateKeyException ex) {
			// taken by a concurrent save; the transaction is spoilt, so the owner's name cannot be read now
			throw phoneTaken(phone, "another contact");
		}
		if (updated == 0) {
			throw ProblemException.staleVersion("contact");
		}
		return get(workspaceId, contactId);
	}

	/**
	 * What keeps the contact from being deleted: each kind of record that names it, with how many (message key and
	 * count), none when it can be deleted.
	 */
	public List<Use> uses(long workspaceId, long contactId) {
		return this.uses.stream()
			.map((use) -> new Use(use.what(), use.count(workspaceId, contactId)))
			.filter((use) -> use.count() > 0)
			.toList();
	}

	/** Records of one kind that name a contact: a message key taking the count, and the count. */
	public record Use(String what, int count) {
	}

	/**
	 * Deletes a contact that has nothing attached. A contact with chats (or tasks) keeps its history: deleting
	 * it would orphan messages and conversations, so that is refused.
	 */
	@Transactional
	public void delete(SignedInMember actor, long contactId) {
		actor.requireAdmin("delete contacts");
		ContactView contact = get(actor.workspaceId(), contactId);
		try {
			this.jdbc.sql("delete from contact where workspace_id = :workspaceId and id = :id")
				.param("workspaceId", actor.workspaceId())
				.param("id", contactId)
				.update();
		}
		catch (DataIntegrityViolationException ex) {
			throw ProblemException.conflict("contact-in-use", "Contact in use", "Contact " + contact.name()
					+ " has chats (or tasks) and cannot be deleted: that would lose their messages and conversations. "
					+ "Edit the contact instead.");
		}
	}

	/**
	 * The contact with this phone number, created (named {@code name}, or after the number when that is blank)
	 * when the workspace does not know it yet. Safe when two deliveries for a new number arrive at once.
	 */
	@Transactional
	public ContactView findOrCreateByPhone(long workspaceId, String rawPhone, String name, String phoneField) {
		String phone = PhoneNumbers.normalise(rawPhone, defaultCountry(workspaceId), phoneField);
		String contactName = (name != null && !name.isBlank()) ? singleLine(name.strip()) : phone;
		if (contactName.codePointCount(0, contactName.length()) > 200) {
			contactName = contactName.substring(0, contactName.offsetByCodePoints(0, 200));
		}
		// Nearly every delivery comes from a known customer: one read, and an insert only for a new number
		// (which tolerates a concurrent twin: it waits for it and does nothing, and the read after sees it).
		Optional<ContactView> known = byPhone(workspaceId, phone);
		if (known.isPresent()) {
			return known.get();
		}
		this.jdbc.sql("""
				insert into contact (workspace_id, name, phone) values (:workspaceId, :name, :phone)
				on conflict (workspace_id, phone) do nothing
				""")
			.param("workspaceId", workspaceId)
			.param("name", contactName)
			.param("phone", phone)
			.update();
		return byPhone(workspaceId, phone).orElseThrow();
	}

	private Optional<ContactView> byPhone(long workspaceId, String phone) {
		return this.jdbc.sql("select " + COLUMNS + " from contact where workspace_id = :workspaceId and phone = :phone")
			.param("workspaceId", workspaceId)
			.param("phone", phone)
			.query(Contacts::map)
			.optional();
	}

	String defaultCountry(long workspaceId) {
		return this.workspaces.settings(workspaceId).defaultCountry();
	}

	/**
	 * Checks a contact's fields by the rules of a contact, collecting every problem in {@code validation}: the
	 * one place those rules live, for contacts added by hand and by import. The name may be left out only
	 * where the contact already exists (an import row that updates it).
	 */
	static ContactFields check(Validation validation, String defaultCountry, String name, String phone, String email,
			String notes, boolean nameRequired) {
		return new ContactFields(validation.text("name", name, nameRequired, NAME_MAX),
				phone(validation, defaultCountry, phone), email(validation, email), notes(validation, notes));
	}

	private static String phone(Validation validation, String defaultCountry, String raw) {
		try {
			return PhoneNumbers.normalise(raw, defaultCountry, "phone");
		}
		catch (ProblemException ex) {
			ex.errors().forEach((p) -> validation.reject(p.field(), p.message()));
			return null;
		}
	}

	private static String email(Validation validation, String raw) {
		return validation.email("email", raw, false);
	}

	private static String notes(Validation validation, String raw) {
		return validation.text("notes", raw, false, NOTES_MAX);
	}

	private void requirePhoneFree(long workspaceId, String phone, Long exceptContactId) {
		Optional<Long> owner = this.jdbc.sql("select id from contact where workspace_id = :workspaceId and phone = :phone")
			.param("workspaceId", workspaceId)
			.param("phone", phone)
			.query(Long.class)
			.optional();
		if (owner.isPresent() && !owner.get().equals(exceptContactId)) {
			throw phoneTaken(phone, "contact " + get(workspaceId, owner.get()).name());
		}
	}

	private static ProblemException phoneTaken(String phone, String owner) {
		String message = "is already used by " + owner;
		return new ProblemException(HttpStatus.CONFLICT, "phone-taken", "Phone number already used",
				"phone: " + phone + " " + message + "; each phone number belongs to one contact.",
				List.of(new FieldProblem("phone", message)));
	}

	private static String singleLine(String text) {
		return text.replaceAll("\\p{Cntrl}+", " ");
	}

	private static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private static String encodeName(String name) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
	}

	private static String decodeName(String encoded) {
		try {
			return new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw Cursor.invalid();
		}
	}

	static ContactView map(ResultSet rs, int row) throws SQLException {
		return new ContactView(Long.toString(rs.getLong("id")), rs.getString("name"), rs.getString("phone"),
				rs.getString("email"), rs.getString("notes"), rs.getObject("created_at", OffsetDateTime.class),
				rs.getObject("updated_at", OffsetDateTime.class), rs.getInt("version"));
	}

}
