package com.convonite.workspace;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.convonite.platform.Signals;
import com.convonite.shared.ProblemException;
import com.convonite.shared.Validation;
import com.convonite.shared.WorkspaceCache;
import com.convonite.shared.WorkspaceScope;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Workspaces and their settings. Creating a workspace creates its first admin and announces
 * {@link WorkspaceCreated} so that other modules add their defaults (the three purposes) in the same
 * transaction.
 */
@Service
public class Workspaces {

	private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

	private final JdbcClient jdbc;

	private final Members members;

	private final ApplicationEventPublisher events;

	/** Read by every inbound message (the default country of its phone number) and by time formatting. */
	private final WorkspaceCache<WorkspaceSettings> settings;

	Workspaces(JdbcClient jdbc, Members members, ApplicationEventPublisher events,
			@Value("${convonite.caches.time-to-live}") Duration cacheTimeToLive, Signals signals) {
		this.jdbc = jdbc;
		this.members = members;
		this.events = events;
		this.settings = new WorkspaceCache<>("workspace-settings", cacheTimeToLive, signals);
	}

	public record NewWorkspace(String workspaceName, String adminName, String adminEmail, String adminPassword,
			String timeZone, boolean sampleData) {

		public NewWorkspace(String workspaceName, String adminName, String adminEmail, String adminPassword,
				String timeZone) {
			this(workspaceName, adminName, adminEmail, adminPassword, timeZone, false);
		}

	}

	public record CreatedWorkspace(WorkspaceView workspace, MemberView admin) {
	}

	/** Each field null when it is not changed, empty when it is sent without a value. */
	public record SettingsChanges(Optional<Boolean> requireConversationToCloseChat, Optional<String> timeZone,
			Optional<String> defaultCountry, Optional<String> firstDayOfWeek, Optional<Integer> recontactDays) {

		public SettingsChanges(Optional<Boolean> requireConversationToCloseChat, Optional<String> timeZone,
				Optional<String> defaultCountry) {
			this(requireConversationToCloseChat, timeZone, defaultCountry, null, null);
		}

	}

	@Transactional
	public CreatedWorkspace create(NewWorkspace command) {
		Validation validation = new Validation();
		String name = validation.text("workspaceName", command.workspaceName(), true, 100);
		String zone = (command.timeZone() != null) ? checkZone(validation, "timeZone", command.timeZone()) : "UTC";
		Members.NewMember admin = new Members.NewMember(command.adminName(), command.adminEmail(),
				command.adminPassword(), Role.ADMIN);
		this.members.validate(admin, null)
			.problems()
			.forEach((p) -> validation.reject(
					"admin" + Character.toUpperCase(p.field().charAt(0)) + p.field().substring(1), p.message()));
		validation.throwIfInvalid();
		// The id comes first, so that the workspace is made in its own scope, and so are the defaults that
		// other modules add on WorkspaceCreated.
		long workspaceId = this.jdbc.sql("select nextval(pg_get_serial_sequence('workspace', 'id'))")
			.query(Long.class)
			.single();
		return WorkspaceScope.call(workspaceId, () -> {
			this.jdbc.sql("insert into workspace (id, name) overriding system value values (:id, :name)")
				.param("id", workspaceId)
				.param("name", name)
				.update();
			// Phone numbers typed without a country code are read in the set-up zone's country (editable later).
			this.jdbc.sql("""
					insert into workspace_settings (workspace_id, time_zone, default_country)
					values (:id, :zone, :country)
					""")
				.param("id", workspaceId)
				.param("zone", zone)
				.param("country", countryOf(zone))
				.update();
			MemberView created = this.members.insert(workspaceId, admin);
			this.events
				.publishEvent(new WorkspaceCreated(workspaceId, Long.parseLong(created.id()), command.sampleData()));
			return new CreatedWorkspace(get(workspaceId), created);
		});
	}

	private static final java.util.Properties ZONE_COUNTRIES = new java.util.Properties();

