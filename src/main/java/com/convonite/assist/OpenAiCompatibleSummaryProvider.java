package com.convonite.assist;

import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.convonite.assist.SummaryProviders.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * A draft from any OpenAI-compatible chat-completions endpoint (OpenAI, a self-hosted Ollama or vLLM, ...) that a
 * workspace's admins set: {@code POST {baseUrl}/chat/completions} with the model, a system message that asks for a
 * subject and a summary, and one user message holding the picked messages, and nothing else, one line each after
 * who said it. The API key goes only in the {@code Authorization} header, and never into a log or an answer (an
 * endpoint's error message that repeats it is masked). A failure is a {@link Failed} whose message tells the user
 * what went wrong; the built-in draft stays available.
 */
class OpenAiCompatibleSummaryProvider implements SummaryProvider {

	static final String NAME = "openai-compatible";

	static final String INSTRUCTIONS = """
			You write the log entry of a customer conversation for a support team. Using only what the messages \
			say, answer with exactly two lines and nothing else:
			Subject: what the conversation was about, at most 80 characters
			Summary: what the customer wanted and what the team did or promised, at most 600 characters
			Write in the language of the messages. Do not add greetings, advice or anything the messages do not say.""";

	private static final Logger log = LoggerFactory.getLogger(OpenAiCompatibleSummaryProvider.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern LABEL = Pattern.compile("(?im)^[\\s*#_]*(subject|summary)[\\s*_]*:[\\s*_]*");

	/** Shared by every workspace's endpoint; each call sets its own read timeout. */
	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(java.time.Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final Endpoint endpoint;

	private final RestClient client;

	OpenAiCompatibleSummaryProvider(Endpoint endpoint) {
		this.endpoint = endpoint;
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HTTP);
		requests.setReadTimeout(endpoint.timeout());
		this.client = RestClient.builder().requestFactory(requests).build();
	}

	/** The endpoint could not draft; the message says why, in words for the user, without the key. */
	static class Failed extends RuntimeException {

		Failed(String reason) {
			super(reason, null, false, false);
		}

	}

	@Override
	public Draft draft(List<PickedMessage> messages) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("model", this.endpoint.model());
		body.put("messages", List.of(Map.of("role", "system", "content", INSTRUCTIONS),
				Map.of("role", "user", "content", transcript(messages))));
		body.put("temperature", 0.2);
		body.put("stream", false);
		try {
			RestClient.RequestBodySpec request = this.client.post()
				.uri(this.endpoint.baseUrl() + "/chat/completions")
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON);
			if (this.endpoint.apiKey() != null) {
				request.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.endpoint.apiKey());
			}
			return request.body(JSON.writeValueAsString(body)).exchange((sent, response) -> {
				String answer = StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8);
				int status = response.getStatusCode().value();
				if (!response.getStatusCode().is2xxSuccessful()) {
					throw failed("The summary service answered HTTP " + status + refusal(answer));
				}
				return parse(content(answer));
			});
		}
		catch (ResourceAccessException ex) {
			Throwable cause = ex.getMostSpecificCause();
			if (cause instanceof HttpTimeoutException || cause instanceof java.net.SocketTimeoutException) {
				long seconds = this.endpoint.timeout().toSeconds();
				throw failed("The summary service did not answer within " + seconds
						+ ((seconds == 1) ? " second" : " seconds"));
			}
			throw failed("Could not reach the summary service at " + this.endpoint.baseUrl() + ": " + why(ex));
		}
	}

	/** Why the connection failed, in words: the JDK's innermost cause is often a bare ClosedChannelException. */
	private static String why(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.net.ConnectException) {
				return "nothing answers there (connection refused)";
			}
			if (cause instanceof java.net.UnknownHostException
					|| cause instanceof java.nio.channels.UnresolvedAddressException) {
				return "its host name is unknown";
			}
			if (cause instanceof javax.net.ssl.SSLException) {
				return "the secure connection failed (" + cause.getMessage() + ")";
			}
		}
		return "the connection failed";
	}

	/** The picked messages, oldest first, one line each (line breaks inside a message kept as spaces). */
	static String transcript(List<PickedMessage> messages) {
		List<String> lines = new ArrayList<>(messages.size());
		for (PickedMessage message : messages) {
			lines.add(message.speaker() + ": " + message.text().strip().replaceAll("\\s*\\n\\s*", " "));
		}
		return String.join("\n", lines);
	}

	private Failed failed(String reason) {
		String message = masked(reason);
		log.warn("Summary provider {} (model {}) failed: {}", this.endpoint.baseUrl(), this.endpoint.model(), message);
		return new Failed(message);
	}

	/** Never the key, even when an endpoint repeats it in its error. */
	private String masked(String text) {
		String key = this.endpoint.apiKey();
		return (key == null || key.isEmpty()) ? text : text.replace(key, com.convonite.shared.Secrets.masked(key));
	}

	/** ": " and the endpoint's own error message, when its answer has one ({@code {"error": {"message": ...}}}). */
	private static String refusal(String answer) {
		JsonNode json = json(answer);
		String message = (json != null) ? json.path("error").path("message").asString(json.path("error").asString(""))
				: "";
		message = message.strip();
		return message.isEmpty() ? "" : ": " + ExtractiveSummaryProvider.shorten(message.replaceAll("\\s+", " "), 300);
	}

	private String content(String answer) {
		JsonNode json = json(answer);
		JsonNode content = (json != null) ? json.path("choices").path(0).path("message").path("content") : null;
		if (content == null || !content.isString()) {
			throw failed("The summary service's answer was not a chat completion (no choices[0].message.content)");
		}
		if (content.asString().isBlank()) {
			throw failed("The summary service answered without a draft");
		}
		return content.asString();
	}

	/**
	 * "Subject: ..." and "Summary: ..." (models add markdown around the labels at times); without the labels, the
	 * first line is the subject and the rest the summary.
	 */
	static Draft parse(String content) {
		String text = content.strip();
		String subject = null;
		String summary = null;
		Matcher label = LABEL.matcher(text);
		List<int[]> labels = new ArrayList<>();
		while (label.find()) {
			labels.add(new int[] { label.start(), label.end(), label.group(1).equalsIgnoreCase("subject") ? 0 : 1 });
		}
		for (int i = 0; i < labels.size(); i++) {
			int end = (i + 1 < labels.size()) ? labels.get(i + 1)[0] : text.length();
			String value = clean(text.substring(labels.get(i)[1], end));
			if (labels.get(i)[2] == 0 && subject == null) {
				subject = value;
			}
			else if (labels.get(i)[2] == 1 && summary == null) {
				summary = value;
			}
		}
		if (labels.isEmpty()) {
			int lineEnd = text.indexOf('\n');
			subject = clean((lineEnd < 0) ? text : text.substring(0, lineEnd));
			summary = (lineEnd < 0) ? null : clean(text.substring(lineEnd + 1));
		}
		return new Draft((subject != null) ? shortened(subject.replaceAll("\\s+", " "), Draft.SUBJECT_MAX) : null,
				shortened(summary, Draft.SUMMARY_MAX));
	}

	private static String clean(String text) {
		String cleaned = text.strip().replaceAll("^[*_\"]+|[*_\"]+$", "").strip();
		return cleaned.isEmpty() ? null : cleaned;
	}

	private static String shortened(String text, int max) {
		return (text == null) ? null : ExtractiveSummaryProvider.shorten(text.replaceAll("[ \\t]+", " "), max);
	}

	private static JsonNode json(String text) {
		try {
			return JSON.readTree(text);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
