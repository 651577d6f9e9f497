package com.convonite.shared;

import jakarta.servlet.http.HttpServletRequest;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxMvcAutoConfiguration;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequestMappingHandlerMapping;

import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.ExceptionHandlerExceptionResolver;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Finds the controller method of a request by its path first. A path with an id in it ({@code
 * /api/v1/conversations/42}) cannot be looked up directly, so Spring MVC tries every one of the product's
 * couple of hundred mappings, checking method, headers, consumed and produced types before the path: that
 * was a third of the CPU of reading one conversation. Checking the path first rules out all but a few mappings
 * at the price of one pattern match each; the result, and the 404, 405, 406 and 415 answers, are the same.
 */
@Configuration(proxyBeanMethods = false)
class RequestMappingConfiguration {

	/**
	 * Takes the place of htmx-spring-boot's registrations (primary, as Spring Boot uses only one), keeping its
	 * {@code @HxRequest} conditions and its handler adapter.
	 */
	@Bean
	@Primary
	WebMvcRegistrations pathFirstRequestMapping(HtmxMvcAutoConfiguration htmx) {
		return new WebMvcRegistrations() {
			@Override
			public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
				return new PathFirstRequestMappingHandlerMapping();
			}

			@Override
			public RequestMappingHandlerAdapter getRequestMappingHandlerAdapter() {
				return htmx.getRequestMappingHandlerAdapter();
			}

			@Override
			public ExceptionHandlerExceptionResolver getExceptionHandlerExceptionResolver() {
				return htmx.getExceptionHandlerExceptionResolver();
			}
		};
	}

	static class PathFirstRequestMappingHandlerMapping extends HtmxRequestMappingHandlerMapping {

		@Override
		protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
			PathPatternsRequestCondition paths = info.getPathPatternsCondition();
			if (paths != null && paths.getMatchingCondition(request) == null) {
				return null;
			}
			return super.getMatchingMapping(info, request);
		}

	}

}
