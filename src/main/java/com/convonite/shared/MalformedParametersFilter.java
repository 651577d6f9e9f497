package com.convonite.shared;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A query string or form whose percent-escapes are not UTF-8 ({@code ?limit=%C3%28}) is refused with 400 here,
 * once, instead of failing wherever a parameter happens to be read first; so is a query string holding a NUL.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class MalformedParametersFilter extends OncePerRequestFilter {

	static final String DETAIL = "The query string or form has percent-escapes that are not valid UTF-8 text; encode the values as UTF-8.";

	static final String NUL_DETAIL = "The query string holds a NUL character (%00), which no search or filter can contain; remove it.";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String contentType = request.getContentType();
		if (contentType != null && contentType.regionMatches(true, 0, "multipart/", 0, 10)) {
			chain.doFilter(request, response); // parts are read, and limited, by the multipart resolver
			return;
		}
		Map<String, String[]> parameters;
		try {
			parameters = request.getParameterMap();
		}
		catch (IllegalStateException ex) {
			if (!response.isCommitted()) { // committed: the body could not be read, the client is gone or too slow
				refuse(request, response, DETAIL);
			}
			return;
		}
		// PostgreSQL text cannot hold NUL: a search or filter with one would fail in the database. Form posts are
		// left to the forms, whose fields refuse control characters with a message next to the field.
		if (HttpMethod.GET.matches(request.getMethod()) && holdsNul(parameters)) {
			refuse(request, response, NUL_DETAIL);
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean holdsNul(Map<String, String[]> parameters) {
		for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
			if (parameter.getKey().indexOf('\u0000') >= 0) {
				return true;
			}
			for (String value : parameter.getValue()) {
				if (value != null && value.indexOf('\u0000') >= 0) {
					return true;
				}
			}
		}
		return false;
	}

	private static void refuse(HttpServletRequest request, HttpServletResponse response, String detail)
			throws IOException {
		if (request.getRequestURI().startsWith("/api/")) {
			Problems.write(response, Problems.of(HttpStatus.BAD_REQUEST, "malformed-parameters", "Malformed parameters",
					detail));
		}
		else {
			response.sendError(HttpStatus.BAD_REQUEST.value(), detail);
		}
	}

}
