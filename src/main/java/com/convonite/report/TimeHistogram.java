package com.convonite.report;

import java.util.TreeMap;

/**
 * Times counted in the fixed log-scale buckets of the rollups (migration V110): bucket 0 holds times under one
 * second, bucket b &ge; 1 the times in [2^((b-1)/4), 2^(b/4)) seconds. A percentile is the nearest-rank bucket's
 * geometric middle, so it is within 9.1% of the exact nearest-rank value (0 for under a second).
 */
final class TimeHistogram {

	private final TreeMap<Integer, Long> counts = new TreeMap<>();

	private long total;

	void add(int bucket, long count) {
		this.counts.merge(bucket, count, Long::sum);
		this.total += count;
	}

	void addAll(TimeHistogram other) {
		other.counts.forEach(this::add);
	}

	long count() {
		return this.total;
	}

	/** The p-th percentile (0 &lt; p &le; 1) in whole seconds, or null when there are no times. */
	Long percentile(double p) {
		if (this.total == 0) {
			return null;
		}
		long rank = Math.max(1, (long) Math.ceil(p * this.total));
		long seen = 0;
		for (var entry : this.counts.entrySet()) {
			seen += entry.getValue();
			if (seen >= rank) {
				return middleOf(entry.getKey());
			}
		}
		return middleOf(this.counts.lastKey());
	}

	static long middleOf(int bucket) {
		return (bucket <= 0) ? 0 : Math.round(Math.pow(2, (bucket - 0.5) / 4));
	}

	/** The bucket of a time, as the database's report_time_bucket computes it. */
	static int bucketOf(double seconds) {
		return (seconds < 1) ? 0 : 1 + (int) Math.floor(4 * Math.log(seconds) / Math.log(2));
	}

	ReportFigures.Times figures() {
		return new ReportFigures.Times(this.total, percentile(0.5), percentile(0.9));
	}

}
