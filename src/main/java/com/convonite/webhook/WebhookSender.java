package com.convonite.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import com.convonite.shared.AfterCommit;
import com.convonite.shared.Secrets;
import com.convonite.shared.WorkspaceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends due deliveries: polls for them (and is woken at once when new ones are committed), claims a bounded batch
 * with {@code FOR UPDATE SKIP LOCKED} so that several instances never send one twice at the same time, POSTs them
 * in parallel with timeouts, and records each attempt. A failed attempt is retried after a backoff that starts at
 * {@code initial-backoff} and doubles up to {@code max-backoff}, until {@code retry-for} after the event (24 hours);
 * then the delivery is marked FAILED. Redirects are not followed: a 3xx is a failed attempt.
 */
@Component
class WebhookSender {

	static final String USER_AGENT = "Convonite-Webhooks/1";

	private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

	private static final int ERROR_MAX = 500;

	private final JdbcWebhookRepository repository;

	private final Secrets secrets;

	private final WebhookTargets targets;

	private final Executor executor;

	private final HttpClient http;

	private final Duration requestTimeout;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final int batchSize;

	private final ReentrantLock sending = new ReentrantLock();

	private final AtomicBoolean wokenWhileSending = new AtomicBoolean();

	WebhookSender(JdbcWebhookRepository repository, Secrets secrets, WebhookTargets targets,
			@Qualifier("applicationTaskExecutor") Executor executor,
			@Value("${convonite.webhooks.connect-timeout:PT5S}") Duration connectTimeout,
			@Value("${convonite.webhooks.request-timeout:PT10S}") Duration requestTimeout,
			@Value("${convonite.webhooks.initial-backoff:PT30S}") Duration initialBackoff,
			@Value("${convonite.webhooks.max-backoff:PT1H}") Duration maxBackoff,
			@Value("${convonite.webhooks.batch-size:20}") int batchSize) {
		this.repository = repository;
		this.secrets = secrets;
		this.targets = targets;
		this.executor = executor;
		this.requestTimeout = requestTimeout;
		this.initialBackoff = initialBackoff;
		this.maxBackoff = maxBackoff;
		this.batchSize = batchSize;
		this.http = HttpClient.newBuilder()
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
	}

	@Scheduled(fixedDelayString = "${convonite.webhooks.poll-interval:PT5S}", initialDelayString = "PT5S")
	void poll() {
		sendDue();
	}

	/** Sends what is due as soon as the current transaction commits (at once without one). */
	void wakeUpAfterCommit() {
		AfterCommit.run(this::wakeUp);
	}

	private void wakeUp() {
		this.executor.execute(this::sendDue);
	}

	/** Sends batches until none is due; a wake-up during a run makes it look once more. */
	void sendDue() {
		if (!this.sending.tryLock()) {
			this.wokenWhileSending.set(true);
			return;
		}
		try {
			do {
				this.wokenWhileSending.set(false);
				List<JdbcWebhookRepository.Claimed> batch;
				do {
					Duration lease = this.requestTimeout.multipliedBy(2).plusSeconds(30);
					OffsetDateTime leaseEnd = now().plus(lease);
					batch = WorkspaceScope.callAsSystem("claim due webhook deliveries of every workspace",
							() -> this.repository.claimDue(this.batchSize, leaseEnd));
					CompletableFuture.allOf(batch.stream()
						.map((delivery) -> CompletableFuture.runAsync(
								() -> WorkspaceScope.run(delivery.workspaceId(), () -> attempt(delivery)), this.executor))
						.toArray(CompletableFuture[]::new)).join();
				}
				while (batch.size() == this.batchSize);
			}
			while (this.wokenWhileSending.get());
		}
		catch (RuntimeException ex) {
			log.warn("Sending webhook deliveries stopped: {}", ex.getMessage());
		}
		finally {
			this.sending.unlock();
		}
	}

	void attempt(JdbcWebhookRepository.Claimed delivery) {
		String refusal = this.targets.problem(delivery.url());
		if (refusal != null) {
			failed(delivery, null, "Not sent: the URL " + refusal);
			return;
		}
		String secret;
		try {
			secret = this.secrets.decrypt(delivery.secretEncrypted());
		}
		catch (RuntimeException ex) {
			failed(delivery, null, "Not sent: the signing secret cannot be decrypted with the current secrets key; "
					+ "set a new secret on the endpoint");
			return;
		}
		try {
			long timestamp = Instant.now().getEpochSecond();
			HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
				.timeout(this.requestTimeout)
				.header("Content-Type", "application/json")
				.header("User-Agent", USER_AGENT)
				.header("Convonite-Event-Id", delivery.eventId().toString())
				.header("Convonite-Event-Type", delivery.eventType())
				.header("Convonite-Delivery-Id", Long.toString(delivery.id()))
				.header("Convonite-Timestamp", Long.toString(timestamp))
				.header("Convonite-Signature", WebhookSignature.sign(secret, timestamp, delivery.payload()))
				.POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
				.build();
			HttpResponse<InputStream> response = this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
			String body;
			try (InputStream in = response.body()) {
				body = new String(in.readNBytes(ERROR_MAX), StandardCharsets.UTF_8);
			}
			int status = response.statusCode();
			if (status >= 200 && status < 300) {
				this.repository.recordAttempt(delivery.workspaceId(), delivery.id(), WebhookDeliveryStatus.DELIVERED,
						status, null, null);
			}
			else {
				failed(delivery, status, "HTTP " + status + (body.isBlank() ? "" : ": " + body.strip()));
			}
		}
		catch (IOException ex) {
			failed(delivery, null, describe(ex));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			failed(delivery, null, "Interrupted while sending");
		}
		catch (RuntimeException ex) {
			failed(delivery, null, describe(ex));
		}
	}

	private void failed(JdbcWebhookRepository.Claimed delivery, Integer status, String error) {
		int attempts = delivery.attempts() + 1;
		OffsetDateTime next = now().plus(backoff(attempts));
		boolean givingUp = next.isAfter(delivery.retryUntil());
		String message = (error.length() > ERROR_MAX) ? error.substring(0, ERROR_MAX) : error;
		this.repository.recordAttempt(delivery.workspaceId(), delivery.id(),
				givingUp ? WebhookDeliveryStatus.FAILED : WebhookDeliveryStatus.PENDING, status, message,
				givingUp ? null : next);
		log.info("Webhook delivery {} to endpoint {} failed (attempt {}): {}{}", delivery.id(), delivery.endpointId(),
				attempts, message, givingUp ? "; giving up" : "; retrying at " + next);
	}

	/** The wait after the given number of failed attempts: initial, doubled each time, capped. */
	Duration backoff(int failedAttempts) {
		Duration wait = this.initialBackoff;
		for (int i = 1; i < failedAttempts && wait.compareTo(this.maxBackoff) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return (wait.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : wait;
	}

	private static String describe(Exception ex) {
		String message = ex.getMessage();
		String kind = switch (ex.getClass().getSimpleName()) {
			case "HttpConnectTimeoutException" -> "Connection timed out";
			case "HttpTimeoutException" -> "No answer in time";
			case "ConnectException" -> "Connection refused";
			default -> ex.getClass().getSimpleName();
		};
		return (message == null || message.isBlank()) ? kind : kind + ": " + message;
	}

	private static OffsetDateTime now() {
		return OffsetDateTime.now(ZoneOffset.UTC);
	}

}
