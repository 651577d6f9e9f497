package com.convonite.conversation;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.util.HtmlUtils;

/**
 * Marks the words of a text that a search matched, the way the search matches them (SPEC §4): a word matches
 * when it starts with one of the searched words, ignoring case and accents. The result is HTML built by
 * escaping every piece of the text first and only then adding {@code <mark>} around whole words, so that
 * user text can never become markup.
 */
final class SearchHighlight {

	private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}\\p{M}]+");

	private static final Pattern MARKS = Pattern.compile("\\p{M}+");

	private final List<String> terms;

	private SearchHighlight(List<String> terms) {
		this.terms = terms;
	}

	/** The highlighter of a search text; blank text highlights nothing. */
	static SearchHighlight of(String query) {
		List<String> terms = new ArrayList<>();
		if (query != null) {
			Matcher words = WORD.matcher(query);
			while (words.find()) {
				String term = normalize(words.group());
				if (!term.isEmpty() && !terms.contains(term)) {
					terms.add(term);
				}
			}
		}
		return new SearchHighlight(List.copyOf(terms));
	}

	boolean active() {
		return !this.terms.isEmpty();
	}

	/** The text as safe HTML, with matched words wrapped in {@code <mark>}; null stays null. */
	String html(String text) {
		if (text == null) {
			return null;
		}
		StringBuilder html = new StringBuilder(text.length() + 16);
		Matcher words = WORD.matcher(text);
		int done = 0;
		while (words.find()) {
			if (matches(words.group())) {
				html.append(HtmlUtils.htmlEscape(text.substring(done, words.start()), "UTF-8"))
					.append("<mark>")
					.append(HtmlUtils.htmlEscape(words.group(), "UTF-8"))
					.append("</mark>");
				done = words.end();
			}
		}
		html.append(HtmlUtils.htmlEscape(text.substring(done), "UTF-8"));
		return html.toString();
	}

	/**
	 * At most about {@code max} characters of the text, taken around the first matched word so that a match
	 * deep in a long summary still shows; an ellipsis marks what was left out.
	 */
	static String excerpt(String text, String query, int max) {
		if (text == null || text.length() <= max) {
			return text;
		}
		SearchHighlight highlight = of(query);
		int at = 0;
		Matcher words = WORD.matcher(text);
		while (words.find()) {
			if (highlight.matches(words.group())) {
				at = words.start();
				break;
			}
		}
		int start = Math.max(0, Math.min(at - max / 3, text.length() - max));
		while (start > 0 && start < at && !Character.isWhitespace(text.charAt(start - 1))) {
			start++;
		}
		int end = Math.min(text.length(), start + max);
		return ((start > 0) ? "… " : "") + text.substring(start, end).strip() + ((end < text.length()) ? " …" : "");
	}

	private boolean matches(String word) {
		if (this.terms.isEmpty()) {
			return false;
		}
		String normalized = normalize(word);
		for (String term : this.terms) {
			if (normalized.startsWith(term)) {
				return true;
			}
		}
		return false;
	}

	static String normalize(String word) {
		String decomposed = Normalizer.normalize(word, Normalizer.Form.NFD);
		return MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
	}

}
