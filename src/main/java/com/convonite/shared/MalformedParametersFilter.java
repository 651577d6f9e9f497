package com.convonite.shared;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A query string or form whose percent-escapes are not UTF-8 ({@code ?limit=%C3%28}) is refused with 400 here,
 * once, instead of failing wherever a parameter happens to be read first.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class MalformedParametersFilter extends OncePerRequestFilter {

	static final String DETAIL = "The query string or form has percent-escapes that are not valid UTF-8 text; encode the values as UTF-8.";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String contentType = request.getContentType();
		if (contentType != null && contentType.regionMatches(true, 0, "multipart/", 0, 10)) {
			chain.doFilter(request, response); // parts are read, and limited, by the multipart resolver
			return;
		}
		try {
			request.getParameterMap();
		}
		catch (IllegalStateException ex) {
			if (request.getRequestURI().startsWith("/api/")) {
				Problems.write(response, Problems.of(HttpStatus.BAD_REQUEST, "malformed-parameters",
						"Malformed parameters", DETAIL));
			}
			else {
				response.sendError(HttpStatus.BAD_REQUEST.value(), DETAIL);
			}
			return;
		}
		chain.doFilter(request, response);
	}

}
