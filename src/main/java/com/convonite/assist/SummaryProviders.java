package com.convonite.assist;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

import com.convonite.shared.ProblemException;
import com.convonite.shared.Secrets;
import com.convonite.shared.Validation;
import com.convonite.workspace.SignedInMember;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The optional OpenAI-compatible summary provider of each workspace (admins only): the endpoint's base URL, the
 * model and an API key, stored encrypted and shown back only masked. Off by default: until an admin switches it
 * on, drafts are made on this server by {@link ExtractiveSummaryProvider} and nothing is sent anywhere.
 */
@Service
public class SummaryProviders {

	static final int DEFAULT_TIMEOUT_SECONDS = 20;

	static final int MAX_TIMEOUT_SECONDS = 120;

	private final JdbcClient jdbc;

	private final Secrets secrets;

	SummaryProviders(JdbcClient jdbc, Secrets secrets) {
		this.jdbc = jdbc;
		this.secrets = secrets;
	}

	/** Where to send the picked messages, with the key readable; never leaves the module, never printed whole. */
	record Endpoint(String baseUrl, String model, String apiKey, Duration timeout) {

		@Override
		public String toString() {
			return "Endpoint[baseUrl=" + this.baseUrl + ", model=" + this.model + ", timeout=" + this.timeout + "]";
		}

	}

	private record Stored(boolean enabled, String baseUrl, String model, String apiKey, int timeoutSeconds,
			OffsetDateTime updatedAt, int version) {
	}

	public SummaryProviderView settings(SignedInMember admin) {
		admin.requireAdmin("see the summary provider settings");
		return view(admin.workspaceId());
	}

	@Transactional
	public SummaryProviderView save(SignedInMember admin, SummaryProviderSettings settings) {
		admin.requireAdmin("change the summary provider settings");
		long workspaceId = admin.workspaceId();
		Optional<Stored> current = stored(workspaceId, true);
		if (settings.version() != null && current.isPresent() && settings.version() != current.get().version()) {
			throw ProblemException.staleVersion("summary provider");
		}
		Validation validation = new Validation();
		String baseUrl = validation.text("baseUrl", settings.baseUrl(), settings.enabled(), 500);
		if (baseUrl != null) {
			baseUrl = baseUrl.replaceAll("/+$", "");
			String problem = urlProblem(baseUrl);
			if (problem != null) {
				validation.reject("baseUrl", problem);
			}
		}
		String model = validation.text("model", settings.model(), settings.enabled(), 200);
		String apiKey = validation.text("apiKey", settings.apiKey(), false, 4000);
		if (apiKey != null && apiKey.chars().anyMatch(Character::isWhitespace)) {
			validation.reject("apiKey", "must not contain spaces or line breaks");
		}
		if (apiKey != null && settings.removeApiKey()) {
			validation.reject("apiKey", "cannot be given while removing the stored key");
		}
		int timeout = (settings.timeoutSeconds() != null) ? settings.timeoutSeconds()
				: current.map(Stored::timeoutSeconds).orElse(DEFAULT_TIMEOUT_SECONDS);
		if (timeout < 1 || timeout > MAX_TIMEOUT_SECONDS) {
			validation.reject("timeoutSeconds", "must be between 1 and " + MAX_TIMEOUT_SECONDS + " seconds");
		}
		validation.throwIfInvalid();
		String encryptedKey = (apiKey != null) ? this.secrets.encrypt(apiKey) : null;
		if (current.isEmpty()) {
			this.jdbc.sql("""
					insert into summary_provider (workspace_id, enabled, base_url, model, api_key, timeout_seconds,
					                              updated_by)
					values (:workspaceId, :enabled, :baseUrl, :model, :apiKey, :timeout, :by)
					""")
				.param("workspaceId", workspaceId)
				.param("enabled", settings.enabled())
				.param("baseUrl", baseUrl)
				.param("model", model)
				.param("apiKey", encryptedKey)
				.param("timeout", timeout)
				.param("by", admin.memberId())
				.update();
		}
		else if (unchanged(current.get(), settings, baseUrl, model, apiKey, timeout)) {
			return view(workspaceId); // saved as it was (a blank key keeps the stored one): no new version
		}
		else {
			this.jdbc.sql("""
					update summary_provider set enabled = :enabled, base_url = :baseUrl, model = :model,
					       api_key = case when :remove then null else coalesce(:apiKey, api_key) end,
					       timeout_seconds = :timeout, updated_at = now(), updated_by = :by, version = version + 1
					where workspace_id = :workspaceId
					""")
				.param("enabled", settings.enabled())
				.param("baseUrl", baseUrl)
				.param("model", model)
				.param("remove", settings.removeApiKey())
				.param("apiKey", encryptedKey)
				.param("timeout", timeout)
				.param("by", admin.memberId())
				.param("workspaceId", workspaceId)
				.update();
		}
		return view(workspaceId);
	}

	/** The workspace's endpoint when an admin switched it on; empty means the built-in draft. */
	Optional<Endpoint> enabled(long workspaceId) {
		return stored(workspaceId, false).filter(Stored::enabled)
			.map((s) -> new Endpoint(s.baseUrl(), s.model(), (s.apiKey() != null) ? this.secrets.decrypt(s.apiKey()) : null,
					Duration.ofSeconds(s.timeoutSeconds())));
	}

	private static boolean unchanged(Stored current, SummaryProviderSettings settings, String baseUrl, String model,
			String apiKey, int timeout) {
		return current.enabled() == settings.enabled() && java.util.Objects.equals(current.baseUrl(), baseUrl)
				&& java.util.Objects.equals(current.model(), model) && apiKey == null
				&& !(settings.removeApiKey() && current.apiKey() != null) && current.timeoutSeconds() == timeout;
	}

	/** An absolute http(s) URL without credentials, query or fragment: the path up to {@code /chat/completions}. */
	static String urlProblem(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			return "must be a URL such as http://localhost:11434/v1 or https://api.openai.com/v1";
		}
		if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
				|| uri.getHost() == null) {
			return "must be an http:// or https:// URL such as http://localhost:11434/v1 or https://api.openai.com/v1";
		}
		if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
			return "must not hold a user name, query or fragment: put the API key in its own field";
		}
		if (uri.getPath() != null && uri.getPath().endsWith("/chat/completions")) {
			return "must end before /chat/completions (for example https://api.openai.com/v1): it is added when calling";
		}
		return null;
	}

	private Optional<Stored> stored(long workspaceId, boolean lock) {
		return this.jdbc.sql("""
				select enabled, base_url, model, api_key, timeout_seconds, updated_at, version
				from summary_provider where workspace_id = :workspaceId
				""" + (lock ? " for update" : ""))
			.param("workspaceId", workspaceId)
			.query((rs, n) -> new Stored(rs.getBoolean("enabled"), rs.getString("base_url"), rs.getString("model"),
					rs.getString("api_key"), rs.getInt("timeout_seconds"), rs.getObject("updated_at", OffsetDateTime.class),
					rs.getInt("version")))
			.optional();
	}

	private SummaryProviderView view(long workspaceId) {
		return stored(workspaceId, false)
			.map((s) -> new SummaryProviderView(true, s.enabled(), s.baseUrl(), s.model(),
					(s.apiKey() != null) ? Secrets.masked(this.secrets.decrypt(s.apiKey())) : null, s.timeoutSeconds(),
					s.updatedAt(), s.version()))
			.orElseGet(SummaryProviderView::notConfigured);
	}

}
