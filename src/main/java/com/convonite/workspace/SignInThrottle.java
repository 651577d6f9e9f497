package com.convonite.workspace;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

import com.convonite.shared.WorkspaceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.authentication.LockedException;
import org.springframework.stereotype.Component;

/**
 * Slows guessing, counted in PostgreSQL ({@code sign_in_failure}, V71) so that every instance of the product
 * shares the counts. What is counted, within {@code convonite.sign-in.window} (15 minutes):
 * <ul>
 * <li>wrong passwords for one account <em>from one client</em>: after {@code convonite.sign-in.max-failures} (5)
 * that client's sign-in with that account pauses, even with the right password, until the oldest failure leaves
 * the window. The account is the member's id when the typed address finds one (whatever way it was typed), the
 * normalised address ({@link EmailAddresses#key}) when it finds none, so known and unknown addresses behave
 * alike. A stranger pauses only their own client: the member signs in from theirs.</li>
 * <li>wrong passwords from one client, for any accounts: after {@code convonite.sign-in.max-failures-per-client}
 * (50) that client's password sign-ins pause (guessing over many addresses).</li>
 * <li>wrong secrets for one API token id, from any client: after {@code max-failures} sign-in with that id
 * answers 429 without running bcrypt; tokens that {@link VerifiedApiTokens} already verified keep working.</li>
 * <li>sign-ups of new workspaces from one client: at most {@code convonite.signup.max-per-client} (5) per
 * {@code convonite.signup.window} (1 hour).</li>
 * </ul>
 * A successful sign-in clears its account's count for that client. A client is its IP address (an IPv6 client by
 * its /64 network, which one subscriber usually holds whole), as the connector sees it behind trusted proxies.
 */
@Component
class SignInThrottle {

	private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);

	private final JdbcClient jdbc;

	private final int maxFailures;

	private final int maxClientFailures;

	private final Duration window;

	private final int maxSignUps;

	private final Duration signUpWindow;

	SignInThrottle(JdbcClient jdbc, @Value("${convonite.sign-in.max-failures:5}") int maxFailures,
			@Value("${convonite.sign-in.max-failures-per-client:50}") int maxClientFailures,
			@Value("${convonite.sign-in.window:15m}") Duration window,
			@Value("${convonite.signup.max-per-client:5}") int maxSignUps,
			@Value("${convonite.signup.window:1h}") Duration signUpWindow) {
		this.jdbc = jdbc;
		this.maxFailures = maxFailures;
		this.maxClientFailures = maxClientFailures;
		this.window = window;
		this.maxSignUps = maxSignUps;
		this.signUpWindow = signUpWindow;
	}

	/** Refused sign-in: too many recent failures for the account from this client, or from this client at all. */
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

		static SignInThrottledException forClient(Duration retryAfter) {
			return new SignInThrottledException(
					"Too many failed sign-ins from your network. Try again in " + minutes(retryAfter) + ".",
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

	/** Refuses a password sign-in when the account (member id or address) or the client is paused. */
	void checkPassword(String account, String client) {
		waitFor(accountSubject(account, client), this.maxFailures, this.window).ifPresent((wait) -> {
			throw SignInThrottledException.forEmail(wait);
		});
		waitFor(clientSubject(client), this.maxClientFailures, this.window).ifPresent((wait) -> {
			throw SignInThrottledException.forClient(wait);
		});
	}

	/** A wrong password for the account from the client. */
	void passwordFailed(String account, String client) {
		count(accountSubject(account, client), clientSubject(client));
		if (waitFor(accountSubject(account, client), this.maxFailures, this.window).isPresent()) {
			log.warn("Sign-in paused for an account from one client after {} failures in {}", this.maxFailures,
					this.window);
		}
	}

	/** The right password: the account's failures from this client are forgiven. */
	void passwordSucceeded(String account, String client) {
		WorkspaceScope.runAsSystem("sign-in succeeded",
				() -> this.jdbc.sql("delete from sign_in_failure where subject = :subject")
					.param("subject", accountSubject(account, client))
					.update());
	}

	/** How long sign-in with the API token must wait, if it must. */
	Optional<Duration> waitForApiToken(long tokenId) {
		return waitFor(apiTokenSubject(tokenId), this.maxFailures, this.window);
	}

	void checkApiToken(long tokenId) {
		waitForApiToken(tokenId).ifPresent((wait) -> {
			throw SignInThrottledException.forApiToken(wait);
		});
	}

	/** A wrong secret was sent for this (existing) API token. */
	void apiTokenFailed(long tokenId) {
		count(apiTokenSubject(tokenId));
	}

	/**
	 * Counts a sign-up attempt from the client, refused (with how long to wait) when it already made
	 * {@code convonite.signup.max-per-client} within the window.
	 */
	Optional<Duration> signUpAttempt(String client) {
		String subject = "sign-up:" + client;
		Optional<Duration> wait = waitFor(subject, this.maxSignUps, this.signUpWindow);
		if (wait.isEmpty()) {
			count(subject);
		}
		return wait;
	}

	/**
	 * How long until fewer than {@code max} failures of the subject are in the window: the {@code max}-th most
	 * recent failure leaves it then.
	 */
	private Optional<Duration> waitFor(String subject, int max, Duration within) {
		return WorkspaceScope.callAsSystem("sign-in pause", () -> this.jdbc.sql("""
				select failed_at + make_interval(secs => :window) - now() > interval '0' as waiting,
				       extract(epoch from failed_at + make_interval(secs => :window) - now()) as seconds
				from sign_in_failure
				where subject = :subject and failed_at > now() - make_interval(secs => :window)
				order by failed_at desc offset :skip limit 1
				""")
			.param("subject", subject)
			.param("window", within.toSeconds())
			.param("skip", Math.max(max, 1) - 1)
			.query((rs, n) -> rs.getBoolean("waiting") ? Duration.ofMillis((long) (rs.getDouble("seconds") * 1000))
					: null)
			.optional());
	}

	private void count(String... subjects) {
		WorkspaceScope.runAsSystem("sign-in failure", () -> this.jdbc
			.sql("insert into sign_in_failure (subject) select unnest(:subjects::text[])")
			.param("subjects", subjects)
			.update());
	}

	/** Forgets failures older than every window. */
	@Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
	void forgetOldFailures() {
		Duration longest = (this.window.compareTo(this.signUpWindow) > 0) ? this.window : this.signUpWindow;
		WorkspaceScope.runAsSystem("forget old sign-in failures",
				() -> this.jdbc.sql("delete from sign_in_failure where failed_at < now() - make_interval(secs => :window)")
					.param("window", longest.toSeconds())
					.update());
	}

	private static String accountSubject(String account, String client) {
		return account + "|" + client;
	}

	private static String clientSubject(String client) {
		return "client:" + client;
	}

	private static String apiTokenSubject(long tokenId) {
		return "api-token:" + tokenId;
	}

	/** The client of a request, by IP address; an IPv6 address by its /64 network. */
	static String client(String remoteAddress) {
		if (remoteAddress == null || remoteAddress.isBlank()) {
			return "unknown";
		}
		if (remoteAddress.indexOf(':') < 0) {
			return remoteAddress;
		}
		try {
			byte[] address = InetAddress.getByName(remoteAddress.replace("[", "").replace("]", "")).getAddress();
			if (address.length != 16) {
				return InetAddress.getByAddress(address).getHostAddress();
			}
			java.util.Arrays.fill(address, 8, 16, (byte) 0);
			return InetAddress.getByAddress(address).getHostAddress() + "/64";
		}
		catch (UnknownHostException ex) {
			return remoteAddress;
		}
	}

}
