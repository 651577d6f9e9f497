package com.convonite.shared;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Installs the {@link RequestBodyGuard} in the embedded Tomcat, with its limits from the configuration. */
@Configuration(proxyBeanMethods = false)
class RequestBodyGuardConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> requestBodyGuard(
			@Value("${convonite.http.body-grace-period:PT10S}") Duration gracePeriod,
			@Value("${convonite.http.min-body-bytes-per-second:2048}") long minBytesPerSecond,
			@Value("${convonite.http.max-body-requests-per-client:16}") int perClient,
			@Value("${convonite.http.max-body-requests:150}") int overall,
			@Value("${convonite.http.max-drained-body-bytes:67108864}") long drainLimit) {
		return (factory) -> factory
			.addContextValves(new RequestBodyGuard(gracePeriod, minBytesPerSecond, perClient, overall, drainLimit));
	}

}
