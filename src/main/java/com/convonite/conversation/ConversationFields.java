package com.convonite.conversation;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.convonite.conversation.ConversationFieldView.Option;
import com.convonite.conversation.ConversationFieldView.Requirement;
import com.convonite.conversation.ConversationFieldView.Type;
import com.convonite.shared.ProblemException;
import com.convonite.platform.Signals;
import com.convonite.shared.Validation;
import com.convonite.shared.WorkspaceCache;
import com.convonite.workspace.SignedInMember;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The workspace's custom conversation fields (issue 18, part 1): their definitions, kept by admins, and the
 * typed values a conversation holds under their keys. Keys and types never change, since the values already
 * written depend on them; an archived field or option stays on the conversations that have it.
 */
@Service
public class ConversationFields {

	static final int TEXT_MAX = 500;

	static final int LONG_TEXT_MAX = 10_000;

	private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,39}");

	private final JdbcClient jdbc;

	private final WorkspaceCache<List<ConversationFieldView>> cache;

	ConversationFields(JdbcClient jdbc, @Value("${convonite.caches.time-to-live}") Duration cacheTimeToLive,
			Signals signals) {
		this.jdbc = jdbc;
		this.cache = new WorkspaceCache<>("conversation-fields", cacheTimeToLive, signals);
	}

	public record NewField(String key, String name, Type type, String helpText, Requirement requirement,
			List<String> options) {
	}

	public record FieldChanges(Optional<String> name, Optional<String> helpText, Optional<Requirement> requirement,
			Optional<Integer> position, Optional<Boolean> archived) {
	}

	/** Every field in order, archived ones too when asked; what lists and reads show (cached). */
	public List<ConversationFieldView> list(long workspaceId, boolean includeArchived) {
		List<ConversationFieldView> all = this.cache.get(workspaceId, this::load);
		return includeArchived ? all : all.stream().filter((f) -> !f.archived()).toList();
	}

	public ConversationFieldView get(long workspaceId, long fieldId) {
		return find(list(workspaceId, true), fieldId).orElseThrow(() -> ProblemException.notFound("conversation field"));
	}

	private static Optional<ConversationFieldView> find(List<ConversationFieldView> fields, long fieldId) {
		return fields.stream().filter((f) -> f.id().equals(Long.toString(fieldId))).findFirst();
	}

	private List<ConversationFieldView> load(long workspaceId) {
		Map<Long, List<Option>> options = new LinkedHashMap<>();
		this.jdbc.sql("""
				select field_id, id, label, position, archived from conversation_field_option
				where workspace_id = :workspaceId order by field_id, position, id
				""")
			.param("workspaceId", workspaceId)
			.query((rs) -> {
				options.computeIfAbsent(rs.getLong(1), (k) -> new ArrayList<>())
					.add(new Option(Long.toString(rs.getLong(2)), rs.getString(3), rs.getInt(4), rs.getBoolean(5)));
			});
		return List.copyOf(this.jdbc.sql("""
				select id, key, name, type, help_text, requirement, position, archived, version from conversation_field
				where workspace_id = :workspaceId order by position, id
				""")
			.param("workspaceId", workspaceId)
			.query((rs, n) -> new ConversationFieldView(Long.toString(rs.getLong(1)), rs.getString(2), rs.getString(3),
					Type.valueOf(rs.getString(4)), rs.getString(5), Requirement.valueOf(rs.getString(6)), rs.getInt(7),
					rs.getBoolean(8), rs.getInt(9), List.copyOf(options.getOrDefault(rs.getLong(1), List.of()))))
			.list());
	}

	/**
	 * The definitions as they are now, read from the database, not the cache: a rule checked in a write (a
	 * field required a moment ago) holds with no window.
	 */
	List<ConversationFieldView> current(long workspaceId) {
		return load(workspaceId);
	}

	@Transactional
	public ConversationFieldView add(SignedInMember actor, NewField field) {
		actor.requireAdmin("add conversation fields");
		Validation validation = new Validation();
		String key = (field.key() != null) ? field.key().strip() : "";
		if (key.isEmpty()) {
			validation.reject("key", "is required: lower-case letters, digits and _, starting with a letter");
		}
		else if (!KEY.matcher(key).matches()) {
			validation.reject("key", "must be lower-case letters, digits and _, starting with a letter, at most 40");
		}
		String name = validation.text("name", field.name(), true, 100);
		String help = validation.text("helpText", field.helpText(), false, 500);
		if (field.type() == null) {
			validation.reject("type", "is required: one of " + List.of(Type.values()));
		}
		List<String> labels = new ArrayList<>();
		if (field.type() != null && field.type().selects()) {
			for (String label : (field.options() != null) ? field.options() : List.<String>of()) {
				String checked = label(validation, "options", label, false);
				if (checked != null && labels.stream().noneMatch((l) -> l.equalsIgnoreCase(checked))) {
					labels.add(checked);
				}
			}
			if (labels.isEmpty() && !validation.has("options")) {
				validation.reject("options", "must hold at least one choice for a select field");
			}
		}
		else if (field.options() != null && !field.options().isEmpty()) {
			validation.reject("options", "are only for single and multi select fields");
		}
		validation.throwIfInvalid();
		List<ConversationFieldView> fields = locked(actor.workspaceId());
		if (fields.stream().anyMatch((f) -> f.key().equals(key))) {
			throw ProblemException.invalid("key", "'" + key + "' is already the key of a field of this workspace");
		}
		long id;
		try {
			id = this.jdbc.sql("""
					insert into conversation_field (workspace_id, key, name, type, help_text, requirement, position)
					values (:workspaceId, :key, :name, :type, :help, :requirement, :position) returning id
					""")
				.param("workspaceId", actor.workspaceId())
				.param("key", key)
				.param("name", name)
				.param("type", field.type().name())
				.param("help", help)
				.param("requirement", ((field.requirement() != null) ? field.requirement() : Requirement.OPTIONAL).name())
				.param("position", fields.size() + 1)
				.query(Long.class)
				.single();
		}
		catch (DuplicateKeyException ex) {
			throw duplicateName(name);
		}
		for (int i = 0; i < labels.size(); i++) {
			insertOption(actor.workspaceId(), id, labels.get(i), i + 1);
		}
		return get(actor.workspaceId(), id);
	}

	@Transactional
	public ConversationFieldView change(SignedInMember actor, long fieldId, int version, FieldChanges changes) {
		actor.requireAdmin("change conversation fields");
		List<ConversationFieldView> fields = locked(actor.workspaceId());
		ConversationFieldView field = find(fields, fieldId)
			.orElseThrow(() -> ProblemException.notFound("conversation field"));
		if (field.version() != version) {
			throw ProblemException.staleVersion("conversation field");
		}
		Validation validation = new Validation();
		String name = (changes.name() != null) ? validation.text("name", changes.name().orElse(null), true, 100)
				: field.name();
		String help = (changes.helpText() != null)
				? validation.text("helpText", changes.helpText().orElse(null), false, 500) : field.helpText();
		Requirement requirement = changed(validation, "requirement", changes.requirement(), field.requirement(),
				"must be OPTIONAL, REQUIRED_ON_LOG or REQUIRED_ON_CLOSE");
		boolean archived = changed(validation, "archived", changes.archived(), field.archived(), "must be true or false");
		checkPosition(validation, changes.position());
		validation.throwIfInvalid();
		try {
			this.jdbc.sql("""
					update conversation_field set name = :name, help_text = :help, requirement = :requirement,
					    archived = :archived, version = version + 1
					where workspace_id = :workspaceId and id = :id
					""")
				.param("name", name)
				.param("help", help)
				.param("requirement", requirement.name())
				.param("archived", archived)
				.param("workspaceId", actor.workspaceId())
				.param("id", fieldId)
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw duplicateName(name);
		}
		if (changes.position() != null) {
			List<ConversationFieldView> ordered = moved(fields, field, changes.position().get());
			for (int i = 0; i < ordered.size(); i++) {
				if (ordered.get(i).position() != i + 1) {
					this.jdbc.sql("update conversation_field set position = :position where workspace_id = :workspaceId and id = :id")
						.param("position", i + 1)
						.param("workspaceId", actor.workspaceId())
						.param("id", Long.parseLong(ordered.get(i).id()))
						.update();
				}
			}
		}
		return get(actor.workspaceId(), fieldId);
	}

	/** Adds a choice to a select field, last in its list. */
	@Transactional
	public ConversationFieldView addOption(SignedInMember actor, long fieldId, String label) {
		actor.requireAdmin("change conversation fields");
		ConversationFieldView field = find(locked(actor.workspaceId()), fieldId)
			.orElseThrow(() -> ProblemException.notFound("conversation field"));
		if (!field.type().selects()) {
			throw ProblemException.invalid("label", "can be added only to a single or multi select field");
		}
		Validation validation = new Validation();
		String checked = label(validation, "label", label, true);
		validation.throwIfInvalid();
		insertOption(actor.workspaceId(), fieldId, checked, field.options().size() + 1);
		bumpVersion(actor.workspaceId(), fieldId);
		return get(actor.workspaceId(), fieldId);
	}

	/** Moves a choice to a 1-based place, and archives or restores it: both optional. */
	@Transactional
	public ConversationFieldView changeOption(SignedInMember actor, long fieldId, long optionId, Integer position,
			Boolean archived) {
		actor.requireAdmin("change conversation fields");
		ConversationFieldView field = find(locked(actor.workspaceId()), fieldId)
			.orElseThrow(() -> ProblemException.notFound("conversation field"));
		Option option = field.options()
			.stream()
			.filter((o) -> o.id().equals(Long.toString(optionId)))
			.findFirst()
			.orElseThrow(() -> ProblemException.notFound("option"));
		if (position != null && position < 1) {
			throw ProblemException.invalid("position", "must be 1 or more");
		}
		if (archived != null) {
			this.jdbc.sql("update conversation_field_option set archived = :archived where workspace_id = :workspaceId and id = :id")
				.param("archived", archived)
				.param("workspaceId", actor.workspaceId())
				.param("id", optionId)
				.update();
		}
		if (position != null) {
			List<Option> ordered = moved(field.options(), option, position);
			for (int i = 0; i < ordered.size(); i++) {
				this.jdbc.sql("update conversation_field_option set position = :position where workspace_id = :workspaceId and id = :id")
					.param("position", i + 1)
					.param("workspaceId", actor.workspaceId())
					.param("id", Long.parseLong(ordered.get(i).id()))
					.update();
			}
		}
		bumpVersion(actor.workspaceId(), fieldId);
		return get(actor.workspaceId(), fieldId);
	}

	/** A choice's label: at most 100 characters, no comma (commas separate choices in filters and exports). */
	private static String label(Validation validation, String field, String label, boolean required) {
		String checked = validation.text(field, label, required, 100);
		if (checked != null && checked.contains(",")) {
			validation.reject(field, "'" + checked + "' must not contain a comma");
			return null;
		}
		return checked;
	}

	/**
	 * The value an edit asks for: {@code current} when it names none (null), a problem with {@code message} when it
	 * clears one that cannot be cleared (an empty Optional).
	 */
	static <T> T changed(Validation validation, String field, Optional<T> change, T current, String message) {
		if (change == null) {
			return current;
		}
		if (change.isEmpty()) {
			validation.reject(field, message);
			return current;
		}
		return change.get();
	}

	/** A move asks for a 1-based position. */
	static void checkPosition(Validation validation, Optional<Integer> position) {
		if (position != null && (position.isEmpty() || position.get() < 1)) {
			validation.reject("position", "must be 1 or more");
		}
	}

	/** The list with {@code item} moved to the 1-based {@code position} (the nearest end when out of range). */
	static <T> List<T> moved(List<T> list, T item, int position) {
		List<T> ordered = new ArrayList<>(list);
		ordered.remove(item);
		ordered.add(Math.max(0, Math.min(position - 1, ordered.size())), item);
		return ordered;
	}

	private void insertOption(long workspaceId, long fieldId, String label, int position) {
		try {
			this.jdbc.sql("""
					insert into conversation_field_option (workspace_id, field_id, label, position)
					values (:workspaceId, :fieldId, :label, :position)
					""")
				.param("workspaceId", workspaceId)
				.param("fieldId", fieldId)
				.param("label", label)
				.param("position", position)
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw ProblemException.invalid("label", "'" + label + "' is already a choice of this field");
		}
	}

	private void bumpVersion(long workspaceId, long fieldId) {
		this.jdbc.sql("update conversation_field set version = version + 1 where workspace_id = :workspaceId and id = :id")
			.param("workspaceId", workspaceId)
			.param("id", fieldId)
			.update();
	}

	/** Locks the workspace's fields (so concurrent reorders never share a position) and drops the cached list. */
	private List<ConversationFieldView> locked(long workspaceId) {
		this.cache.evict(workspaceId);
		this.jdbc.sql("select id from conversation_field where workspace_id = :workspaceId for update")
			.param("workspaceId", workspaceId)
			.query(Long.class)
			.list();
		return load(workspaceId);
	}

	private static ProblemException duplicateName(String name) {
		return ProblemException.invalid("name",
				"'" + name + "' is already a field of this workspace (names are unique, ignoring case)");
	}

	// --- values ---

	/**
	 * The values after a change: {@code current} with every key of {@code input} set (or, for an empty value,
	 * removed), each checked against its field's type and written in its canonical form. Problems go to
	 * {@code validation} as {@code fields.<key>}. An archived field or choice is refused unless the value is the
	 * one the conversation already has.
	 */
	Map<String, Object> merge(List<ConversationFieldView> fields, Map<String, Object> current,
			Map<String, ?> input, Validation validation) {
		Map<String, Object> merged = new LinkedHashMap<>(current);
		if (input == null) {
			return merged;
		}
		Map<String, ConversationFieldView> byKey = fields.stream()
			.collect(Collectors.toMap(ConversationFieldView::key, (f) -> f));
		input.forEach((key, raw) -> {
			String name = "fields." + key;
			ConversationFieldView field = byKey.get(key);
			if (field == null) {
				validation.reject(name, "is not a conversation field of this workspace");
				return;
			}
			Object value = canonical(field, raw, current.get(key), name, validation);
			if (field.archived() && !sameValue(value, current.get(key))) {
				validation.reject(name, "'" + field.name() + "' is archived and takes no new values");
				return;
			}
			if (value == null) {
				merged.remove(key);
			}
			else {
				merged.put(key, value);
			}
		});
		return merged;
	}

	/** Problems for every active field of the requirement that has no value, as {@code fields.<key>}. */
	static void requireValues(List<ConversationFieldView> fields, Requirement requirement, Map<String, Object> values,
			Collection<String> onlyKeys, String message, Validation validation) {
		for (ConversationFieldView field : fields) {
			if (!field.archived() && field.requirement() == requirement && !hasValue(field, values.get(field.key()))
					&& (onlyKeys == null || onlyKeys.contains(field.key()))) {
				validation.reject("fields." + field.key(), message);
			}
		}
	}

	static boolean hasValue(ConversationFieldView field, Object value) {
		if (field.type() == Type.CHECKBOX) {
			return Boolean.TRUE.equals(value);
		}
		return value != null && !(value instanceof Collection<?> c && c.isEmpty());
	}

	private static boolean sameValue(Object a, Object b) {
		return java.util.Objects.equals(display(a), display(b));
	}

	private Object canonical(ConversationFieldView field, Object raw, Object current, String name, Validation v) {
		if (raw == null || (raw instanceof String s && s.isBlank()) || (raw instanceof Collection<?> c && c.isEmpty())) {
			return null;
		}
		return switch (field.type()) {
			case TEXT -> text(raw, name, TEXT_MAX, v);
			case LONG_TEXT -> text(raw, name, LONG_TEXT_MAX, v);
			case NUMBER -> number(raw, name, v);
			case DATE -> date(raw, name, v);
			case CHECKBOX -> checkbox(raw, name, v);
			case SINGLE_SELECT -> (raw instanceof String s) ? choice(field, s, current, name, v)
					: reject(v, name, "must be one of " + labels(field));
			case MULTI_SELECT -> choices(field, raw, current, name, v);
		};
	}

	private static Object reject(Validation v, String name, String message) {
		v.reject(name, message);
		return null;
	}

	private static Object text(Object raw, String name, int max, Validation v) {
		if (!(raw instanceof String s)) {
			return reject(v, name, "must be text");
		}
		return v.text(name, s.replace("\r\n", "\n"), false, max);
	}

	private static Object number(Object raw, String name, Validation v) {
		if (raw instanceof Boolean || !(raw instanceof Number || raw instanceof String)) {
			return reject(v, name, "must be a number, such as 12 or 3.5");
		}
		try {
			BigDecimal number = new BigDecimal(raw.toString().strip());
			if (number.abs().compareTo(new BigDecimal("1e15")) >= 0 || number.scale() > 6) {
				return reject(v, name, "must be below 1,000,000,000,000,000 with at most 6 decimals");
			}
			number = number.stripTrailingZeros();
			return (number.scale() < 0) ? number.setScale(0) : number;
		}
		catch (NumberFormatException ex) {
			return reject(v, name, "must be a number, such as 12 or 3.5");
		}
	}

	private static Object date(Object raw, String name, Validation v) {
		try {
			if (raw instanceof String s) {
				return LocalDate.parse(s.strip()).toString();
			}
		}
		catch (DateTimeParseException ex) {
			// refused below
		}
		return reject(v, name, "must be a date as YYYY-MM-DD, such as 2026-01-31");
	}

	private static Object checkbox(Object raw, String name, Validation v) {
		if (raw instanceof Boolean b) {
			return b;
		}
		if (raw instanceof String s && (s.equals("true") || s.equals("false"))) {
			return Boolean.valueOf(s);
		}
		return reject(v, name, "must be true or false");
	}

	private static String choice(ConversationFieldView field, String raw, Object current, String name, Validation v) {
		String typed = raw.strip();
		for (Option option : field.options()) {
			if (option.label().equalsIgnoreCase(typed)) {
				boolean kept = current != null && (current.equals(option.label())
						|| (current instanceof Collection<?> c && c.contains(option.label())));
				if (option.archived() && !kept) {
					v.reject(name, "'" + option.label() + "' is archived; choose one of " + labels(field));
					return null;
				}
				return option.label();
			}
		}
		v.reject(name, "must be one of " + labels(field));
		return null;
	}

	private static Object choices(ConversationFieldView field, Object raw, Object current, String name, Validation v) {
		List<?> items = (raw instanceof List<?> list) ? list : (raw instanceof String s) ? List.of(s) : null;
		if (items == null || items.stream().anyMatch((i) -> !(i instanceof String))) {
			return reject(v, name, "must be a list of choices from " + labels(field));
		}
		Set<String> picked = new LinkedHashSet<>();
		for (Object item : items) {
			String label = choice(field, (String) item, current, name, v);
			if (label != null) {
				picked.add(label);
			}
		}
		// In the field's order, whatever order they were sent in.
		List<String> ordered = field.options().stream().map(Option::label).filter(picked::contains).toList();
		return ordered.isEmpty() ? null : ordered;
	}

	private static String labels(ConversationFieldView field) {
		return field.activeOptions().stream().map(Option::label).collect(Collectors.joining(", "));
	}

	/** A value as one line of text: for history, the CSV export and comparisons. */
	static String display(Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof Collection<?> list) {
			return list.isEmpty() ? null : list.stream().map(String::valueOf).collect(Collectors.joining(", "));
		}
		if (value instanceof BigDecimal number) {
			return number.stripTrailingZeros().toPlainString();
		}
		if (value instanceof Double || value instanceof Float) {
			return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
		}
		return value.toString();
	}

	/** A custom field's value as the conversation page shows it. */
	record ShownField(String key, String name, String text) {
	}

	/** The values of a conversation in the fields' order: every active field, and archived ones that hold a value. */
	List<ShownField> shown(long workspaceId, Map<String, Object> values) {
		return list(workspaceId, true).stream()
			.filter((f) -> !f.archived() || values.containsKey(f.key()))
			.map((f) -> new ShownField(f.key(), f.name(), shown(f, values.get(f.key()))))
			.toList();
	}

	/** A value as a person reads it: checkboxes as Yes and No. */
	static String shown(ConversationFieldView field, Object value) {
		if (field != null && field.type() == Type.CHECKBOX && value instanceof Boolean b) {
			return b ? "Yes" : "No";
		}
		return display(value);
	}

	// --- closing rules ---

	/** The built-in fields a closing rule can ask for, in the order the settings show them. */
	static final List<String> CLOSING_RULE_FIELDS = List.of("summary", "endTime", "firstMessageId", "lastMessageId");

	/** The built-in fields a conversation must have before it can be closed (read from the database). */
	public Set<String> closingRules(long workspaceId) {
		return new LinkedHashSet<>(this.jdbc.sql("""
				select field from conversation_closing_rule where workspace_id = :workspaceId
				""").param("workspaceId", workspaceId).query(String.class).list())
			.stream()
			.sorted(java.util.Comparator.comparingInt(CLOSING_RULE_FIELDS::indexOf))
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	@Transactional
	public Set<String> setClosingRules(SignedInMember actor, Collection<String> required) {
		actor.requireAdmin("change closing rules");
		Validation validation = new Validation();
		for (String field : required) {
			if (!CLOSING_RULE_FIELDS.contains(field)) {
				validation.reject("required", "'" + field + "' is none of " + CLOSING_RULE_FIELDS
						+ " (custom fields are required to close by their own requirement)");
			}
		}
		validation.throwIfInvalid();
		this.jdbc.sql("delete from conversation_closing_rule where workspace_id = :workspaceId")
			.param("workspaceId", actor.workspaceId())
			.update();
		for (String field : new LinkedHashSet<>(required)) {
			this.jdbc.sql("insert into conversation_closing_rule (workspace_id, field) values (:workspaceId, :field)")
				.param("workspaceId", actor.workspaceId())
				.param("field", field)
				.update();
		}
		return closingRules(actor.workspaceId());
	}

}
