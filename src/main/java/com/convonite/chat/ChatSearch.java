package com.convonite.chat;

import java.util.HashMap;
import java.util.Map;

import com.convonite.shared.SearchText;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The inbox's search text as conditions on a chat list: the words as a prefix query over the contact's name and
 * phone words and over the messages' text (the expression indexes of V85), and the digits of a text that looks
 * like a phone number as a prefix of the contact's phone words.
 */
record ChatSearch(String words, String digits) {

	/** The search for what the user typed, or null when it holds neither a word nor phone digits. */
	static ChatSearch of(JdbcClient jdbc, String typed) {
		String text = SearchText.of(typed);
		String words = jdbc.sql("""
				select string_agg(quote_literal(lexeme) || ':*', ' & ')
				from unnest(to_tsvector('simple', immutable_unaccent(left(:text, 200))))
				""").param("text", text).query(String.class).optional().orElse(null);
		String digits = null;
		String stripped = text.strip();
		if (stripped.matches("[+0-9 ()\\-.]+")) {
			// A national number's trunk prefix (0 in most countries) is no part of the stored international form.
			digits = stripped.replaceAll("\\D", "").replaceFirst("^0+", "");
			digits = (digits.length() >= 3) ? "'" + digits + "':*" : null;
		}
		return (words == null && digits == null) ? null : new ChatSearch(words, digits);
	}

	/** The words, or the digits, or either: what a contact's name and phone words are matched with. */
	private String contactQuery() {
		if (this.words != null && this.digits != null) {
			return "(" + this.words + ") | " + this.digits;
		}
		return (this.words != null) ? this.words : this.digits;
	}

	String condition() {
		StringBuilder sql = new StringBuilder(" and (c.contact_id in (select s.id from contact s"
				+ " where s.workspace_id = :workspaceId and contact_search_vector(s.name, s.phone)"
				+ " @@ to_tsquery('simple', :contactQuery))");
		if (this.words != null) {
			sql.append(" or c.id in (select g.chat_id from message g where g.workspace_id = :workspaceId"
					+ " and message_search_vector(g.body) @@ to_tsquery('simple', :messageQuery))");
		}
		return sql.append(")").toString();
	}

	Map<String, Object> params() {
		Map<String, Object> params = new HashMap<>();
		params.put("contactQuery", contactQuery());
		if (this.words != null) {
			params.put("messageQuery", this.words);
		}
		return params;
	}

}
