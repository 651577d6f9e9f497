package com.convonite.shared;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
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
 * with 503 and {@code Retry-After} instead of the container's 500: problem+json for the API, the 503 page for
 * the web app ({@link DatabaseUnavailable#answer}). Runs before Spring Session and Spring Security, so that
 * session and sign-in lookups are covered too.
 * <p>
 * It also guards the container's error dispatch: an error sent with {@code sendError} (a 400 of a malformed
 * form, a 403 of a missing CSRF token) is rendered by a dispatch to {@code /error} that runs the security
 * filters again, and they read the web session from the database. While the database is away that dispatch
 * failed, and Tomcat answered with its generic problem ({@code /problems/service-unavailable}, "Service
 * Unavailable") in place of the page or the product's problem.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class DatabaseUnavailableFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableFilter.class);

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

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
			log.warn("Database unavailable while answering {} {}{}: {}", request.getMethod(), Problems.instance(request),
					(request.getDispatcherType() == DispatcherType.ERROR) ? " (its error page)" : "", ex.getMessage());
			response.reset();
			DatabaseUnavailable.answer(request, response);
		}
	}

}
