package com.convonite.assist;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.convonite.chat.MessageDirection;

import org.springframework.stereotype.Component;

/**
 * The built-in draft: sentences taken as they were written, nothing sent anywhere. Each message is split into
 * sentences; a sentence scores by its informative words, each weighted by how rare it is among the picked
 * messages (inverse document frequency, so that what every message repeats counts little), divided by the root
 * of its length so that long sentences do not win by length alone. Greetings, thanks and sentences of fewer than
 * {@value #MIN_WORDS} words or {@value #MIN_INFORMATIVE_WORDS} informative ones are never picked. The subject is
 * the best customer sentence (the best of any when the customer said nothing informative); the summary is the best
 * customer and team sentences in the order they were said, each after who said it.
 */
@Component
class ExtractiveSummaryProvider implements SummaryProvider {

	static final int MIN_WORDS = 3;

	/** A sentence with fewer informative words ("Thanks for waiting!") is courtesy, not content. */
	static final int MIN_INFORMATIVE_WORDS = 2;

	/** Sentences a summary holds at most, within {@link Draft#SUMMARY_MAX} characters. */
	static final int SUMMARY_SENTENCES = 4;

	private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\s*\\n+\\s*");

	private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

	/** Words that say nothing about what a conversation is about: greetings, courtesy and function words. */
	private static final Set<String> UNINFORMATIVE = Set.of(("a an the and or but if so of to in on at by for with "
			+ "from about as into is are was were be been being am do does did done have has had having i me my we "
			+ "us our you your he she it its they them their this that these those there here what which who whom "
			+ "when where why how not no yes can could would should will shall may might must just also very too "
			+ "really please thanks thank thx ty hi hello hey hiya dear good morning afternoon evening night bye "
			+ "goodbye cheers regards ok okay sure great fine welcome sorry hope help let know get got one any some "
			+ "all more much im ive dont cant wont")
		.split(" "));

	private record Sentence(int position, MessageDirection direction, String speaker, String text, double score) {
	}

	@Override
	public Draft draft(List<PickedMessage> messages) {
		List<String[]> bodies = new ArrayList<>();
		for (PickedMessage message : messages) {
			bodies.add(informativeWords(message.text()));
		}
		Map<String, Integer> documentFrequency = new HashMap<>();
		for (String[] words : bodies) {
			new HashSet<>(List.of(words)).forEach((word) -> documentFrequency.merge(word, 1, Integer::sum));
		}
		int documents = Math.max(1, messages.size());
		List<Sentence> sentences = new ArrayList<>();
		for (PickedMessage message : messages) {
			if (message.text() == null) {
				continue;
			}
			for (String text : SENTENCE_END.split(message.text().strip())) {
				String sentence = text.strip();
				int allWords = NOT_A_WORD.split(sentence).length;
				String[] informative = informativeWords(sentence);
				if (allWords < MIN_WORDS || new HashSet<>(List.of(informative)).size() < MIN_INFORMATIVE_WORDS) {
					continue;
				}
				double weight = 0;
				for (String word : new HashSet<>(List.of(informative))) {
					weight += Math.log((1.0 + documents) / (1.0 + documentFrequency.getOrDefault(word, 0))) + 1.0;
				}
				sentences.add(new Sentence(sentences.size(), message.direction(), message.speaker(), sentence,
						weight / Math.sqrt(allWords)));
			}
		}
		if (sentences.isEmpty()) {
			return Draft.EMPTY;
		}
		List<Sentence> best = new ArrayList<>(sentences);
		best.sort(Comparator.comparingDouble(Sentence::score).reversed().thenComparingInt(Sentence::position));
		Sentence subject = best.stream()
			.filter((s) -> s.direction() == MessageDirection.IN)
			.findFirst()
			.orElse(best.get(0));
		return new Draft(shorten(subject.text(), Draft.SUBJECT_MAX), summary(best));
	}

	/**
	 * The best customer sentence and the best team sentence first, then the next best of either, as long as they
	 * fit; shown in the order they were said.
	 */
	private static String summary(List<Sentence> best) {
		List<Sentence> picked = new ArrayList<>();
		for (MessageDirection direction : MessageDirection.values()) {
			best.stream().filter((s) -> s.direction() == direction).findFirst().ifPresent(picked::add);
		}
		for (Sentence sentence : best) {
			if (picked.size() >= SUMMARY_SENTENCES) {
				break;
			}
			if (!picked.contains(sentence)) {
				picked.add(sentence);
			}
		}
		picked.sort(Comparator.comparingInt(Sentence::position));
		StringBuilder summary = new StringBuilder();
		for (Sentence sentence : picked) {
			String line = sentence.speaker() + ": " + sentence.text();
			int room = Draft.SUMMARY_MAX - summary.length() - ((summary.length() > 0) ? 1 : 0);
			if (line.length() > room) {
				if (summary.length() == 0) {
					summary.append(shorten(line, Draft.SUMMARY_MAX));
				}
				continue;
			}
			if (summary.length() > 0) {
				summary.append('\n');
			}
			summary.append(line);
		}
		return summary.toString();
	}

	/** The text cut at a word boundary so that it and an ellipsis fit in {@code max} characters. */
	static String shorten(String text, int max) {
		if (text.length() <= max) {
			return text;
		}
		int cut = text.lastIndexOf(' ', max - 1);
		String kept = (cut > max / 2) ? text.substring(0, cut) : text.substring(0, max - 1);
		return kept.replaceAll("[\\s,;:.!?-]+$", "") + "…";
	}

	private static String[] informativeWords(String text) {
		if (text == null) {
			return new String[0];
		}
		List<String> words = new ArrayList<>();
		for (String word : NOT_A_WORD.split(text.toLowerCase(Locale.ROOT))) {
			if (word.length() >= 3 && !UNINFORMATIVE.contains(word) && !word.chars().allMatch(Character::isDigit)) {
				words.add(word);
			}
		}
		return words.toArray(String[]::new);
	}

}
