package com.convonite.webhook;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.convonite.platform.Signals;
import com.convonite.shared.Cursor;
import com.convonite.shared.WorkspaceCache;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of webhook endpoints and deliveries. */
@Repository
class JdbcWebhookRepository {

	private static final String ENDPOINT_COLUMNS = """
			id, url, description, secret_encrypted, secret_hint, event_types, active, created_by, created_at,
			updated_at, version
			""";

	private static final String DELIVERY_COLUMNS = """
			id, endpoint_id, event_id, event_type, event_time, status, attempts, response_code, last_error,
			last_attempt_at, next_attempt_at, delivered_at, created_at
			""";

	private final JdbcClient jdbc;

	/**
	 * The event types that some active endpoint of the workspace subscribed to: every change in the product asks,
	 * and endpoints change seldom. Every instance drops it when an endpoint changes (WorkspaceCache).
	 */
	private final WorkspaceCache<Set<String>> subscribed;

	JdbcWebhookRepository(JdbcClient jdbc, @Value("${convonite.caches.time-to-live}") Duration cacheTimeToLive,
			Signals signals) {
		this.jdbc = jdbc;
		this.subscribed = new WorkspaceCache<>("webhook-subscriptions", cacheTimeToLive, signals);
	}

	record EndpointRow(long id, String url, String description, String secretEncrypted, String secretHint,
			List<String> eventTypes, boolean active, long createdBy, OffsetDateTime createdAt,
			OffsetDateTime updatedAt, int version) {
	}

	/** A delivery claimed by the sender, with what it needs to send it. */
	record Claimed(long id, long workspaceId, long endpointId, String url, String secretEncrypted, UUID eventId,
			String eventType, String payload, int attempts, OffsetDateTime retryUntil) {
	}

	long insertEndpoint(long workspaceId, String url, String description, String secretEncrypted, String secretHint,
			List<String> eventTypes, boolean active, long createdBy) {
		this.subscribed.evict(workspaceId);
		return this.jdbc.sql("""
				insert into webhook_endpoint (workspace_id, url, description, secret_encrypted, secret_hint, event_types,
				  active, created_by)
				values (:workspaceId, :url, :description, :secret, :hint, :types, :active, :createdBy)
				returning id
				""")
			.param("workspaceId", workspaceId)
			.param("url", url)
			.param("description", description)
			.param("secret", secretEncrypted)
			.param("hint", secretHint)
			.param("types", eventTypes.toArray(String[]::new))
			.param("active", active)
			.param("createdBy", createdBy)
			.query(Long.class)
			.single();
	}

	Optional<EndpointRow> findEndpoint(long workspaceId, long id) {
		return this.jdbc.sql("select " + ENDPOINT_COLUMNS + " from webhook_endpoint where workspace_id = :workspaceId and id = :id")
			.param("workspaceId", workspaceId)
			.param("id", id)
			.query(JdbcWebhookRepository::endpoint)
			.optional();
	}

	List<EndpointRow> endpoints(long workspaceId, Long afterId, int limit) {
		return this.jdbc.sql("select " + ENDPOINT_COLUMNS + """
				 from webhook_endpoint
				where workspace_id = :workspaceId and (cast(:afterId as bigint) is null or id > :afterId)
				order by id limit :limit
				""")
			.param("workspaceId", workspaceId)
			.param("afterId", afterId)
			.param("limit", limit)
			.query(JdbcWebhookRepository::endpoint)
			.list();
	}

	/** Whether an active endpoint of the workspace subscribed to the event type. */
	boolean isSubscribed(long workspaceId, String eventType) {
		return this.subscribed.get(workspaceId, (id) -> Set.copyOf(this.jdbc.sql("""
				select distinct unnest(event_types) from webhook_endpoint where workspace_id = :workspaceId and active
				""").param("workspaceId", id).query(String.class).list())).contains(eventType);
	}

