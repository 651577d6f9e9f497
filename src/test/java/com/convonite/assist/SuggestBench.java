package com.convonite.assist;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.convonite.assist.PurposeClassifier.Learned;
import com.convonite.assist.PurposeClassifier.Scored;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentSample;

/**
 * Measures the purpose classifier on a labelled synthetic set (bench/suggest): top-1 and top-3 accuracy on a
 * held-out 20% against always answering the most frequent purpose, training time and memory at the training cap,
 * and the time to classify one conversation. Not a test: run on request.
 * <p>
 * The set imitates a support team's history: 12 purposes of Zipf-skewed frequency (the most frequent is about a
 * quarter of all), each conversation 8-40 words of which most come from a vocabulary every purpose shares
 * (Zipf-distributed, with invented rare words), and the rest from the purpose's own words, each of which also
 * belongs to one or two other purposes, so that words alone never settle it. Deterministic for a seed.
 */
public final class SuggestBench {

	static final String[] SHARED = ("hello hi thanks please order the customer to and a of for is not my "
			+ "about can you we i it this that account help question today again still waiting since days "
			+ "agent called back later check sent link email phone number").split(" ");

	static final String[] TOPICAL = ("refund money payment charged twice card bank invoice billing discount "
			+ "voucher coupon delivery courier tracking parcel package shipping late lost address postcode "
			+ "dispatch size small big fit chart measurements waist sleeve exchange return label damaged broken "
			+ "repair warranty replacement password login app update subscription cancel renew plan price stock "
			+ "available colour store opening hours pickup complaint manager quality feedback gift promo")
		.split(" ");

	public static void main(String[] args) {
		// OpenNLP reports every training iteration at INFO; the product keeps it at WARN (application.properties)
		((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("opennlp"))
			.setLevel(ch.qos.logback.classic.Level.WARN);
		int conversations = (args.length > 0) ? Integer.parseInt(args[0]) : 20_000;
		long seed = (args.length > 1) ? Long.parseLong(args[1]) : 18;
		Random random = new Random(seed);
		int purposes = 12;
		Map<Integer, List<String>> own = new HashMap<>();
		List<String> topical = new ArrayList<>(List.of(TOPICAL));
		for (int p = 0; p < purposes; p++) {
			Collections.shuffle(topical, random);
			own.put(p, List.copyOf(topical.subList(0, 10)));
		}
		double[] weights = new double[purposes];
		double total = 0;
		for (int p = 0; p < purposes; p++) {
			weights[p] = 1.0 / (p + 1);
			total += weights[p];
		}
		List<DocumentSample> all = new ArrayList<>();
		for (int i = 0; i < conversations; i++) {
			int purpose = pick(random, weights, total);
			int length = 8 + random.nextInt(33);
			List<String> words = new ArrayList<>();
			for (int w = 0; w < length; w++) {
				if (random.nextDouble() < 0.3) {
					words.add(own.get(purpose).get(random.nextInt(10)));
				}
				else if (random.nextDouble() < 0.8) {
					words.add(SHARED[(int) Math.min(SHARED.length - 1, Math.floor(Math.pow(random.nextDouble(), 2)
							* SHARED.length))]);
				}
				else {
					words.add("w" + Integer.toString((int) (1 + 5000 * Math.pow(random.nextDouble(), 3)), 36));
				}
			}
			all.add(new DocumentSample(Integer.toString(purpose),
					PurposeClassifier.words(String.join(" ", words) + ".")));
		}
		Collections.shuffle(all, random);
		int split = all.size() * 4 / 5;
		List<DocumentSample> training = all.subList(0, split);
		List<DocumentSample> heldOut = all.subList(split, all.size());

		Map<String, Integer> frequency = new HashMap<>();
		training.forEach((d) -> frequency.merge(d.getCategory(), 1, Integer::sum));
		String majority = Collections.max(frequency.entrySet(), Map.Entry.comparingByValue()).getKey();

		System.gc();
		long heapBefore = usedHeap();
		long started = System.nanoTime();
		DoccatModel model = PurposeClassifier.train(training);
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		System.gc();
		long heapWithModel = usedHeap();
		Learned learned = new Learned(model, training.size(), 0, Instant.now(), took);

		int top1 = 0;
		int top3 = 0;
		int baseline = 0;
		long[] nanos = new long[heldOut.size()];
		for (int i = 0; i < heldOut.size(); i++) {
			DocumentSample sample = heldOut.get(i);
			String text = String.join(" ", sample.getText());
			long t0 = System.nanoTime();
			List<Scored> scored = PurposeClassifier.classify(learned, text);
			nanos[i] = System.nanoTime() - t0;
			String expected = sample.getCategory();
			if (Long.toString(scored.get(0).purposeId()).equals(expected)) {
				top1++;
			}
			if (scored.stream().limit(3).anyMatch((s) -> Long.toString(s.purposeId()).equals(expected))) {
				top3++;
			}
			if (expected.equals(majority)) {
				baseline++;
			}
		}
		Arrays.sort(nanos);
		double n = heldOut.size();
		System.out.printf(Locale.ROOT, "conversations %d (training %d, held out %d), purposes %d, seed %d%n",
				conversations, training.size(), heldOut.size(), purposes, seed);
		System.out.printf(Locale.ROOT, "top-1 accuracy %.3f, top-3 accuracy %.3f, majority-class baseline %.3f%n",
				top1 / n, top3 / n, baseline / n);
		System.out.printf(Locale.ROOT, "training %d ms, heap held by the model about %.1f MiB%n", took.toMillis(),
				(heapWithModel - heapBefore) / 1048576.0);
		System.out.printf(Locale.ROOT, "classify one conversation: p50 %.3f ms, p95 %.3f ms, max %.3f ms%n",
				nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.95)] / 1e6,
				nanos[nanos.length - 1] / 1e6);
	}

	private static int pick(Random random, double[] weights, double total) {
		double r = random.nextDouble() * total;
		for (int p = 0; p < weights.length; p++) {
			r -= weights[p];
			if (r <= 0) {
				return p;
			}
		}
		return weights.length - 1;
	}

	private static long usedHeap() {
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
