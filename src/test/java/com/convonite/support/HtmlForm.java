package com.convonite.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields a browser would submit from one form of a page, as the page rendered them: the inputs (checked
 * radios and checkboxes only), the selected option of each select, and each textarea's text. Enough for
 * tests that "save a form unchanged" without a browser; the browser tests do the same in Chromium.
 */
public final class HtmlForm {

	private static final Pattern TAG = Pattern.compile("<(input|select|textarea)\\b([^>]*)>", Pattern.CASE_INSENSITIVE);

	private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z_:.-]+)(?:=\"([^\"]*)\")?");

	private static final Pattern OPTION = Pattern.compile("<option\\b([^>]*)>", Pattern.CASE_INSENSITIVE);

	private HtmlForm() {
	}

	/** The fields of the form whose action is the given path. */
	public static Map<String, String> fields(String html, String action) {
		int at = html.indexOf("action=\"" + action + "\"");
		if (at < 0) {
			throw new AssertionError("no form with action " + action);
		}
		int start = html.lastIndexOf("<form", at);
		int end = html.indexOf("</form>", at);
		String form = html.substring(start, end);
		Map<String, String> fields = new LinkedHashMap<>();
		Matcher tag = TAG.matcher(form);
		while (tag.find()) {
			Map<String, String> attributes = attributes(tag.group(2));
			String name = attributes.get("name");
			if (name == null || attributes.containsKey("disabled")) {
				continue;
			}
			switch (tag.group(1).toLowerCase()) {
				case "input" -> {
					String type = attributes.getOrDefault("type", "text");
					if (type.equals("submit") || type.equals("button")) {
						continue;
					}
					if ((type.equals("radio") || type.equals("checkbox")) && !attributes.containsKey("checked")) {
						continue;
					}
					fields.put(name, unescape(attributes.getOrDefault("value", (type.equals("checkbox")) ? "on" : "")));
				}
				case "select" -> {
					String body = form.substring(tag.end(), form.indexOf("</select>", tag.end()));
					Matcher option = OPTION.matcher(body);
					String chosen = null;
					while (option.find()) {
						Map<String, String> o = attributes(option.group(1));
						if (chosen == null || o.containsKey("selected")) {
							chosen = unescape(o.getOrDefault("value", ""));
							if (o.containsKey("selected")) {
								break;
							}
						}
					}
					if (chosen != null) {
						fields.put(name, chosen);
					}
				}
				default -> {
					String text = form.substring(tag.end(), form.indexOf("</textarea>", tag.end()));
					// A browser drops one line break right after <textarea> and sends line breaks as CR LF.
					if (text.startsWith("\n")) {
						text = text.substring(1);
					}
					fields.put(name, unescape(text).replace("\r\n", "\n").replace("\n", "\r\n"));
				}
			}
		}
		return fields;
	}

	private static Map<String, String> attributes(String text) {
		Map<String, String> attributes = new LinkedHashMap<>();
		Matcher attribute = ATTRIBUTE.matcher(text);
		while (attribute.find()) {
			attributes.put(attribute.group(1).toLowerCase(), attribute.group(2));
		}
		return attributes;
	}

	private static String unescape(String text) {
		return (text == null) ? null : text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
			.replace("&#39;", "'").replace("&#10;", "\n").replace("&#13;", "\r").replace("&amp;", "&");
	}

}