	/** The active endpoints of the workspace that subscribed to the event type. */
	List<Long> subscribers(long workspaceId, String eventType) {
		return this.jdbc.sql("""
				select id from webhook_endpoint
				where workspace_id = :workspaceId and active and :type = any (event_types)
				order by id
				""")
			.param("workspaceId", workspaceId)
			.param("type", eventType)
			.query(Long.class)
			.list();
	}

	boolean updateEndpoint(long workspaceId, long id, int version, String url, String description,
			String secretEncrypted, String secretHint, List<String> eventTypes, boolean active) {
		this.subscribed.evict(workspaceId);
		return this.jdbc.sql("""
				update webhook_endpoint set url = :url, description = :description, secret_encrypted = :secret,
				  secret_hint = :hint, event_types = :types, active = :active, updated_at = now(), version = version + 1
				where workspace_id = :workspaceId and id = :id and version = :version
				""")
			.param("url", url)
			.param("description", description)
			.param("secret", secretEncrypted)
			.param("hint", secretHint)
			.param("types", eventTypes.toArray(String[]::new))
			.param("active", active)
			.param("workspaceId", workspaceId)
			.param("id", id)
			.param("version", version)
			.update() == 1;
	}

	void deleteEndpoint(long workspaceId, long id) {
		this.subscribed.evict(workspaceId);
		this.jdbc.sql("delete from webhook_endpoint where workspace_id = :workspaceId and id = :id")
			.param("workspaceId", workspaceId)
			.param("id", id)
			.update();
	}

	/** Makes the delivery unless the endpoint already has one for this event; whether it made one. */
	boolean insertDelivery(long workspaceId, long endpointId, UUID eventId, String eventType, OffsetDateTime eventTime,
			String payload, OffsetDateTime retryUntil) {
		return this.jdbc.sql("""
				insert into webhook_delivery (workspace_id, endpoint_id, event_id, event_type, event_time, payload,
				  next_attempt_at, retry_until)
				values (:workspaceId, :endpointId, :eventId, :eventType, :eventTime, :payload, now(), :retryUntil)
				on conflict (workspace_id, endpoint_id, event_id) do nothing
				""")
			.param("workspaceId", workspaceId)
			.param("endpointId", endpointId)
			.param("eventId", eventId)
			.param("eventType", eventType)
			.param("eventTime", eventTime)
			.param("payload", payload)
			.param("retryUntil", retryUntil)
			.update() == 1;
	}

	/** The endpoint's deliveries, newest first, keyed on id. */
	List<WebhookDeliveryView> deliveries(long workspaceId, long endpointId, Long beforeId, int limit) {
		return this.jdbc.sql("select " + DELIVERY_COLUMNS + """
				 from webhook_delivery
				where workspace_id = :workspaceId and endpoint_id = :endpointId
				  and (cast(:beforeId as bigint) is null or id < :beforeId)
				order by id desc limit :limit
				""")
			.param("workspaceId", workspaceId)
			.param("endpointId", endpointId)
			.param("beforeId", beforeId)
			.param("limit", limit)
			.query(JdbcWebhookRepository::delivery)
			.list();
	}

	Optional<WebhookDeliveryView> findDelivery(long workspaceId, long endpointId, long id) {
		return this.jdbc.sql("select " + DELIVERY_COLUMNS + """
				 from webhook_delivery where workspace_id = :workspaceId and endpoint_id = :endpointId and id = :id
				""")
			.param("workspaceId", workspaceId)
			.param("endpointId", endpointId)
			.param("id", id)
			.query(JdbcWebhookRepository::delivery)
			.optional();
	}

	String payload(long workspaceId, long id) {
		return this.jdbc.sql("select payload from webhook_delivery where workspace_id = :workspaceId and id = :id")
			.param("workspaceId", workspaceId)
			.param("id", id)
			.query(String.class)
			.single();
	}

	/** Queues the delivery again at once, with a fresh retry window. */
	void requeue(long workspaceId, long id, OffsetDateTime retryUntil) {
		this.jdbc.sql("""
				update webhook_delivery set status = 'PENDING', next_attempt_at = now(), retry_until = :retryUntil
				where workspace_id = :workspaceId and id = :id
				""")
			.param("retryUntil", retryUntil)
			.param("workspaceId", workspaceId)
			.param("id", id)
			.update();
	}

