package com.convonite.shared;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The last line for a database outage: a failure to reach the database that escapes everything else (an API
 * token or idempotency key looked up in a filter, a web page whose transaction could not begin) is answered
 * with 503 and {@code Retry-After} instead of the container's 500: problem+json for the API, the error page
 * for the web app. Runs before Spring Security, so that sign-in lookups are covered too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class DatabaseUnavailableFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableFilter.class);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | IOException | RuntimeException ex) {
			if (!DatabaseUnavailable.causedBy(ex) || response.isCommitted()) {
				throw ex;
			}
			log.warn("Database unavailable while answering {} {}: {}", request.getMethod(), request.getRequestURI(),
					ex.getMessage());
			response.reset();
			DatabaseUnavailable.answer(request, response);
		}
	}

}
