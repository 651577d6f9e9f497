package com.convonite.webhook;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.shared.ProblemException;
import com.convonite.shared.Secrets;
import com.convonite.shared.Validation;
import com.convonite.workspace.SignedInMember;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The workspace's webhook endpoints and their delivery log, for admins only. The signing secret is stored
 * encrypted (it must be read back to sign) and shown in full only in the answer that created it.
 */
@Service
public class Webhooks {

	static final int DESCRIPTION_MAX = 200;

	static final int SECRET_MIN = 16;

	static final int SECRET_MAX = 200;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcWebhookRepository repository;

	private final WebhookTargets targets;

	private final Secrets secrets;

	private final WebhookSender sender;

	private final Duration retryFor;

	Webhooks(JdbcWebhookRepository repository, WebhookTargets targets, Secrets secrets, WebhookSender sender,
			@Value("${convonite.webhooks.retry-for:PT24H}") Duration retryFor) {
		this.repository = repository;
		this.targets = targets;
		this.secrets = secrets;
		this.sender = sender;
		this.retryFor = retryFor;
	}

	/** A new endpoint; a blank secret is generated. */
	public record NewWebhookEndpoint(String url, String description, String secret, List<String> eventTypes,
			Boolean active) {
	}

	/** Changes to an endpoint: null leaves a field as it is, an empty Optional clears it. */
	public record WebhookEndpointChanges(Optional<String> url, Optional<String> description, Optional<String> secret,
			Optional<List<String>> eventTypes, Optional<Boolean> active) {
	}

	public Page<WebhookEndpointView> list(SignedInMember actor, PageRequest page) {
		actor.requireAdmin("manage webhooks");
		Long afterId = (page.cursor() != null) ? afterId(page) : null;
		List<JdbcWebhookRepository.EndpointRow> rows = this.repository.endpoints(actor.workspaceId(), afterId,
				page.limit() + 1);
		String next = null;
		if (rows.size() > page.limit()) {
			rows = rows.subList(0, page.limit());
			next = JdbcWebhookRepository.cursor(rows.get(rows.size() - 1).id()).encode();
		}
		return new Page<>(rows.stream().map(Webhooks::view).toList(), next);
	}

	public WebhookEndpointView get(SignedInMember actor, long id) {
		actor.requireAdmin("manage webhooks");
		return view(row(actor.workspaceId(), id));
	}

	@Transactional
	public WebhookEndpointView create(SignedInMember actor, NewWebhookEndpoint command) {
		actor.requireAdmin("manage webhooks");
		Validation validation = new Validation();
		String url = url(validation, command.url());
		String description = validation.text("description", command.description(), false, DESCRIPTION_MAX);
		String secret = validation.text("secret", command.secret(), false, SECRET_MAX);
		if (secret == null) {
			secret = generateSecret();
		}
		else {
			checkSecret(validation, secret);
		}
		List<String> types = eventTypes(validation, command.eventTypes());
		validation.throwIfInvalid();
		boolean active = (command.active() == null) || command.active();
		long id = this.repository.insertEndpoint(actor.workspaceId(), url, description, this.secrets.encrypt(secret),
				Secrets.masked(secret), types, active, actor.memberId());
		return view(row(actor.workspaceId(), id)).withSecret(secret);
	}

	@Transactional
	public WebhookEndpointView change(SignedInMember actor, long id, int version, WebhookEndpointChanges changes) {
		actor.requireAdmin("manage webhooks");
		JdbcWebhookRepository.EndpointRow current = row(actor.workspaceId(), id);
		if (current.version() != version) {
			throw ProblemException.staleVersion("webhook endpoint");
		}
		Validation validation = new Validation();
		String url = (changes.url() != null) ? url(validation, changes.url().orElse(null)) : current.url();
		String description = (changes.description() != null)
				? validation.text("description", changes.description().orElse(null), false, DESCRIPTION_MAX)
				: current.description();
		String secretEncrypted = current.secretEncrypted();
		String secretHint = current.secretHint();
		if (changes.secret() != null) {
			String secret = validation.text("secret", changes.secret().orElse(null), true, SECRET_MAX);
			if (secret != null) {
				checkSecret(validation, secret);
				secretEncrypted = this.secrets.encrypt(secret);
				secretHint = Secrets.masked(secret);
			}
		}
		List<String> types = (changes.eventTypes() != null) ? eventTypes(validation, changes.eventTypes().orElse(null))
				: current.eventTypes();
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
		if (java.util.Objects.equals(url, current.url()) && java.util.Objects.equals(description, current.description())
				&& java.util.Objects.equals(secretEncrypted, current.secretEncrypted())
				&& java.util.Objects.equals(types, current.eventTypes()) && active == current.active()) {
			return view(current); // saved unchanged: no new version
		}
		if (!this.repository.updateEndpoint(actor.workspaceId(), id, version, url, description, secretEncrypted,
				secretHint, types, active)) {
			throw ProblemException.staleVersion("webhook endpoint");
		}
		return view(row(actor.workspaceId(), id));
	}

