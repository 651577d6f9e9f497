package com.convonite.webhook;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
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
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
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
 * <p>
 * The HTTP client is Apache HttpClient rather than the JDK's because its name resolution can be replaced: it
 * resolves only through {@link WebhookTargets#connectableAddresses}, which checks what it returns, so a delivery
 * connects to an address that passed the private-network check and to no other (no DNS rebinding window between
 * check and connection), while the request keeps the URL's host for the Host header, SNI and the certificate
 * check. It uses no proxy. What an attempt records is the status code and a short excerpt of the answer, with
 * control characters removed ({@link #excerpt}).
 */
@Component
class WebhookSender implements DisposableBean {

	static final String USER_AGENT = "Convonite-Webhooks/1";

	private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

	private static final int ERROR_MAX = 500;

	/** The most of a failing answer's body kept in the delivery log, in characters. */
	static final int BODY_EXCERPT_MAX = 200;

	/** The largest answer body read to its end so that its connection can serve the next delivery. */
	private static final long REUSE_MAX = 16 * 1024;

	private final JdbcWebhookRepository repository;

	private final Secrets secrets;

	private final WebhookTargets targets;

	private final Executor executor;

	private final CloseableHttpClient http;

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
		DnsResolver checkedAddressesOnly = new DnsResolver() {

			@Override
			public InetAddress[] resolve(String host) throws UnknownHostException {
				return targets.connectableAddresses(host);
			}

			@Override
			public String resolveCanonicalHostname(String host) {
				return host;
			}

		};
		this.http = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(checkedAddressesOnly)
				.setMaxConnTotal(Math.max(2, batchSize * 2))
				.setMaxConnPerRoute(Math.max(1, batchSize))
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(Timeout.of(connectTimeout))
					.setSocketTimeout(Timeout.of(requestTimeout))
					.build())
				.build())
			.setDefaultRequestConfig(RequestConfig.custom()
				.setConnectionRequestTimeout(Timeout.of(requestTimeout))
				.setResponseTimeout(Timeout.of(requestTimeout))
				.setRedirectsEnabled(false)
				.build())
			.setUserAgent(USER_AGENT)
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableContentCompression()
			.disableCookieManagement()
			.disableAuthCaching()
			.build();
	}

	@Override
	public void destroy() throws IOException {
		this.http.close();
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
			HttpPost request = new HttpPost(URI.create(delivery.url()));
			request.setHeader("User-Agent", USER_AGENT);
			request.setHeader("Convonite-Event-Id", delivery.eventId().toString());
			request.setHeader("Convonite-Event-Type", delivery.eventType());
			request.setHeader("Convonite-Delivery-Id", Long.toString(delivery.id()));
			request.setHeader("Convonite-Timestamp", Long.toString(timestamp));
			request.setHeader("Convonite-Signature", WebhookSignature.sign(secret, timestamp, delivery.payload()));
			request.setEntity(new ByteArrayEntity(delivery.payload().getBytes(StandardCharsets.UTF_8),
					ContentType.create("application/json")));
			int status;
			String body = "";
			ClassicHttpResponse response = this.http.executeOpen(null, request, null);
			boolean reusable = false;
			try {
				status = response.getCode();
				HttpEntity entity = response.getEntity();
				if (entity != null && (status < 200 || status >= 300)) {
					body = new String(entity.getContent().readNBytes(BODY_EXCERPT_MAX * 4), StandardCharsets.UTF_8);
				}
				reusable = entity == null || (entity.getContentLength() >= 0 && entity.getContentLength() <= REUSE_MAX);
			}
			finally {
				// Closing a response reads the rest of its body to keep the connection; an answer of unknown or
				// large size could hold this thread as long as the receiver likes, so its connection is dropped.
				if (!reusable) {
					request.cancel();
				}
				try {
					response.close();
				}
				catch (IOException ex) {
					// the connection was dropped, or the receiver broke it: the status is what counts
				}
			}
			if (status >= 200 && status < 300) {
				this.repository.recordAttempt(delivery.workspaceId(), delivery.id(), WebhookDeliveryStatus.DELIVERED,
						status, null, null);
			}
			else {
				String excerpt = excerpt(body, BODY_EXCERPT_MAX);
				failed(delivery, status, "HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt));
			}
		}
		catch (WebhookTargets.RefusedTarget ex) {
			failed(delivery, null, "Not sent: the URL " + ex.getMessage());
		}
		catch (IOException ex) {
			failed(delivery, null, describe(ex));
		}
		catch (RuntimeException ex) {
			failed(delivery, null, describe(ex));
		}
	}

	/**
	 * At most {@code max} characters of text for the delivery log: control and format characters (line breaks,
	 * escapes, bidirectional overrides) become spaces, runs of white space one space.
	 */
	static String excerpt(String text, int max) {
		if (text == null) {
			return "";
		}
		StringBuilder clean = new StringBuilder(Math.min(text.length(), max + 1));
		boolean space = false;
		for (int i = 0; i < text.length() && clean.length() < max + 1;) {
			int c = text.codePointAt(i);
			i += Character.charCount(c);
			boolean blank = Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)
					|| Character.getType(c) == Character.FORMAT || c == 0xFFFD;
			if (blank) {
				space = clean.length() > 0;
				continue;
			}
			if (space) {
				clean.append(' ');
				space = false;
			}
			clean.appendCodePoint(c);
		}
		if (clean.length() <= max) {
			return clean.toString();
		}
		int end = max - 1;
		if (Character.isHighSurrogate(clean.charAt(end - 1))) {
			end--;
		}
		return clean.substring(0, end) + "…";
	}

	private void failed(JdbcWebhookRepository.Claimed delivery, Integer status, String error) {
		int attempts = delivery.attempts() + 1;
		OffsetDateTime next = now().plus(backoff(attempts));
		boolean givingUp = next.isAfter(delivery.retryUntil());
		String message = excerpt(error, ERROR_MAX);
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
			case "ConnectTimeoutException" -> "Connection timed out";
			case "SocketTimeoutException" -> "No answer in time";
			case "HttpHostConnectException", "ConnectException" -> "Connection refused";
			case "UnknownHostException" -> "Unknown host";
			default -> ex.getClass().getSimpleName();
		};
		return (message == null || message.isBlank()) ? kind : kind + ": " + message;
	}

	private static OffsetDateTime now() {
		return OffsetDateTime.now(ZoneOffset.UTC);
	}

}