	static {
		try (var in = Workspaces.class.getResourceAsStream("/zone-countries.properties")) {
			if (in != null) {
				ZONE_COUNTRIES.load(in);
			}
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** The country of a time zone (the tz database's zone.tab), US when it names none we can read numbers of. */
	static String countryOf(String zone) {
		String country = ZONE_COUNTRIES.getProperty(zone);
		return (country != null && COUNTRIES.contains(country)) ? country : "US";
	}

	public boolean anyExists() {
		return WorkspaceScope.callAsSystem("first start: is there any workspace",
				() -> this.jdbc.sql("select exists (select 1 from workspace)").query(Boolean.class).single());
	}

	public WorkspaceView get(long workspaceId) {
		return this.jdbc.sql("select id, name, created_at from workspace where id = :id")
			.param("id", workspaceId)
			.query((rs, n) -> new WorkspaceView(Long.toString(rs.getLong(1)), rs.getString(2),
					rs.getObject(3, OffsetDateTime.class)))
			.optional()
			.orElseThrow(() -> ProblemException.notFound("workspace"));
	}

	public WorkspaceSettings settings(long workspaceId) {
		return this.settings.get(workspaceId, this::storedSettings);
	}

	private WorkspaceSettings storedSettings(long workspaceId) {
		return this.jdbc.sql("""
				select require_conversation_to_close_chat, time_zone, default_country, first_day_of_week, recontact_days,
				       version
				from workspace_settings where workspace_id = :workspaceId
				""")
			.param("workspaceId", workspaceId)
			.query((rs, n) -> new WorkspaceSettings(rs.getBoolean(1), rs.getString(2), rs.getString(3),
					java.time.DayOfWeek.valueOf(rs.getString(4)), rs.getInt(5), rs.getInt(6)))
			.single();
	}

	/**
	 * Checked when a chat is closed: read from the database, not the cache, so that the rule turned on through
	 * any instance of the product holds on every instance from its commit on.
	 */
	public boolean requiresConversationToCloseChat(long workspaceId) {
		return storedSettings(workspaceId).requireConversationToCloseChat();
	}

	public ZoneId timeZone(long workspaceId) {
		return ZoneId.of(settings(workspaceId).timeZone());
	}

	@Transactional
	public WorkspaceSettings changeSettings(SignedInMember actor, int version, SettingsChanges changes) {
		actor.requireAdmin("change workspace settings");
		// The stored values, not the cached ones: the fields left out of the change keep what is stored.
		WorkspaceSettings current = storedSettings(actor.workspaceId());
		Validation validation = new Validation();
		boolean require = current.requireConversationToCloseChat();
		if (changes.requireConversationToCloseChat() != null) {
			if (changes.requireConversationToCloseChat().isEmpty()) {
				validation.reject("requireConversationToCloseChat", "must be true or false");
			}
			else {
				require = changes.requireConversationToCloseChat().get();
			}
		}
		String zone = current.timeZone();
		if (changes.timeZone() != null) {
			zone = checkZone(validation, "timeZone", changes.timeZone().orElse(null));
		}
		String country = current.defaultCountry();
		if (changes.defaultCountry() != null) {
			country = changes.defaultCountry().map((c) -> c.strip().toUpperCase(Locale.ROOT)).orElse(null);
			if (country == null || !COUNTRIES.contains(country)) {
				validation.reject("defaultCountry", "must be a two-letter ISO 3166 country code such as US, GB or BR");
			}
		}
		java.time.DayOfWeek firstDay = current.firstDayOfWeek();
		if (changes.firstDayOfWeek() != null) {
			firstDay = changes.firstDayOfWeek().map((d) -> {
				try {
					return java.time.DayOfWeek.valueOf(d.strip().toUpperCase(Locale.ROOT));
				}
				catch (IllegalArgumentException ex) {
					return null;
				}
			}).orElse(null);
			if (firstDay == null) {
				validation.reject("firstDayOfWeek", "must be a day of the week such as MONDAY or SUNDAY");
			}
		}
		int recontactDays = current.recontactDays();
		if (changes.recontactDays() != null) {
			recontactDays = changes.recontactDays().orElse(0);
			if (recontactDays < 1 || recontactDays > 365) {
				validation.reject("recontactDays", "must be a whole number of days from 1 to 365");
			}
		}
		validation.throwIfInvalid();
		if (current.version() == version && require == current.requireConversationToCloseChat()
				&& java.util.Objects.equals(zone, current.timeZone())
				&& java.util.Objects.equals(country, current.defaultCountry()) && firstDay == current.firstDayOfWeek()
				&& recontactDays == current.recontactDays()) {
			return current; // saved unchanged: no new version
		}
		int updated = this.jdbc.sql("""
				update workspace_settings
				set require_conversation_to_close_chat = :require, time_zone = :zone, default_country = :country,
				    first_day_of_week = :firstDay, recontact_days = :recontactDays, updated_at = now(),
				    version = version + 1
				where workspace_id = :workspaceId and version = :version
				""")
			.param("require", require)
			.param("zone", zone)
			.param("country", country)
			.param("firstDay", firstDay.name())
			.param("recontactDays", recontactDays)
			.param("workspaceId", actor.workspaceId())
			.param("version", version)
			.update();
		if (updated == 0) {
			throw ProblemException.staleVersion("settings");
		}
		this.settings.evict(actor.workspaceId());
		return storedSettings(actor.workspaceId());
	}

	private static String checkZone(Validation validation, String field, String value) {
		if (value == null || value.isBlank()) {
			validation.reject(field, "is required: an IANA time zone such as Europe/Lisbon");
			return null;
		}
		try {
			return ZoneId.of(value.strip()).getId();
		}
		catch (DateTimeException ex) {
			validation.reject(field, "must be an IANA time zone such as Europe/Lisbon or America/Sao_Paulo");
			return null;
		}
	}

}
