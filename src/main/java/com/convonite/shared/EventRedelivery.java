package com.convonite.shared;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Hands events whose listener has not completed (it failed, typically because the database went away while
 * it ran) to their listeners again. Spring Modulith's registry redelivers them on restart only; without this,
 * an acknowledged follow-up task whose notification failed during a database outage would stay silent until
 * the next deployment. Delivery is at least once: listeners must tolerate a repeat.
 */
@Component
class EventRedelivery {

	private static final Logger log = LoggerFactory.getLogger(EventRedelivery.class);

	private final IncompleteEventPublications incomplete;

	private final Duration after;

	EventRedelivery(IncompleteEventPublications incomplete,
			@Value("${convonite.events.redeliver-after:PT1M}") Duration after) {
		this.incomplete = incomplete;
		this.after = after;
	}

	@SchedulerLock(name = "event-redelivery", lockAtMostFor = "PT5M", lockAtLeastFor = "PT1S")
	@Scheduled(fixedDelayString = "${convonite.events.redeliver-interval:PT30S}",
			initialDelayString = "${convonite.events.redeliver-interval:PT30S}")
	void redeliver() {
		try {
			this.incomplete.resubmitIncompletePublicationsOlderThan(this.after);
		}
		catch (RuntimeException ex) {
			if (!DatabaseUnavailable.causedBy(ex)) {
				throw ex;
			}
			log.info("Events not redelivered this time, the database is unavailable: {}", ex.getMessage());
		}
	}

}
