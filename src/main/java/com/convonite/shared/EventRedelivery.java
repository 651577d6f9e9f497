package com.convonite.shared;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Hands events whose listener has not completed (it failed, typically because the database went away while
 * it ran) to their listeners again. Spring Modulith's registry redelivers them on restart only; without this,
 * an acknowledged follow-up task whose notification failed during a database outage would stay silent until
 * the next deployment. Delivery is at least once: listeners must tolerate a repeat.
 * <p>
 * Completed publications are archived (event_publication_archive, {@code completion-mode=archive}); this also
 * deletes archived ones older than {@code convonite.events.archive-retention}, so the archive stays bounded too.
 */
@Component
class EventRedelivery {

	private static final Logger log = LoggerFactory.getLogger(EventRedelivery.class);

	private final IncompleteEventPublications incomplete;

	private final CompletedEventPublications completed;

	private final Duration after;

	private final Duration retention;

	EventRedelivery(IncompleteEventPublications incomplete, CompletedEventPublications completed,
			@Value("${convonite.events.redeliver-after:PT1M}") Duration after,
			@Value("${convonite.events.archive-retention:P7D}") Duration retention) {
		this.incomplete = incomplete;
		this.completed = completed;
		this.after = after;
		this.retention = retention;
	}

	/*
	 * A run only hands the incomplete events to their (asynchronous) listeners, which takes seconds; the lock is
	 * held at most half a minute by default because a run that ends while the database is away cannot release it,
	 * and redelivery, which is what recovers from that very outage, must not wait minutes for it to expire. An
	 * overlap after that only hands events again, and their listeners take each event once.
	 */
	@SchedulerLock(name = "event-redelivery", lockAtMostFor = "${convonite.events.redeliver-lock-at-most-for:PT30S}",
			lockAtLeastFor = "PT1S")
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

	@Scheduled(fixedDelayString = "${convonite.events.archive-purge-interval:PT1H}", initialDelayString = "PT1M")
	void purgeArchive() {
		try {
			this.completed.deletePublicationsOlderThan(this.retention);
		}
		catch (RuntimeException ex) {
			if (!DatabaseUnavailable.causedBy(ex)) {
				throw ex;
			}
			log.info("Archived events not purged this time, the database is unavailable: {}", ex.getMessage());
		}
	}

}
