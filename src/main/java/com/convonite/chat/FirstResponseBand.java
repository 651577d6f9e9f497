package com.convonite.chat;

/**
 * The bands respond.io gives first response times in: from the customer's first message after a chat was opened to
 * the first reply by a member. A band holds the times from {@link #fromSeconds} (included) to {@link #toSeconds}
 * (excluded; none for the last). The chat list's filter and the Chats report's counts use the same bounds
 * (migration V180).
 */
public enum FirstResponseBand {

	UNDER_30S(0, 30L), FROM_30S_TO_2MIN(30, 120L), FROM_2_TO_5MIN(120, 300L), FROM_5_TO_10MIN(300, 600L),
	FROM_10_TO_30MIN(600, 1800L), FROM_30_TO_60MIN(1800, 3600L), OVER_1H(3600, null);

	private final long fromSeconds;

	private final Long toSeconds;

	FirstResponseBand(long fromSeconds, Long toSeconds) {
		this.fromSeconds = fromSeconds;
		this.toSeconds = toSeconds;
	}

	public long fromSeconds() {
		return this.fromSeconds;
	}

	/** The first time past the band, or null for the last band. */
	public Long toSeconds() {
		return this.toSeconds;
	}

	/** The SQL of an episode's first response in seconds, as the rollups of V180 compute it (null: none yet). */
	public static final String SECONDS_SQL = "(case when e.first_reply_at is not null and e.first_in_at is not null "
			+ "then greatest(0, extract(epoch from e.first_reply_at - e.first_in_at))::double precision end)";

}
