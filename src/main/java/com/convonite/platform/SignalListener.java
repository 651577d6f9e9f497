package com.convonite.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.stereotype.Component;

/**
 * The instance's one listening connection: outside the connection pool (a pooled connection would be handed to
 * requests, and a transaction-pooling PgBouncer would hand it to other clients and lose the {@code LISTEN}),
 * made from the product's own connection settings or {@code convonite.signals.url} when that is set (to bypass
 * such a PgBouncer). It waits for notifications with {@link PGConnection#getNotifications(int)}, checks the
 * connection when nothing arrived for a while, and when the connection is lost, connects again with growing
 * back-off and listens again; until then the instance is not ready ({@link SignalsHealthIndicator}).
 */
@Component
class SignalListener implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SignalListener.class);

	private static final int WAIT_MILLIS = 5_000;

	private static final Duration FIRST_BACK_OFF = Duration.ofMillis(100);

	private static final Duration MAX_BACK_OFF = Duration.ofSeconds(5);

	private final Signals signals;

	private final DataSource connections;

	private final String instanceId;

	private final Duration startTimeout;

	private final CountDownLatch firstListen = new CountDownLatch(1);

	private volatile boolean running;

	/** Set by tests: do not connect again until released, so that the lost state can be observed. */
	private volatile boolean held;

	private volatile Thread thread;

	private volatile Connection connection;

	/** When the connection was lost (null while listening) and why, for the health indicator. */
	private volatile Instant lostSince = Instant.now();

	private volatile String lastProblem = "not connected yet";

	SignalListener(Signals signals, DataSource dataSource, @Value("${convonite.signals.url:}") String url,
			@Value("${convonite.signals.username:}") String username,
			@Value("${convonite.signals.password:}") String password,
			@Value("${convonite.instance.id:}") String instanceId,
			@Value("${convonite.signals.start-timeout:PT10S}") Duration startTimeout) {
		this.signals = signals;
		this.instanceId = instanceId;
		this.startTimeout = startTimeout;
		DataSourceBuilder<?> builder = url.isBlank() ? DataSourceBuilder.derivedFrom(dataSource)
				: DataSourceBuilder.create().url(url);
		if (!username.isBlank()) {
			builder.username(username);
		}
		if (!password.isBlank()) {
			builder.password(password);
		}
		this.connections = builder.type(SimpleDriverDataSource.class).build();
	}

	boolean listening() {
		return this.lostSince == null;
	}

	Instant lostSince() {
		return this.lostSince;
	}

	String lastProblem() {
		return this.lastProblem;
	}

	/** Starts listening and waits (a while) until it does, so that no signal of this instance's first requests is missed. */
	@Override
	public void start() {
		this.running = true;
		Thread listener = new Thread(this::run, "convonite-signals");
		listener.setDaemon(true);
		this.thread = listener;
		listener.start();
		try {
			if (!this.firstListen.await(this.startTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
				log.warn("Not listening for signals of other instances yet ({}); readiness is down until it does",
						this.lastProblem);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void stop() {
		this.running = false;
		Thread listener = this.thread;
		if (listener != null) {
			listener.interrupt();
		}
		closeQuietly();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** After the data source and Flyway, before the web server takes requests. */
	@Override
	public int getPhase() {
		return Integer.MIN_VALUE + 1000;
	}

	/** Drops the connection as if the network had; for tests of the reconnection. */
	void dropConnection() {
		closeQuietly();
	}

	/** For tests: holds back (or allows again) connecting after a loss. */
	void pauseForTests(boolean hold) {
		this.held = hold;
	}

	private void run() {
		Duration backOff = FIRST_BACK_OFF;
		boolean wasListening = false;
		while (this.running) {
			try {
				listen();
				if (wasListening) {
					log.info("Listening for signals again after {}", Duration.between(this.lostSince, Instant.now()));
					this.signals.reconnected();
				}
				this.lostSince = null;
				this.lastProblem = null;
				this.firstListen.countDown();
				wasListening = true;
				backOff = FIRST_BACK_OFF;
				receive();
			}
			catch (SQLException | RuntimeException ex) {
				if (!this.running) {
					break;
				}
				if (this.lostSince == null) {
					this.lostSince = Instant.now();
					log.warn("Lost the signal connection, reconnecting: {}", ex.getMessage());
				}
				this.lastProblem = ex.getMessage();
				closeQuietly();
				try {
					Thread.sleep(backOff.toMillis());
					while (this.held && this.running) {
						Thread.sleep(20);
					}
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					break;
				}
				backOff = (backOff.compareTo(MAX_BACK_OFF.dividedBy(2)) < 0) ? backOff.multipliedBy(2) : MAX_BACK_OFF;
			}
		}
		closeQuietly();
	}

	private void listen() throws SQLException {
		Connection opened = this.connections.getConnection();
		this.connection = opened;
		opened.setAutoCommit(true);
		try (Statement statement = opened.createStatement()) {
			statement.execute("set application_name = '" + applicationName() + "'");
			statement.execute("listen " + Signals.CHANNEL);
		}
	}

	private void receive() throws SQLException {
		Connection listening = this.connection;
		if (listening == null) {
			throw new SQLException("The signal connection was closed");
		}
		PGConnection pg = listening.unwrap(PGConnection.class);
		while (this.running) {
			PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
			if (notifications == null || notifications.length == 0) {
				// Nothing for a while: make sure the connection is still there rather than silently gone.
				if (!listening.isValid(2)) {
					throw new SQLException("The signal connection does not answer");
				}
				continue;
			}
			for (PGNotification notification : notifications) {
				this.signals.deliver(notification.getParameter());
			}
		}
	}

	private String applicationName() {
		String name = ("convonite-signals " + this.instanceId).replaceAll("[^A-Za-z0-9 ._:-]", "");
		return name.substring(0, Math.min(name.length(), 60));
	}

	private void closeQuietly() {
		Connection open = this.connection;
		this.connection = null;
		if (open != null) {
			try {
				open.close();
			}
			catch (SQLException ex) {
				// already gone
			}
		}
	}

}
