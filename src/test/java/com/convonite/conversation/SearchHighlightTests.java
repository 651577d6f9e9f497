package com.convonite.conversation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SearchHighlightTests {

	@Test
	void marksWordsAndPrefixesIgnoringCaseAndAccents() {
		var highlight = SearchHighlight.of("gelee PRIC");
		assertThat(highlight.html("Gelée and pricing, not spice"))
			.isEqualTo("<mark>Gelée</mark> and <mark>pricing</mark>, not spice");
	}

	@Test
	void escapesEverythingElseSoTextNeverBecomesMarkup() {
		var highlight = SearchHighlight.of("script");
		assertThat(highlight.html("<script>alert('x')</script> & <img src=x onerror=\"y\">"))
			.isEqualTo("&lt;<mark>script</mark>&gt;alert(&#39;x&#39;)&lt;/<mark>script</mark>&gt; &amp; "
					+ "&lt;img src=x onerror=&quot;y&quot;&gt;");
		assertThat(SearchHighlight.of("<mark>").html("<mark>")).isEqualTo("&lt;<mark>mark</mark>&gt;");
	}

	@Test
	void withoutSearchWordsNothingIsMarkedAndNullStaysNull() {
		assertThat(SearchHighlight.of("  ").html("a <b>")).isEqualTo("a &lt;b&gt;");
		assertThat(SearchHighlight.of("x").html(null)).isNull();
	}

	@Test
	void aLongTextIsCutAroundTheFirstMatch() {
		String text = "word ".repeat(200) + "needle " + "tail ".repeat(200);
		String excerpt = SearchHighlight.excerpt(text, "needle", 100);
		assertThat(excerpt).contains("needle").startsWith("… ").endsWith(" …");
		assertThat(excerpt.length()).isLessThanOrEqualTo(106);
		assertThat(SearchHighlight.excerpt("short", "x", 100)).isEqualTo("short");
	}

}
