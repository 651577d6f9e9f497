package com.convonite.shared;

import org.apache.catalina.core.StandardHost;

import org.springframework.boot.servlet.filter.OrderedRequestContextFilter;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Every refusal names the request's path as its {@code instance}: Tomcat answers the requests it refuses itself
 * with problem+json ({@link ProblemErrorReportValve}), and the request is known to {@link Problems#write} from
 * the first filter on (Spring Boot's request context filter runs first, rather than after the product's size and
 * parameter checks).
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrorConfiguration {

	@Bean
	OrderedRequestContextFilter requestContextFilter() {
		OrderedRequestContextFilter filter = new OrderedRequestContextFilter();
		filter.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return filter;
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
		return (factory) -> factory.addContextCustomizers((context) -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			}
		});
	}

}
