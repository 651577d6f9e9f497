package com.convonite.shared;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.convonite.platform.LoopbackSignals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/** What the in-memory per-workspace values (purposes, members' names) show after a change. */
class WorkspaceCacheTests {

	private final LoopbackSignals signals = new LoopbackSignals();

	private final WorkspaceCache<String> cache = new WorkspaceCache<>("purposes", Duration.ofMinutes(1), this.signals);

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

	@Test
	void aChangeThroughAnotherInstanceIsSeenAsSoonAsItsSignalArrives() {
		WorkspaceScope.run(7, () -> this.cache.get(7, this::read));
		WorkspaceScope.run(8, () -> this.cache.get(8, this::read));
		this.value = "Complaint";
		this.signals.fromAnotherInstance("evict", 7, "members"); // another cache's signal
		this.signals.fromAnotherInstance("evict", 7, "purposes");
		eventually(() -> WorkspaceScope.call(7, () -> this.cache.get(7, this::read)).equals("Complaint"));
		assertThat(WorkspaceScope.call(8, () -> this.cache.get(8, this::read))).isEqualTo("Enquiry");
	}

	@Test
	void aLostListeningConnectionDropsEverythingWhenItIsBack() {
		WorkspaceScope.run(7, () -> this.cache.get(7, this::read));
		this.value = "Complaint";
		this.signals.reconnect();
		assertThat(WorkspaceScope.call(7, () -> this.cache.get(7, this::read))).isEqualTo("Complaint");
	}

	private static void eventually(java.util.function.BooleanSupplier condition) {
		long deadline = System.currentTimeMillis() + 5_000;
		while (!condition.getAsBoolean()) {
			assertThat(System.currentTimeMillis()).as("in time").isLessThan(deadline);
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
