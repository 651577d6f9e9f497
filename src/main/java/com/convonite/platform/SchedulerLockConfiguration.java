package com.convonite.platform;

import javax.sql.DataSource;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Scheduled work runs once across instances. Jobs over rows claim their rows (due-task reminders: a conditional
 * update; contact import takeover and webhook sending: {@code FOR UPDATE SKIP LOCKED} with a lease), so that
 * every instance can share the work item by item. Jobs with no rows of their own to claim (event redelivery:
 * Spring Modulith's registry resubmits whatever is incomplete; the clean-up of idempotency keys) take a ShedLock
 * lock ({@code @SchedulerLock}) in the {@code shedlock} table, with the database's clock, so that only one
 * instance runs each at a time.
 */
@Configuration(proxyBeanMethods = false)
@EnableSchedulerLock(defaultLockAtMostFor = "PT10M")
class SchedulerLockConfiguration {

	@Bean
	LockProvider lockProvider(DataSource dataSource, @Value("${convonite.instance.id:}") String instanceId) {
		return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(new JdbcTemplate(dataSource))
			.usingDbTime()
			.withLockedByValue(instanceId.isBlank() ? "convonite" : instanceId)
			.build());
	}

}
