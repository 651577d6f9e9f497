package com.convonite.whatsapp;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import com.convonite.shared.ProblemException;
import com.convonite.shared.Secrets;
import com.convonite.shared.Validation;
import com.convonite.workspace.SignedInMember;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The WhatsApp channel settings of each workspace (admins only): the phone number id, and the verify token,
 * app secret and access token, stored encrypted and shown back only masked. Each workspace gets a random
 * channel key, the last part of its callback URL, which tells its webhook deliveries apart.
 */
@Service
public class WhatsAppChannels {

	static final String WEBHOOK_PATH = "/webhooks/whatsapp/";

	private static final Pattern PHONE_NUMBER_ID = Pattern.compile("[0-9]{5,30}");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final Secrets secrets;

	WhatsAppChannels(JdbcClient jdbc, Secrets secrets) {
		this.jdbc = jdbc;
		this.secrets = secrets;
	}

	/** A channel with its secrets readable, for the webhook and for sending; never leaves the module. */
	record Channel(long workspaceId, String key, String phoneNumberId, String verifyToken, String appSecret,
			String accessToken) {

		@Override
		public String toString() {
			return "Channel[workspaceId=" + this.workspaceId + ", phoneNumberId=" + this.phoneNumberId + "]";
		}

	}

	private record Stored(long workspaceId, String key, String phoneNumberId, String verifyToken, String appSecret,
			String accessToken, OffsetDateTime updatedAt, int version) {
	}

	public WhatsAppChannelView settings(SignedInMember admin) {
		admin.requireAdmin("see the WhatsApp channel settings");
		return view(admin.workspaceId());
	}

	@Transactional
	public WhatsAppChannelView save(SignedInMember admin, WhatsAppChannelSettings settings) {
		admin.requireAdmin("change the WhatsApp channel settings");
		long workspaceId = admin.workspaceId();
		Optional<Stored> current = stored(workspaceId, true);
		if (settings.version() != null && current.isPresent() && settings.version() != current.get().version()) {
			throw ProblemException.staleVersion("WhatsApp channel");
		}
		Validation validation = new Validation();
		String phoneNumberId = validation.text("phoneNumberId", settings.phoneNumberId(), true, 30);
		if (phoneNumberId != null && !PHONE_NUMBER_ID.matcher(phoneNumberId).matches()) {
			validation.reject("phoneNumberId",
					"must be the phone number ID from Meta's WhatsApp API set-up page: digits only, such as 106540352242922");
		}
		boolean first = current.isEmpty();
		String verifyToken = secret(validation, "verifyToken", settings.verifyToken(), first, 8, 200);
		String appSecret = secret(validation, "appSecret", settings.appSecret(), first, 16, 200);
		String accessToken = secret(validation, "accessToken", settings.accessToken(), first, 20, 2000);
		validation.throwIfInvalid();
		if (first) {
			this.jdbc.sql("""
					insert into whatsapp_channel (workspace_id, channel_key, phone_number_id, verify_token, app_secret,
					                              access_token, updated_by)
					values (:workspaceId, :key, :phoneNumberId, :verifyToken, :appSecret, :accessToken, :by)
					""")
				.param("workspaceId", workspaceId)
				.param("key", newKey())
				.param("phoneNumberId", phoneNumberId)
				.param("verifyToken", this.secrets.encrypt(verifyToken))
				.param("appSecret", this.secrets.encrypt(appSecret))
				.param("accessToken", this.secrets.encrypt(accessToken))
				.param("by", admin.memberId())
				.update();
		}
		else if (phoneNumberId.equals(current.get().phoneNumberId()) && verifyToken == null && appSecret == null
				&& accessToken == null) {
			return view(workspaceId); // saved unchanged (blank secrets keep the stored ones): no new version
		}
		else {
			this.jdbc.sql("""
					update whatsapp_channel set phone_number_id = :phoneNumberId,
					       verify_token = coalesce(:verifyToken, verify_token),
					       app_secret = coalesce(:appSecret, app_secret),
					       access_token = coalesce(:accessToken, access_token),
					       updated_at = now(), updated_by = :by, version = version + 1
					where workspace_id = :workspaceId
					""")
				.param("phoneNumberId", phoneNumberId)
				.param("verifyToken", (verifyToken != null) ? this.secrets.encrypt(verifyToken) : null)
				.param("appSecret", (appSecret != null) ? this.secrets.encrypt(appSecret) : null)
				.param("accessToken", (accessToken != null) ? this.secrets.encrypt(accessToken) : null)
				.param("by", admin.memberId())
				.param("workspaceId", workspaceId)
				.update();
		}
		return view(workspaceId);
	}

	/** The channel whose callback URL ends in this key. */
	Optional<Channel> byKey(String key) {
		if (key == null || key.length() > 100) {
			return Optional.empty();
		}
		return this.jdbc.sql(SELECT + " where channel_key = :key")
			.param("key", key)
			.query(WhatsAppChannels::row)
			.optional()
			.map(this::readable);
	}

	/** The workspace's channel, when it is set up. */
	Optional<Channel> ofWorkspace(long workspaceId) {
		return stored(workspaceId, false).map(this::readable);
	}

	private static final String SELECT = """
			select workspace_id, channel_key, phone_number_id, verify_token, app_secret, access_token, updated_at, version
			from whatsapp_channel
			""";

	private Optional<Stored> stored(long workspaceId, boolean lock) {
		return this.jdbc.sql(SELECT + " where workspace_id = :workspaceId" + (lock ? " for update" : ""))
			.param("workspaceId", workspaceId)
			.query(WhatsAppChannels::row)
			.optional();
	}

	private static Stored row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
		return new Stored(rs.getLong("workspace_id"), rs.getString("channel_key"), rs.getString("phone_number_id"),
				rs.getString("verify_token"), rs.getString("app_secret"), rs.getString("access_token"),
				rs.getObject("updated_at", OffsetDateTime.class), rs.getInt("version"));
	}

	private Channel readable(Stored stored) {
		return new Channel(stored.workspaceId(), stored.key(), stored.phoneNumberId(),
				this.secrets.decrypt(stored.verifyToken()), this.secrets.decrypt(stored.appSecret()),
				this.secrets.decrypt(stored.accessToken()));
	}

	private WhatsAppChannelView view(long workspaceId) {
		Optional<Stored> stored = stored(workspaceId, false);
		if (stored.isEmpty()) {
			return WhatsAppChannelView.notConfigured();
		}
		Channel channel = readable(stored.get());
		OffsetDateTime lastDelivery = this.jdbc.sql("""
				select max(received_at) from whatsapp_delivery where workspace_id = :workspaceId
				""").param("workspaceId", workspaceId).query(OffsetDateTime.class).optional().orElse(null);
		return new WhatsAppChannelView(true, channel.phoneNumberId(), Secrets.masked(channel.verifyToken()),
				Secrets.masked(channel.appSecret()), Secrets.masked(channel.accessToken()), WEBHOOK_PATH + channel.key(),
				stored.get().updatedAt(), lastDelivery, stored.get().version());
	}

	/** A new value, or null to keep the stored one (only allowed once there is one). */
	private static String secret(Validation validation, String field, String value, boolean required, int min,
			int max) {
		if (value == null || value.isBlank()) {
			if (required) {
				validation.reject(field, "is required to set up the channel");
			}
			return null;
		}
		String stripped = validation.text(field, value, true, max);
		if (stripped != null && stripped.length() < min) {
			validation.reject(field, "must be at least " + min + " characters");
		}
		return stripped;
	}

	private static String newKey() {
		byte[] random = new byte[24];
		RANDOM.nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

}
