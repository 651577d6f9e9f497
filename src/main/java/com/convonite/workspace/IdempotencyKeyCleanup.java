package com.convonite.workspace;

import com.convonite.shared.WorkspaceScope;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets idempotency keys ({@link IdempotencyFilter}) older than a day, once an hour, on one instance at a
 * time (a ShedLock lock; docs/scaling.md, "Scheduled work across instances").
 */
@Component
class IdempotencyKeyCleanup {

	private final JdbcClient jdbc;

	IdempotencyKeyCleanup(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@SchedulerLock(name = "idempotency-clean-up", lockAtMostFor = "PT10M", lockAtLeastFor = "PT1M")
	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
	void forgetOldKeys() {
		WorkspaceScope.runAsSystem("forget idempotency keys older than a day", () -> this.jdbc
			.sql("delete from idempotency_key where created_at < now() - interval '24 hours'")
			.update());
	}

}
