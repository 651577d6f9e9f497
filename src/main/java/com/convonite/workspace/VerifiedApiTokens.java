package com.convonite.workspace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The API tokens this instance verified recently, so that a request with one of them needs no database round
 * trip and no bcrypt to sign in. The key is the SHA-256 of the presented token: it exists only in this
 * memory, is never stored nor logged, and a heap dump shows no usable token. An entry lives
 * {@code convonite.api-tokens.cache-ttl} (30 seconds) after it was verified, and at most {@value #MAX_SIZE}
 * tokens are held.
 * <p>
 * Revoking a token ({@link ApiTokens#revoke}) and changing a member ({@link Members#change}: role, active,
 * name) forget the affected entries at once, and again when the transaction ends, so they take effect on the
 * next request to <em>this</em> instance. Another instance of the product keeps what it verified until its
 * entry expires: there a revoked token, a deactivated member or a lost admin role still works for up to the
 * TTL.
 */
@Component
class VerifiedApiTokens {

	static final int MAX_SIZE = 10_000;

	private final Cache<String, Verified> cache;

	/**
	 * Tokens whose secret matched their bcrypt hash here in the last hour, by key, with their id: when a token's
	 * entry above expires, its revocation, its member's state and role are read again (one primary-key read),
	 * but bcrypt, tens of milliseconds of CPU, is not run again for a secret that already matched. A token's
	 * secret never changes.
	 */
	private final Cache<String, Long> matchedSecrets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofHours(1))
		.maximumSize(MAX_SIZE)
		.build();

	/** Counts forgets, so that a verification that raced with one does not put back what was forgotten. */
	private final AtomicLong forgets = new AtomicLong();

	VerifiedApiTokens(@Value("${convonite.api-tokens.cache-ttl:PT30S}") Duration ttl) {
		this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(MAX_SIZE).build();
	}

	/** A token verified against the database: who it signs in, and when its last use was written. */
	static final class Verified {

		private final long tokenId;

		private final long memberId;

		private final MemberPrincipal principal;

		/** Milliseconds (epoch) of the last {@code last_used_at} this instance wrote or read for the token. */
		private final AtomicLong lastUsedWritten;

		Verified(long tokenId, MemberPrincipal principal, long lastUsedWritten) {
			this.tokenId = tokenId;
			this.memberId = principal.memberId();
			this.principal = principal;
			this.lastUsedWritten = new AtomicLong(lastUsedWritten);
		}

		long tokenId() {
			return this.tokenId;
		}

		long memberId() {
			return this.memberId;
		}

		MemberPrincipal principal() {
			return this.principal;
		}

		/**
		 * Claims the write of {@code last_used_at} when the last one is at least {@code interval} old: true for
		 * one caller only, who then writes (or, if the write fails, calls {@link #unclaim}).
		 */
		boolean claimUseWrite(long now, Duration interval) {
			long last = this.lastUsedWritten.get();
			return now - last >= interval.toMillis() && this.lastUsedWritten.compareAndSet(last, now);
		}

		void unclaim(long claimed, long previous) {
			this.lastUsedWritten.compareAndSet(claimed, previous);
		}

		long lastUsedWritten() {
			return this.lastUsedWritten.get();
		}

	}

	/** The cache key of a presented token. */
	static String keyOf(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	Verified get(String key) {
		return this.cache.getIfPresent(key);
	}

	/** Whether the presented token's secret matched the stored hash of that token id here recently. */
	boolean secretMatched(String key, long tokenId) {
		Long matched = this.matchedSecrets.getIfPresent(key);
		return matched != null && matched == tokenId;
	}

	void secretMatches(String key, long tokenId) {
		this.matchedSecrets.put(key, tokenId);
	}

	/** Read before looking a token up in the database; hand it to {@link #put}. */
	long stamp() {
		return this.forgets.get();
	}

	/**
	 * Remembers a verified token, unless something was forgotten since {@code stamp} (the database may have
	 * been read before a revocation or member change committed): then the token is verified again next time.
	 */
	void put(String key, Verified verified, long stamp) {
		this.cache.put(key, verified);
		if (this.forgets.get() != stamp) {
			this.cache.asMap().remove(key, verified);
		}
	}

	/** Forgets the token at once, and again when the current transaction (which revokes it) ends. */
	void forgetToken(long tokenId) {
		forget((verified) -> verified.tokenId() == tokenId);
	}

	/**
	 * The member's role, name, active flag or password changed (on this instance, or on another one and relayed
	 * here): their tokens are verified again on their next request.
	 */
	@EventListener
	void memberChanged(MemberAccessChanged changed) {
		forgetMember(changed.memberId());
	}

	/** Forgets every token of the member at once, and again when the current transaction ends. */
	void forgetMember(long memberId) {
		forget((verified) -> verified.memberId() == memberId);
	}

	private void forget(Predicate<Verified> which) {
		forgetNow(which);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			// A request that read the row before the change committed must not keep what it read.
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					forgetNow(which);
				}
			});
		}
	}

	private void forgetNow(Predicate<Verified> which) {
		this.forgets.incrementAndGet();
		this.cache.asMap().values().removeIf(which);
	}

}
