package com.convonite.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Percentiles from the log-scale histograms stay within the stated 9.1% of the exact nearest-rank values. */
class TimeHistogramTests {

	@Test
	void percentilesAreWithinTheirStatedPrecision() {
		Random random = new Random(17);
		for (int run = 0; run < 200; run++) {
			TimeHistogram histogram = new TimeHistogram();
			List<Long> times = new ArrayList<>();
			int n = 1 + random.nextInt(300);
			for (int i = 0; i < n; i++) {
				// from a second to about a year, spread over every scale
				long seconds = 1 + (long) Math.exp(random.nextDouble() * Math.log(31_536_000));
				times.add(seconds);
				histogram.add(TimeHistogram.bucketOf(seconds), 1);
			}
			times.sort(null);
			for (double p : new double[] { 0.5, 0.9 }) {
				long exact = times.get((int) Math.ceil(p * n) - 1);
				long estimate = histogram.percentile(p);
				assertThat(Math.abs(estimate - exact)).as("p%s of %s", p, times)
					.isLessThanOrEqualTo(Math.max(1, Math.round(0.091 * exact)));
			}
			assertThat(histogram.count()).isEqualTo(n);
		}
	}

	@Test
	void underASecondIsZeroAndNoTimesIsNone() {
		TimeHistogram histogram = new TimeHistogram();
		assertThat(histogram.percentile(0.5)).isNull();
		histogram.add(TimeHistogram.bucketOf(0.4), 3);
		assertThat(histogram.percentile(0.9)).isZero();
		assertThat(TimeHistogram.bucketOf(1)).isEqualTo(1);
		assertThat(TimeHistogram.bucketOf(2)).isEqualTo(5);
		assertThat(TimeHistogram.middleOf(5)).isEqualTo(2); // 2^(4.5/4) = 2.18
	}

}
