package com.convonite.assist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.convonite.conversation.ConversationEvents.ConversationLogged;
import com.convonite.conversation.ConversationEvents.ConversationUpdated;
import com.convonite.conversation.Conversations;
import com.convonite.conversation.LearningSample;
import com.convonite.shared.WorkspaceScope;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import opennlp.tools.doccat.BagOfWordsFeatureGenerator;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.doccat.NGramFeatureGenerator;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * One purpose classifier per workspace, learned from that workspace's own logged conversations with Apache
 * OpenNLP's document categorizer (maximum entropy over words and word pairs). Models live in this instance's
 * memory: a workspace's is trained in the background the first time someone asks for it, and again (on a fixed
 * delay) after conversations were logged or changed through it, or once it is {@code convonite.assist.max-model-age}
 * old (what was logged through other instances). Each instance learns on its own, from the same database, so no
 * model is shared or stored; one nobody asked for in a day is dropped.
 * <p>
 * Enough history: at least {@value #MIN_CONVERSATIONS} logged conversations, with at least two purposes of
 * {@value #MIN_PER_PURPOSE} or more each. Fewer, and a maximum-entropy model mostly repeats the most frequent
 * purpose; a purpose with fewer than {@value #MIN_PER_PURPOSE} conversations is left out of training, as it
 * cannot be told apart reliably. Training reads at most the newest {@code convonite.assist.max-training-conversations}
 * conversations, so that its time and memory stay bounded however long the history.
 */
@Component
class PurposeClassifier {

	static final int MIN_CONVERSATIONS = 30;

	static final int MIN_PER_PURPOSE = 5;

	static final int RETRAIN_SPACING = 10;

	private static final Logger log = LoggerFactory.getLogger(PurposeClassifier.class);

	private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

	/** What the workspace's classifier knows; {@code model} is null when there was not enough history. */
	record Learned(DoccatModel model, int samples, int needed, Instant trainedAt, Duration took) {
	}

	/** A purpose with the model's probability for it. */
	record Scored(long purposeId, double probability) {
	}

	private final Conversations conversations;

	private final int maxSamples;

	private final Duration maxAge;

	private final Clock clock;

	/**
	 * The models, weighed by the conversations they learned from (about 16 MiB per 20,000, bench/suggest): beyond
	 * {@code convonite.assist.max-learned-conversations} the least recently used go, and are learned again when
	 * next asked for.
	 */
	private final Cache<Long, Learned> models;

	private final Set<Long> stale = ConcurrentHashMap.newKeySet();

	private final Set<Long> training = ConcurrentHashMap.newKeySet();

	/** One thread, so that training never takes more than one core from the requests. */
	private final ExecutorService trainer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
			new LinkedBlockingQueue<>(), (task) -> {
				Thread thread = new Thread(task, "purpose-classifier");
				thread.setDaemon(true);
				thread.setPriority(Thread.NORM_PRIORITY - 1);
				return thread;
			});

	PurposeClassifier(Conversations conversations,
			@Value("${convonite.assist.max-training-conversations:20000}") int maxSamples,
			@Value("${convonite.assist.max-learned-conversations:100000}") long maxLearned,
			@Value("${convonite.assist.max-model-age:PT1H}") Duration maxAge) {
		this.conversations = conversations;
		this.maxSamples = maxSamples;
		this.maxAge = maxAge;
		this.clock = Clock.systemUTC();
		this.models = Caffeine.newBuilder()
			.maximumWeight(maxLearned)
			.expireAfterAccess(Duration.ofDays(1))
			.<Long, Learned>weigher((workspaceId, learned) -> 1 + learned.samples())
			.build();
	}

	/** What the workspace's classifier knows now, or null when it has none yet (training is then started). */
	Learned learned(long workspaceId) {
		Learned learned = this.models.getIfPresent(workspaceId);
		if (learned == null) {
			trainInBackground(workspaceId);
		}
		return learned;
	}

	/** The purposes of the words, likeliest first. */
	static List<Scored> classify(Learned learned, String text) {
		DocumentCategorizerME categorizer = new DocumentCategorizerME(learned.model());
		String[] words = words(text);
		if (words.length == 0) {
			return List.of();
		}
		double[] probabilities = categorizer.categorize(words);
		List<Scored> scored = new ArrayList<>(probabilities.length);
		for (int i = 0; i < probabilities.length; i++) {
			scored.add(new Scored(Long.parseLong(categorizer.getCategory(i)), probabilities[i]));
		}
		scored.sort(Comparator.comparingDouble(Scored::probability).reversed());
		return scored;
	}

	/** Lower-cased words without punctuation: the same for training and for suggesting. */
	static String[] words(String text) {
		String[] words = NOT_A_WORD.split(text.toLowerCase(Locale.ROOT).strip());
		return (words.length == 1 && words[0].isEmpty()) ? new String[0]
				: Arrays.stream(words).filter((w) -> !w.isEmpty()).toArray(String[]::new);
	}

	@ApplicationModuleListener
	void on(ConversationLogged logged) {
		this.stale.add(logged.workspaceId());
	}

	/** A changed conversation may have a new purpose or subject. */
	@ApplicationModuleListener
	void on(ConversationUpdated updated) {
		this.stale.add(updated.workspaceId());
	}

	/**
	 * Retrains the workspaces whose history changed. Only those with a model in this instance's memory: a
	 * workspace nobody asked about here is trained when someone first does. A workspace is retrained at most
	 * once per {@value #RETRAIN_SPACING} times its last training took, so that a large workspace where
	 * conversations are logged all day keeps training to a tenth of a core.
	 */
	@Scheduled(fixedDelayString = "${convonite.assist.retrain-interval:PT30S}",
			initialDelayString = "${convonite.assist.retrain-interval:PT30S}")
	void retrainStale() {
		Instant now = this.clock.instant();
		// the events reach only the instance where the conversation was logged: the others catch up by age
		this.models.asMap().forEach((workspaceId, learned) -> {
			if (learned.trainedAt().plus(this.maxAge).isBefore(now)) {
				this.stale.add(workspaceId);
			}
		});
		for (Long workspaceId : List.copyOf(this.stale)) {
			Learned learned = this.models.getIfPresent(workspaceId);
			if (learned == null) {
				this.stale.remove(workspaceId);
			}
			else if (!now.isBefore(learned.trainedAt().plus(learned.took().multipliedBy(RETRAIN_SPACING)))) {
				this.stale.remove(workspaceId);
				if (!trainInBackground(workspaceId)) {
					this.stale.add(workspaceId); // being trained on what may predate the change: again next time
				}
			}
		}
	}

	/** False when the workspace is being trained already. */
	private boolean trainInBackground(long workspaceId) {
		if (!this.training.add(workspaceId)) {
			return false;
		}
		{
			this.trainer.execute(() -> {
				try {
					train(workspaceId);
				}
				catch (RuntimeException ex) {
					log.warn("Could not train the purpose classifier of workspace {}", workspaceId, ex);
				}
				finally {
					this.training.remove(workspaceId);
				}
			});
		}
		return true;
	}

	/** Trains the workspace's classifier now, on the calling thread, and keeps it. */
	Learned train(long workspaceId) {
		long started = System.nanoTime();
		List<LearningSample> samples = WorkspaceScope.call(workspaceId,
				() -> this.conversations.learningSamples(workspaceId, this.maxSamples));
		Map<Long, Integer> perPurpose = new HashMap<>();
		samples.forEach((sample) -> perPurpose.merge(sample.purposeId(), 1, Integer::sum));
		int needed = needed(samples.size(), perPurpose.values());
		DoccatModel model = null;
		int learnedFrom = samples.size();
		if (needed == 0) {
			List<DocumentSample> documents = new ArrayList<>(samples.size());
			for (LearningSample sample : samples) {
				String[] words = words(sample.text());
				if (perPurpose.get(sample.purposeId()) >= MIN_PER_PURPOSE && words.length > 0) {
					documents.add(new DocumentSample(Long.toString(sample.purposeId()), words));
				}
			}
			learnedFrom = documents.size();
			model = train(documents);
		}
		Learned learned = new Learned(model, learnedFrom, needed, this.clock.instant(),
				Duration.ofNanos(System.nanoTime() - started));
		this.models.put(workspaceId, learned);
		log.debug("Purpose classifier of workspace {}: {} conversations, {} needed, trained in {}", workspaceId,
				learned.samples(), needed, learned.took());
		return learned;
	}

	/**
	 * How many more logged conversations are needed: up to {@value #MIN_CONVERSATIONS} in all, and enough for the
	 * two most frequent purposes to have {@value #MIN_PER_PURPOSE} each (a new purpose counts from zero).
	 */
	static int needed(int conversations, java.util.Collection<Integer> perPurpose) {
		List<Integer> counts = perPurpose.stream().sorted(Comparator.reverseOrder()).toList();
		int forPurposes = 0;
		for (int i = 0; i < 2; i++) {
			int count = (i < counts.size()) ? counts.get(i) : 0;
			forPurposes += Math.max(0, MIN_PER_PURPOSE - count);
		}
		return Math.max(Math.max(0, MIN_CONVERSATIONS - conversations), forPurposes);
	}

	/** Maximum entropy over words and adjacent word pairs; features seen once count too (small histories). */
	static DoccatModel train(List<DocumentSample> documents) {
		TrainingParameters parameters = TrainingParameters.defaultParams();
		parameters.put(TrainingParameters.ALGORITHM_PARAM, "MAXENT");
		parameters.put(TrainingParameters.ITERATIONS_PARAM, 100);
		parameters.put(TrainingParameters.CUTOFF_PARAM, 1);
		parameters.put(TrainingParameters.THREADS_PARAM, 1);
		try {
			DoccatFactory factory = new DoccatFactory(
					new FeatureGenerator[] { new BagOfWordsFeatureGenerator(), new NGramFeatureGenerator(2, 2) });
			return DocumentCategorizerME.train("und", ObjectStreamUtils.createObjectStream(documents), parameters,
					factory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@jakarta.annotation.PreDestroy
	void stop() {
		this.trainer.shutdownNow();
	}

}