	/** Deletes the endpoint with its delivery log; nothing more is sent to it. */
	@Transactional
	public void delete(SignedInMember actor, long id) {
		actor.requireAdmin("manage webhooks");
		row(actor.workspaceId(), id);
		this.repository.deleteEndpoint(actor.workspaceId(), id);
	}

	public Page<WebhookDeliveryView> deliveries(SignedInMember actor, long endpointId, PageRequest page) {
		actor.requireAdmin("manage webhooks");
		row(actor.workspaceId(), endpointId);
		Long beforeId = (page.cursor() != null) ? afterId(page) : null;
		List<WebhookDeliveryView> rows = this.repository.deliveries(actor.workspaceId(), endpointId, beforeId,
				page.limit() + 1);
		String next = null;
		if (rows.size() > page.limit()) {
			rows = rows.subList(0, page.limit());
			next = JdbcWebhookRepository.cursor(Long.parseLong(rows.get(rows.size() - 1).id())).encode();
		}
		return new Page<>(rows, next);
	}

	public WebhookDeliveryView delivery(SignedInMember actor, long endpointId, long deliveryId) {
		actor.requireAdmin("manage webhooks");
		return this.repository.findDelivery(actor.workspaceId(), endpointId, deliveryId)
			.orElseThrow(() -> ProblemException.notFound("webhook delivery"));
	}

	/** The exact body that is (or was) sent for the delivery. */
	public String payload(SignedInMember actor, long endpointId, long deliveryId) {
		delivery(actor, endpointId, deliveryId);
		return this.repository.payload(actor.workspaceId(), deliveryId);
	}

	/**
	 * Queues the delivery to be sent again at once, whatever became of it, with the same event id and body and
	 * a fresh retry window; the receiver can tell it is the same event by its id.
	 */
	@Transactional
	public WebhookDeliveryView redeliver(SignedInMember actor, long endpointId, long deliveryId) {
		delivery(actor, endpointId, deliveryId);
		this.repository.requeue(actor.workspaceId(), deliveryId, now().plus(this.retryFor));
		this.sender.wakeUpAfterCommit();
		return delivery(actor, endpointId, deliveryId);
	}

	private JdbcWebhookRepository.EndpointRow row(long workspaceId, long id) {
		return this.repository.findEndpoint(workspaceId, id)
			.orElseThrow(() -> ProblemException.notFound("webhook endpoint"));
	}

	private String url(Validation validation, String raw) {
		String url = validation.text("url", raw, true, WebhookTargets.URL_MAX);
		if (url != null && !validation.has("url")) {
			String problem = this.targets.problem(url);
			if (problem != null) {
				validation.reject("url", problem);
			}
		}
		return url;
	}

	private static void checkSecret(Validation validation, String secret) {
		if (secret.codePointCount(0, secret.length()) < SECRET_MIN) {
			validation.reject("secret", "must be at least " + SECRET_MIN + " characters (or left out to have one made)");
		}
	}

	private static List<String> eventTypes(Validation validation, List<String> requested) {
		if (requested == null || requested.isEmpty()) {
			validation.reject("eventTypes", "must name at least one event type");
			return List.of();
		}
		LinkedHashSet<String> types = new LinkedHashSet<>();
		List<String> unknown = new ArrayList<>();
		for (String type : requested) {
			if (type != null && WebhookEventType.of(type.strip()).isPresent()) {
				types.add(type.strip());
			}
			else {
				unknown.add(String.valueOf(type));
			}
		}
		if (!unknown.isEmpty()) {
			validation.reject("eventTypes", "has unknown event types " + unknown + "; choose from "
					+ java.util.Arrays.stream(WebhookEventType.values()).map(WebhookEventType::typeName).toList());
		}
		return List.copyOf(types);
	}

	static String generateSecret() {
		byte[] random = new byte[24];
		RANDOM.nextBytes(random);
		return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	private static Long afterId(PageRequest page) {
		page.cursor().valuesFor("id", 1);
		return page.cursor().longValue(0);
	}

	private static WebhookEndpointView view(JdbcWebhookRepository.EndpointRow row) {
		return new WebhookEndpointView(Long.toString(row.id()), row.url(), row.description(), null, row.secretHint(),
				row.eventTypes(), row.active(), Long.toString(row.createdBy()), row.createdAt(), row.updatedAt(),
				row.version());
	}

	private static OffsetDateTime now() {
		return OffsetDateTime.now(ZoneOffset.UTC);
	}

}
