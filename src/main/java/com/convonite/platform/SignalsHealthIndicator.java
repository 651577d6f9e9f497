package com.convonite.platform;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Down while the instance's listening connection is lost: it would miss other instances' live updates and
 * cache evictions, so the load balancer should send its requests elsewhere (part of the readiness group).
 */
@Component
class SignalsHealthIndicator extends AbstractHealthIndicator {

	private final SignalListener listener;

	SignalsHealthIndicator(SignalListener listener) {
		this.listener = listener;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		if (this.listener.listening()) {
			builder.up();
		}
		else {
			builder.down().withDetail("since", String.valueOf(this.listener.lostSince()));
		}
	}

}
