package com.convonite.workspace;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.convonite.shared.WorkspaceScope;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Once Spring Security has signed the request in (session, HTTP Basic or API token), the rest of the request
 * runs in the signed-in member's workspace scope: whatever a controller or module reads, the database shows
 * only that workspace's rows. Requests without a member (sign-in page, set-up, sign-up) have no scope, so they
 * see no workspace data unless they name a scope themselves.
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1)
class SignedInWorkspaceScopeFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		MemberPrincipal member = MemberPrincipal.signedIn().orElse(null);
		if (member == null) {
			chain.doFilter(request, response);
			return;
		}
		try (WorkspaceScope scope = WorkspaceScope.enter(member.workspaceId())) {
			chain.doFilter(request, response);
		}
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

}
