import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Plays Meta during a burst (bench/run, "WhatsApp burst"): posts each signed delivery of a file exactly once, at
 * a steady rate, to the webhook URL, then posts the first ones again, byte for byte (as Meta does when an
 * acknowledgement did not reach it). An acknowledgement's latency is counted from the moment the delivery was
 * due, so a product that falls behind is not hidden by the client waiting for it. A delivery not answered 2xx
 * (a 503 when the product is overloaded) is posted again later, as Meta retries it, up to five times with a
 * growing pause: its messages must then arrive too ("none lost" counts them), and how many were retried is
 * reported beside the first attempt's latencies, which stay the acknowledgement figures.
 * <p>
 * {@code java bench/burst/Burst.java <url> <deliveries file> <per second> <max in flight> <resend> <out.json>}.
 * The file has one delivery a line: {@code X-Hub-Signature-256 value<TAB>body}.
 */
public class Burst {

	public static void main(String[] args) throws Exception {
		URI url = URI.create(args[0]);
		List<String[]> deliveries = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8)) {
			if (!line.isEmpty()) {
				deliveries.add(line.split("\t", 2));
			}
		}
		double rate = Double.parseDouble(args[2]);
		int inFlight = Integer.parseInt(args[3]);
		int resend = Math.min(Integer.parseInt(args[4]), deliveries.size());
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		Phase first = send(client, url, deliveries, rate, inFlight);
		// Meta's retries of what was not acknowledged, before the deliberate repeats below
		List<Integer> failed = first.failed();
		int retried = failed.size();
		int rounds = 0;
		long lastRetryAck = 0;
		while (!failed.isEmpty() && rounds < 5) {
			rounds++;
			Thread.sleep(1000L << (rounds - 1));
			List<String[]> again = failed.stream().map(deliveries::get).toList();
			Phase retry = send(client, url, again, rate, inFlight);
			lastRetryAck = Math.max(lastRetryAck, retry.lastAckMillis.get());
			List<Integer> still = retry.failed();
			List<Integer> next = new ArrayList<>();
			for (int i : still) {
				next.add(failed.get(i));
			}
			failed = next;
		}
		Phase again = send(client, url, deliveries.subList(0, resend), rate, inFlight);
		String json = "{\"deliveries\": " + first.json() + ", \"resent\": " + again.json()
				+ String.format(java.util.Locale.ROOT, ", \"retries\": {\"deliveries\": %d, \"rounds\": %d, \"unacknowledged\": %d, "
						+ "\"lastAckMillis\": %d}", retried, rounds, failed.size(), lastRetryAck)
				+ "}\n";
		Files.writeString(Path.of(args[5]), json);
	}

	static Phase send(HttpClient client, URI url, List<String[]> deliveries, double rate, int inFlight)
			throws InterruptedException {
		Phase phase = new Phase(deliveries.size());
		Semaphore slots = new Semaphore(inFlight);
		List<CompletableFuture<?>> pending = new ArrayList<>();
		long start = System.nanoTime();
		phase.startedAtMillis = System.currentTimeMillis();
		for (int i = 0; i < deliveries.size(); i++) {
			long due = start + (long) (i * 1_000_000_000L / rate);
			long wait = due - System.nanoTime();
			if (wait > 0) {
				Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
			}
			slots.acquire();
			String[] delivery = deliveries.get(i);
			HttpRequest request = HttpRequest.newBuilder(url)
				.timeout(Duration.ofSeconds(30))
				.header("Content-Type", "application/json")
				.header("X-Hub-Signature-256", delivery[0])
				.POST(HttpRequest.BodyPublishers.ofString(delivery[1], StandardCharsets.UTF_8))
				.build();
			int index = i;
			pending.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, ex) -> {
				long now = System.nanoTime();
				slots.release();
				phase.latencies[index] = now - due;
				phase.lastAckMillis.accumulateAndGet(System.currentTimeMillis(), Math::max);
				String status = (ex != null) ? ex.getClass().getSimpleName() : Integer.toString(response.statusCode());
				phase.statuses.merge(status, 1, Integer::sum);
				if (ex != null || response.statusCode() >= 300) {
					phase.failed.add(index);
				}
				if ((ex != null || response.statusCode() >= 300) && phase.firstError.get() == null) {
					phase.firstError.compareAndSet(null, status + ": " + ((ex != null) ? String.valueOf(ex.getMessage())
							: response.body().substring(0, Math.min(300, response.body().length()))));
				}
			}));
		}
		phase.sentSeconds = (System.nanoTime() - start) / 1e9;
		CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally((ex) -> null).join();
		phase.seconds = (System.nanoTime() - start) / 1e9;
		return phase;
	}

	static final class Phase {

		final long[] latencies;

		final Map<String, Integer> statuses = new ConcurrentHashMap<>();

		final AtomicLong lastAckMillis = new AtomicLong();

		final AtomicReference<String> firstError = new AtomicReference<>();

		/** The indexes (in this phase's list) of the deliveries not answered 2xx. */
		final java.util.Queue<Integer> failed = new java.util.concurrent.ConcurrentLinkedQueue<>();

		long startedAtMillis;

		double sentSeconds;

		double seconds;

		Phase(int size) {
			this.latencies = new long[size];
		}

		List<Integer> failed() {
			List<Integer> sorted = new ArrayList<>(this.failed);
			sorted.sort(null);
			return sorted;
		}

		String json() {
			long[] sorted = this.latencies.clone();
			Arrays.sort(sorted);
			StringBuilder statuses = new StringBuilder("{");
			new TreeMap<>(this.statuses).forEach((status, count) -> statuses
				.append(statuses.length() > 1 ? ", " : "").append('"').append(status).append("\": ").append(count));
			statuses.append('}');
			String error = this.firstError.get();
			return String.format(java.util.Locale.ROOT,
					"{\"requests\": %d, \"sentSeconds\": %.3f, \"seconds\": %.3f, \"startedAtMillis\": %d, "
							+ "\"lastAckMillis\": %d, \"p50\": %.3f, \"p95\": %.3f, \"p99\": %.3f, \"max\": %.3f, "
							+ "\"statuses\": %s, \"firstError\": %s}",
					sorted.length, this.sentSeconds, this.seconds, this.startedAtMillis, this.lastAckMillis.get(),
					ms(sorted, 50), ms(sorted, 95), ms(sorted, 99), (sorted.length > 0) ? sorted[sorted.length - 1] / 1e6 : 0.0,
					statuses, (error == null) ? "null" : quote(error));
		}

		private static double ms(long[] sorted, int percentile) {
			return (sorted.length == 0) ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e6;
		}

		private static String quote(String text) {
			StringBuilder out = new StringBuilder("\"");
			for (char c : text.toCharArray()) {
				if (c == '"' || c == '\\') {
					out.append('\\').append(c);
				}
				else if (c < 0x20) {
					out.append(String.format("\\u%04x", (int) c));
				}
				else {
					out.append(c);
				}
			}
			return out.append('"').toString();
		}

	}

}
