package com.convonite.platform;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Signals without PostgreSQL, for unit tests: a signal published here is heard by this instance only, after
 * the current transaction commits (at once without one), the way PostgreSQL's NOTIFY behaves; {@link #fromAnotherInstance}
 * plays a signal sent by another instance.
 */
public class LoopbackSignals extends Signals {

	public LoopbackSignals() {
		super(null, new SimpleMeterRegistry());
	}

	@Override
	public void publish(String topic, long workspaceId, String subject) {
		String payload = new Signal(topic, workspaceId, subject).encode();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					if (status == STATUS_COMMITTED) {
						deliver(payload);
					}
				}
			});
		}
		else {
			deliver(payload);
		}
	}

	public void fromAnotherInstance(String topic, long workspaceId, String subject) {
		deliver(new Signal(topic, workspaceId, subject).encode());
	}

	public void reconnect() {
		reconnected();
	}

}
