package com.convonite.shared;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.WebUtils;

/**
 * Refuses a state-changing API request that a browser sends on behalf of another site, before any credential
 * is read: a page elsewhere could otherwise make a browser that remembers HTTP Basic credentials post to the
 * API (a bodiless or multipart POST needs no CORS preflight). Browsers say where a request comes from with
 * {@code Sec-Fetch-Site} and {@code Origin}; API clients that are not browsers send neither and pass. The
 * API has no CORS set-up, so no legitimate browser page on another origin calls it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 7)
class CrossSiteApiRequestFilter extends OncePerRequestFilter {

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return SAFE_METHODS.contains(request.getMethod()) || !request.getRequestURI().startsWith("/api/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (crossSite(request)) {
			Problems.write(response, Problems.of(HttpStatus.FORBIDDEN, "cross-site-request", "Cross-site request refused",
					"This API does not accept changes sent by a browser from another site. Call it from your own "
							+ "server or script, or from the web app itself."));
			return;
		}
		chain.doFilter(request, response);
	}

	static boolean crossSite(HttpServletRequest request) {
		String fetchSite = request.getHeader("Sec-Fetch-Site");
		if (fetchSite != null && !fetchSite.equalsIgnoreCase("same-origin") && !fetchSite.equalsIgnoreCase("none")) {
			return true;
		}
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		return origin != null && !WebUtils.isSameOrigin(new ServletServerHttpRequest(request));
	}

}
