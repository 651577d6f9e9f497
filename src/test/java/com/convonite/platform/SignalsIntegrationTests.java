package com.convonite.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.convonite.support.ApiIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignalsIntegrationTests extends ApiIntegrationTest {

	@Autowired
	Signals signals;

	@Autowired
	SignalListener listener;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void aSignalGoesOutWhenItsTransactionCommitsAndNeverWhenItRollsBack() throws Exception {
		BlockingQueue<Signal> heard = new LinkedBlockingQueue<>();
		this.signals.subscribe("test-commit", heard::add);

		this.transactions.executeWithoutResult((tx) -> {
			this.signals.publish("test-commit", 7, "chat 41");
			sleep(300);
			assertThat(heard).as("not before the commit").isEmpty();
		});
		assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo(new Signal("test-commit", 7, "chat 41"));

		this.transactions.executeWithoutResult((tx) -> {
			this.signals.publish("test-commit", 7, "rolled back");
			tx.setRollbackOnly();
		});
		this.signals.publish("test-commit", 7, "after the rollback");
		assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo(new Signal("test-commit", 7, "after the rollback"));
		assertThat(heard.poll(300, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void customerTextAndLargePayloadsAreRefused() {
		assertThatThrownBy(() -> this.signals.publish("test", 1, "Olá, ÿ")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> this.signals.publish("test", 1, "x".repeat(2000)))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> this.signals.publish("a|b", 1, "x")).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void aLostConnectionMakesTheInstanceUnreadyUntilItListensAgainAndCatchesUp() throws Exception {
		BlockingQueue<Signal> heard = new LinkedBlockingQueue<>();
		this.signals.subscribe("test-reconnect", heard::add);
		AtomicInteger reconnects = new AtomicInteger();
		this.signals.onReconnect(reconnects::incrementAndGet);
		HttpClient http = HttpClient.newHttpClient();
		URI readiness = URI.create("http://localhost:" + this.port + "/actuator/health/readiness");
		assertThat(http.send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.discarding())
			.statusCode()).isEqualTo(200);

		// Ends the listening session from the server's side, as a restart of PostgreSQL or a dropped network would.
		int ended = databaseOwner().sql("""
				select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity
				where datname = current_database() and application_name like 'convonite-signals%') t
				""").query(Integer.class).single();
		assertThat(ended).isPositive();
		long deadline = System.currentTimeMillis() + 15_000;
		while (System.currentTimeMillis() < deadline && reconnects.get() == 0) {
			Thread.sleep(20);
		}
		assertThat(reconnects.get()).as("listens again and tells the caches to catch up").isPositive();
		assertThat(this.listener.listening()).isTrue();

		this.signals.publish("test-reconnect", 3, "again");
		assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo(new Signal("test-reconnect", 3, "again"));
		assertThat(http.send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.discarding())
			.statusCode()).isEqualTo(200);
	}

	@Test
	void whileTheConnectionIsLostReadinessIsDown() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		URI readiness = URI.create("http://localhost:" + this.port + "/actuator/health/readiness");
		this.listener.pauseForTests(true);
		try {
			this.listener.dropConnection();
			long deadline = System.currentTimeMillis() + 5_000;
			int status = 0;
			while (System.currentTimeMillis() < deadline && status != 503) {
				status = http.send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.discarding())
					.statusCode();
				Thread.sleep(20);
			}
			assertThat(status).isEqualTo(503);
		}
		finally {
			this.listener.pauseForTests(false);
		}
		long deadline = System.currentTimeMillis() + 10_000;
		while (System.currentTimeMillis() < deadline && !this.listener.listening()) {
			Thread.sleep(20);
		}
		assertThat(this.listener.listening()).isTrue();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