	/**
	 * Takes up to {@code limit} due deliveries of active endpoints for this sender: other senders skip the rows
	 * locked here, and the claim moves their next attempt past the lease, so that a sender that dies mid-send
	 * leaves them to be tried again once the lease ran out.
	 */
	List<Claimed> claimDue(int limit, OffsetDateTime leaseUntil) {
		return this.jdbc.sql("""
				with due as (
				  select d.workspace_id, d.id from webhook_delivery d
				  join webhook_endpoint e on e.id = d.endpoint_id and e.workspace_id = d.workspace_id
				  where d.status = 'PENDING' and d.next_attempt_at <= now() and e.active
				  order by d.next_attempt_at
				  limit :limit
				  for update of d skip locked
				)
				update webhook_delivery d set next_attempt_at = :leaseUntil
				from due, webhook_endpoint e
				where d.workspace_id = due.workspace_id and d.id = due.id
				  and e.workspace_id = d.workspace_id and e.id = d.endpoint_id
				returning d.id, d.workspace_id, d.endpoint_id, e.url, e.secret_encrypted, d.event_id, d.event_type,
				  d.payload, d.attempts, d.retry_until
				""")
			.param("limit", limit)
			.param("leaseUntil", leaseUntil)
			.query((rs, n) -> new Claimed(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
					rs.getString(5), rs.getObject(6, UUID.class), rs.getString(7), rs.getString(8), rs.getInt(9),
					rs.getObject(10, OffsetDateTime.class)))
			.list();
	}

	/** Records one attempt: delivered, to be retried at {@code nextAttemptAt}, or failed for good (both null). */
	void recordAttempt(long workspaceId, long id, WebhookDeliveryStatus status, Integer responseCode, String error,
			OffsetDateTime nextAttemptAt) {
		this.jdbc.sql("""
				update webhook_delivery set status = :status, attempts = attempts + 1, response_code = :code,
				  last_error = :error, last_attempt_at = now(), next_attempt_at = :next,
				  delivered_at = case when :status = 'DELIVERED' then now() else delivered_at end
				where workspace_id = :workspaceId and id = :id
				""")
			.param("status", status.name())
			.param("code", responseCode)
			.param("error", error)
			.param("next", nextAttemptAt)
			.param("workspaceId", workspaceId)
			.param("id", id)
			.update();
	}

	static Cursor cursor(long id) {
		return Cursor.of("id", id);
	}

	private static EndpointRow endpoint(ResultSet rs, int n) throws SQLException {
		Array types = rs.getArray("event_types");
		return new EndpointRow(rs.getLong("id"), rs.getString("url"), rs.getString("description"),
				rs.getString("secret_encrypted"), rs.getString("secret_hint"),
				List.copyOf(Arrays.asList((String[]) types.getArray())), rs.getBoolean("active"),
				rs.getLong("created_by"), rs.getObject("created_at", OffsetDateTime.class),
				rs.getObject("updated_at", OffsetDateTime.class), rs.getInt("version"));
	}

	private static WebhookDeliveryView delivery(ResultSet rs, int n) throws SQLException {
		int code = rs.getInt("response_code");
		Integer responseCode = rs.wasNull() ? null : code;
		return new WebhookDeliveryView(Long.toString(rs.getLong("id")), Long.toString(rs.getLong("endpoint_id")),
				rs.getObject("event_id", UUID.class).toString(), rs.getString("event_type"),
				rs.getObject("event_time", OffsetDateTime.class), WebhookDeliveryStatus.valueOf(rs.getString("status")),
				rs.getInt("attempts"), responseCode, rs.getString("last_error"),
				rs.getObject("last_attempt_at", OffsetDateTime.class),
				rs.getObject("next_attempt_at", OffsetDateTime.class), rs.getObject("delivered_at", OffsetDateTime.class),
				rs.getObject("created_at", OffsetDateTime.class));
	}

}
