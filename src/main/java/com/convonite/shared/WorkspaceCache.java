package com.convonite.shared;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import com.convonite.platform.Signals;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A small per-workspace value that nearly every request reads and that rarely changes (the purposes, the
 * members' names), held in memory so that a list or a read does not pay a round trip for it.
 * <p>
 * The code that changes the value calls {@link #evict(long)}: it drops the entry at once and again when the
 * transaction ends, so that no request re-reads the value between the change and its commit and keeps the old
 * one. It also sends a {@link Signals signal} that goes out when the transaction commits, on which every
 * instance of the product (this one too) drops its entry: a change through one instance is seen on all within
 * milliseconds. The time to live ({@code ttl}) is only a backstop, for a signal lost with a listening
 * connection (then every entry is dropped when it listens again). Rules that must hold with no window at all
 * (security, a rule checked in a write) read the database rather than a cache. A value is cached
 * only when it was read in the workspace's own scope, so a read that row-level security filtered out (the
 * system scope, another workspace's) is never remembered for that workspace.
 */
public final class WorkspaceCache<V> {

	private final Cache<Long, V> cache;

	/** Counts evictions, so that a value read before one (and so perhaps before a change) is not put back after it. */
	private final AtomicLong evictions = new AtomicLong();

	static final String EVICT = "evict";

	private final String name;

	private final Signals signals;

	/**
	 * A cache named {@code name} (a word, the same on every instance: its eviction signals carry it), whose
	 * entries live at most {@code ttl}.
	 */
	public WorkspaceCache(String name, Duration ttl, Signals signals) {
		this.name = name;
		this.signals = signals;
		this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
		signals.subscribe(EVICT, (signal) -> {
			if (signal.subject().equals(this.name)) {
				this.evictions.incrementAndGet();
				this.cache.invalidate(signal.workspaceId());
			}
		});
		signals.onReconnect(() -> {
			this.evictions.incrementAndGet();
			this.cache.invalidateAll();
		});
	}

	/** The workspace's value, loaded by {@code loader} (in the caller's scope and transaction) when not held. */
	public V get(long workspaceId, LongFunction<V> loader) {
		V value = this.cache.getIfPresent(workspaceId);
		if (value != null) {
			return value;
		}
		long evictionsBefore = this.evictions.get();
		value = loader.apply(workspaceId);
		if (Long.valueOf(workspaceId).equals(WorkspaceScope.currentWorkspaceId()) && !changedInThisTransaction()
				&& this.evictions.get() == evictionsBefore) {
			this.cache.put(workspaceId, value);
		}
		return value;
	}

	/**
	 * Forgets the workspace's value now and once more when the current transaction (if any) ends, and on every
	 * instance when it commits.
	 */
	public void evict(long workspaceId) {
		this.evictions.incrementAndGet();
		this.cache.invalidate(workspaceId);
		this.signals.publish(EVICT, workspaceId, this.name);
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return;
		}
		@SuppressWarnings("unchecked")
		Set<Long> changed = (Set<Long>) TransactionSynchronizationManager.getResource(this);
		if (changed == null) {
			Set<Long> workspaces = new HashSet<>();
			changed = workspaces;
			TransactionSynchronizationManager.bindResource(this, workspaces);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(WorkspaceCache.this);
					WorkspaceCache.this.evictions.incrementAndGet();
					WorkspaceCache.this.cache.invalidateAll(workspaces);
				}
			});
		}
		changed.add(workspaceId);
	}

	/** A transaction that changed the value reads its own uncommitted change: not for others to see. */
	private boolean changedInThisTransaction() {
		return TransactionSynchronizationManager.isSynchronizationActive()
				&& TransactionSynchronizationManager.hasResource(this);
	}

}
