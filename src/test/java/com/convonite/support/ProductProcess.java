package com.convonite.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * The packaged product ({@code target/convonite-*.jar}, built by {@code package} before Failsafe runs) started
 * as a separate process, so that a test can kill it the way a crash or {@code kill -9} would.
 */
public final class ProductProcess {

	private final Path jar;

	private final Path workingDirectory;

	private final Map<String, String> environment;

	private final int port;

	private Process process;

	private int starts;

	public ProductProcess(Path jar, Path workingDirectory, Map<String, String> environment) {
		this.jar = jar;
		this.workingDirectory = workingDirectory;
		this.environment = environment;
		this.port = freePort();
	}

	/**
	 * The product jar in {@code target/}. Missing, the test is skipped with a message, except under CI
	 * ({@code CI=true}), where a missing jar means the build is broken and the test fails.
	 */
	public static Path packagedJar() {
		Path target = Path.of("target");
		List<Path> jars = new ArrayList<>();
		if (Files.isDirectory(target)) {
			try (Stream<Path> files = Files.list(target)) {
				files.filter((p) -> p.getFileName().toString().matches("convonite-.*\\.jar"))
					.filter((p) -> !p.getFileName().toString().endsWith("-plain.jar"))
					.forEach(jars::add);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		String message = "No packaged product in " + target.toAbsolutePath()
				+ " (convonite-*.jar): run this test with ./mvnw verify, which packages the jar before Failsafe runs";
		if (jars.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new AssertionError(message);
		}
		Assumptions.assumeFalse(jars.isEmpty(), message);
		jars.sort(java.util.Comparator.comparing((Path p) -> p.toFile().lastModified()).reversed());
		return jars.get(0);
	}

	public String baseUrl() {
		return "http://localhost:" + this.port;
	}

	/** Starts the product and waits until it reports itself ready. */
	public synchronized void start(Duration timeout) {
		this.starts++;
		Path log = Path.of("target", "product-process-" + this.port + "-" + this.starts + ".log");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar",
				this.jar.toAbsolutePath().toString(), "--server.port=" + this.port)
			.directory(this.workingDirectory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().putAll(this.environment);
		try {
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new AssertionError("The product exited with " + this.process.exitValue() + " while starting; see "
						+ log.toAbsolutePath());
			}
			try {
				var response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			pause(250);
		}
		kill();
		throw new AssertionError("The product was not ready within " + timeout + "; see " + log.toAbsolutePath());
	}

	/** SIGKILL on Linux: no shutdown hook, no graceful shutdown, in-flight transactions are simply cut off. */
	public synchronized void kill() {
		if (this.process == null) {
			return;
		}
		this.process.destroyForcibly();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process = null;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
