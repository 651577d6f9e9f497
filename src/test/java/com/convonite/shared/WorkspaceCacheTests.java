package com.convonite.shared;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/** What the in-memory per-workspace values (purposes, members' names) show after a change. */
class WorkspaceCacheTests {

	private final WorkspaceCache<String> cache = new WorkspaceCache<>(Duration.ofMinutes(1));

	private final AtomicInteger reads = new AtomicInteger();

	private String value = "Enquiry";

	private String read(long workspaceId) {
		this.reads.incrementAndGet();
		return this.value;
	}

	@AfterEach
	void endTransaction() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.clearSynchronization();
		}
	}

	@Test
	void aValueReadInTheWorkspacesScopeIsReadOnce() {
		WorkspaceScope.run(7, () -> {
			assertThat(this.cache.get(7, this::read)).isEqualTo("Enquiry");
			assertThat(this.cache.get(7, this::read)).isEqualTo("Enquiry");
		});
		assertThat(this.reads).hasValue(1);
	}

	@Test
	void aValueReadOutsideTheWorkspacesScopeIsNotKept() {
		WorkspaceScope.run(8, () -> this.cache.get(7, this::read));
		WorkspaceScope.callAsSystem("test", () -> this.cache.get(7, this::read));
		this.cache.get(7, this::read);
		assertThat(this.reads).hasValue(3);
	}

	@Test
	void aChangeIsSeenAtOnce() {
		WorkspaceScope.run(7, () -> {
			this.cache.get(7, this::read);
			this.value = "Complaint";
			this.cache.evict(7);
			assertThat(this.cache.get(7, this::read)).isEqualTo("Complaint");
		});
	}

	@Test
	void aValueReadWhileItChangedIsNotPutBack() {
		WorkspaceScope.run(7, () -> assertThat(this.cache.get(7, (id) -> {
			String old = read(id);
			this.value = "Complaint";
			this.cache.evict(7); // another request changed it while this one was reading
			return old;
		})).isEqualTo("Enquiry"));
		WorkspaceScope.run(7, () -> assertThat(this.cache.get(7, this::read)).isEqualTo("Complaint"));
	}

	@Test
	void theChangingTransactionKeepsItsUncommittedValueToItselfAndOthersSeeTheCommittedOneAfter() {
		TransactionSynchronizationManager.initSynchronization();
		WorkspaceScope.run(7, () -> {
			this.cache.evict(7);
			this.value = "Uncommitted";
			assertThat(this.cache.get(7, this::read)).isEqualTo("Uncommitted");
		});
		// rolled back: the transaction's own reading was never shared
		List<TransactionSynchronization> synchronizations = TransactionSynchronizationManager.getSynchronizations();
		TransactionSynchronizationManager.clearSynchronization();
		synchronizations.forEach((s) -> s.afterCompletion(TransactionSynchronization.STATUS_ROLLED_BACK));
		this.value = "Enquiry";
		WorkspaceScope.run(7, () -> assertThat(this.cache.get(7, this::read)).isEqualTo("Enquiry"));
		assertThat(TransactionSynchronizationManager.hasResource(this.cache)).isFalse();
	}

}
