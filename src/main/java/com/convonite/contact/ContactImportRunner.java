package com.convonite.contact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.convonite.contact.JdbcContactImportRepository.ImportRow;
import com.convonite.shared.WorkspaceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs imports in the background, one thread each, a batch of rows per transaction: the contacts a batch
 * writes and the import's progress commit together, so the import always knows how far it got.
 * <p>
 * An import interrupted by a restart is resumed: each run sends a heartbeat with every batch, and an import
 * in progress whose heartbeat is older than {@code convonite.contacts.import.stale-after} is taken over by
 * the next check (on any server), which reads its file again from the row after the last one committed.
 * If the file is gone (the spool directory did not survive the restart), the import is marked failed with
 * that reason.
 */
@Component
class ContactImportRunner implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ContactImportRunner.class);

	static final int BATCH_ROWS = 1000;

	private final JdbcContactImportRepository repository;

	private final Contacts contacts;

	private final ContactImportSpool spool;

	private final TransactionTemplate transactions;

	private final Duration staleAfter;

	private final SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("contact-import-");

	private final AtomicInteger active = new AtomicInteger();

	private volatile boolean running;

	ContactImportRunner(JdbcContactImportRepository repository, Contacts contacts, ContactImportSpool spool,
			TransactionTemplate transactions, @Value("${convonite.contacts.import.stale-after:PT1M}") Duration staleAfter) {
		this.repository = repository;
		this.contacts = contacts;
		this.spool = spool;
		this.transactions = transactions;
		this.staleAfter = staleAfter;
	}

	/** A name for one run of an import; the import belongs to the run whose name it holds. */
	static String newRunner() {
		return UUID.randomUUID().toString();
	}

	void start(ImportRow contactImport, String runner) {
		this.executor.execute(() -> WorkspaceScope.run(contactImport.workspaceId(), () -> run(contactImport, runner)));
	}

	@Scheduled(fixedDelayString = "${convonite.contacts.import.resume-check-interval:PT30S}", initialDelayString = "PT5S")
	void resumeStale() {
		if (!this.running) {
			return;
		}
		String runner = newRunner();
		List<ImportRow> stale = WorkspaceScope.callAsSystem("claim contact imports whose server stopped",
				() -> this.repository.claimStale(this.staleAfter, runner));
		for (ImportRow contactImport : stale) {
			log.info("Resuming contact import {} of workspace {} after row {} of {}", contactImport.id(),
					contactImport.workspaceId(), contactImport.rowsRead(), contactImport.rowsInFile());
			start(contactImport, runner);
		}
		this.spool.clean(WorkspaceScope.callAsSystem("spooled files of imports in progress",
				this.repository::spoolNamesInProgress));
	}

	void run(ImportRow contactImport, String runner) {
		this.active.incrementAndGet();
		try {
			Path file = this.spool.path(contactImport.spoolName());
			if (!Files.isReadable(file)) {
				fail(contactImport, runner, "The uploaded file was lost when the server restarted before the import "
						+ "finished (" + contactImport.rowsRead() + " of " + contactImport.rowsInFile()
						+ " rows were read). Upload the file again: choose \"update\" for rows already imported.");
				return;
			}
			String country = this.contacts.defaultCountry(contactImport.workspaceId());
			try (ContactCsvFile csv = ContactCsvFile.open(file, contactImport.separator())) {
				csv.skip(contactImport.rowsRead());
				for (List<ContactCsvFile.Row> rows = csv.next(BATCH_ROWS); !rows.isEmpty(); rows = csv.next(BATCH_ROWS)) {
					if (!this.running) {
						return; // stopping: another run resumes it from the last committed batch
					}
					List<ContactCsvFile.Row> batch = rows;
					Boolean owned = this.transactions.execute((status) -> {
						boolean mine = new ContactImportBatch(this.repository, contactImport, country).write(batch, runner);
						if (!mine) {
							status.setRollbackOnly();
						}
						return mine;
					});
					if (!Boolean.TRUE.equals(owned)) {
						return; // taken over by another run
					}
				}
			}
			if (this.repository.finish(contactImport.workspaceId(), contactImport.id(), runner,
					ContactImportView.Status.COMPLETED, null)) {
				this.spool.delete(file);
			}
		}
		catch (IOException | RuntimeException ex) {
			if (!this.running) {
				return;
			}
			log.error("Contact import {} of workspace {} failed", contactImport.id(), contactImport.workspaceId(), ex);
			fail(contactImport, runner, "The import stopped on an unexpected error after some rows were imported; "
					+ "the error has been logged. Upload the file again with \"update\" to finish it.");
		}
		finally {
			this.active.decrementAndGet();
		}
	}

	private void fail(ImportRow contactImport, String runner, String reason) {
		if (this.repository.finish(contactImport.workspaceId(), contactImport.id(), runner,
				ContactImportView.Status.FAILED, reason)) {
			this.spool.delete(this.spool.path(contactImport.spoolName()));
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	/** Lets running imports finish the batch in hand (they resume after the restart), for up to 30 seconds. */
	@Override
	public void stop() {
		this.running = false;
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (this.active.get() > 0 && System.nanoTime() < deadline) {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
