package com.convonite.platform;

/**
 * A small cross-instance signal: what happened ({@code topic}, e.g. {@code live} or {@code evict}), in which
 * workspace, and a short subject made of ids and fixed words (never customer text).
 */
public record Signal(String topic, long workspaceId, String subject) {

	/** Longest encoded signal; PostgreSQL refuses payloads of 8,000 bytes and more. */
	static final int MAX_BYTES = 1000;

	private static final char SEPARATOR = '|';

	public Signal {
		if (topic.isEmpty() || topic.indexOf(SEPARATOR) >= 0) {
			throw new IllegalArgumentException("A signal's topic is a non-empty word without '|': " + topic);
		}
		if (!subject.chars().allMatch((c) -> c >= 0x20 && c < 0x7f)) {
			throw new IllegalArgumentException("A signal's subject is printable ASCII (ids and fixed words)");
		}
	}

	String encode() {
		String payload = this.topic + SEPARATOR + this.workspaceId + SEPARATOR + this.subject;
		if (payload.length() > MAX_BYTES) {
			throw new IllegalArgumentException("A signal is at most " + MAX_BYTES + " bytes, not " + payload.length());
		}
		return payload;
	}

	/** The signal of a notification's payload, or null when the payload is none of ours. */
	static Signal decode(String payload) {
		int first = payload.indexOf(SEPARATOR);
		int second = (first > 0) ? payload.indexOf(SEPARATOR, first + 1) : -1;
		if (second < 0) {
			return null;
		}
		try {
			return new Signal(payload.substring(0, first), Long.parseLong(payload.substring(first + 1, second)),
					payload.substring(second + 1));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
