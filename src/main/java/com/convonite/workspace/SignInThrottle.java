package com.convonite.workspace;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing: after {@code convonite.sign-in.max-failures} wrong passwords for one email address
 * within {@code convonite.sign-in.window}, sign-in with that address (web form or HTTP Basic) is refused, even
 * with the right password, until the oldest of those failures is older than the window. A successful sign-in
 * clears the count. Kept in memory: one product instance, and a restart forgives.
 * <p>
 * API tokens are counted the same way by token id ({@link #apiTokenFailed}): a wrong secret for an existing
 * token counts, and once the id is held back its sign-in answers 429 without running bcrypt. A success does
 * not clear that count (a guesser cannot reset it by waiting for the owner's next request); tokens that
 * {@link VerifiedApiTokens} already verified keep working, as they are checked before the throttle.
 * Emails and token ids are counted apart, so HTTP Basic with a made-up user name cannot hold a token back.
 */
@Component
class SignInThrottle {

	private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);

	private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

	private final int maxFailures;

	private final Duration window;

	private final Clock clock;

	@org.springframework.beans.factory.annotation.Autowired
	SignInThrottle(@Value("${convonite.sign-in.max-failures:5}") int maxFailures,
			@Value("${convonite.sign-in.window:15m}") Duration window) {
		this(maxFailures, window, Clock.systemUTC());
	}

	SignInThrottle(int maxFailures, Duration window, Clock clock) {
		this.maxFailures = maxFailures;
		this.window = window;
		this.clock = clock;
	}

	/** Refused sign-in: the address had too many recent failures. */
	static final class SignInThrottledException extends LockedException {

		private final Duration retryAfter;

		private final boolean apiToken;

		private SignInThrottledException(String message, Duration retryAfter, boolean apiToken) {
			super(message);
			this.retryAfter = retryAfter;
			this.apiToken = apiToken;
		}

		static SignInThrottledException forEmail(Duration retryAfter) {
			return new SignInThrottledException(
					"Too many failed sign-ins for this email address. Try again in " + minutes(retryAfter) + ".",
					retryAfter, false);
		}

		static SignInThrottledException forApiToken(Duration retryAfter) {
			return new SignInThrottledException("Too many failed sign-ins with this API token. Try again in "
					+ minutes(retryAfter) + ".", retryAfter, true);
		}

		Duration retryAfter() {
			return this.retryAfter;
		}

		/** The problem's detail for an API client. */
		String apiDetail() {
			return this.apiToken ? getMessage()
					: getMessage() + " An API token (Authorization: Bearer) is not affected.";
		}

		static String minutes(Duration wait) {
			long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
			return minutes + (minutes == 1 ? " minute" : " minutes");
		}

	}

	/** How long the address must wait before trying again, if it must. */
	Optional<Duration> waitFor(String email) {
		return waitForKey(key(email));
	}

	/** How long sign-in with the API token must wait, if it must. */
	Optional<Duration> waitForApiToken(long tokenId) {
		return waitForKey(apiTokenKey(tokenId));
	}

	private Optional<Duration> waitForKey(String key) {
		Deque<Instant> recent = this.failures.get(key);
		if (recent == null) {
			return Optional.empty();
		}
		synchronized (recent) {
			Instant now = this.clock.instant();
			prune(recent, now);
			if (recent.size() < this.maxFailures) {
				return Optional.empty();
			}
			return Optional.of(Duration.between(now, recent.peekFirst().plus(this.window)));
		}
	}

	void check(String email) {
		waitFor(email).ifPresent((wait) -> {
			throw SignInThrottledException.forEmail(wait);
		});
	}

	void checkApiToken(long tokenId) {
		waitForApiToken(tokenId).ifPresent((wait) -> {
			throw SignInThrottledException.forApiToken(wait);
		});
	}

	@EventListener
	void failed(AuthenticationFailureBadCredentialsEvent event) {
		String email = String.valueOf(event.getAuthentication().getName());
		count(key(email), "an email address");
	}

	/** A wrong secret was sent for this (existing) API token. */
	void apiTokenFailed(long tokenId) {
		count(apiTokenKey(tokenId), "API token " + tokenId);
	}

	private void count(String key, String what) {
		Deque<Instant> recent = this.failures.computeIfAbsent(key, (k) -> new ArrayDeque<>());
		synchronized (recent) {
			Instant now = this.clock.instant();
			prune(recent, now);
			recent.addLast(now);
			if (recent.size() == this.maxFailures) {
				log.warn("Sign-in paused for {} after {} failures in {}", what, this.maxFailures, this.window);
			}
		}
		if (this.failures.size() > 100_000) {
			this.failures.entrySet().removeIf((entry) -> {
				synchronized (entry.getValue()) {
					prune(entry.getValue(), this.clock.instant());
					return entry.getValue().isEmpty();
				}
			});
		}
	}

	@EventListener
	void succeeded(AuthenticationSuccessEvent event) {
		this.failures.remove(key(event.getAuthentication().getName()));
	}

	private void prune(Deque<Instant> recent, Instant now) {
		while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(this.window))) {
			recent.removeFirst();
		}
	}

	private static String key(String email) {
		return "email:" + ((email == null) ? "" : email.strip().toLowerCase(Locale.ROOT));
	}

	private static String apiTokenKey(long tokenId) {
		return "api-token:" + tokenId;
	}

}
