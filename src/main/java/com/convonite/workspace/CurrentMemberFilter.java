package com.convonite.workspace;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A web session remembers who signed in, not what they may do: every request of a signed-in session reads the
 * member again (one primary-key read) and runs with their current role, name and active flag. A member who was
 * deactivated (or removed) is signed out on their next request, whatever instance serves it; a demoted admin
 * has an agent's rights on their next request. When the stored member differs from the session's, the session
 * is updated, so it is written only after a change.
 * <p>
 * Runs in the web app's filter chain after the session's security context is loaded and before access is
 * decided. (The API chain has no sessions: HTTP Basic reads the member on every request, and API tokens are
 * read again after {@link VerifiedApiTokens} forgets them.)
 */
class CurrentMemberFilter extends OncePerRequestFilter {

	private final MemberAccounts accounts;

	private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

	CurrentMemberFilter(MemberAccounts accounts) {
		this.accounts = accounts;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
		if (signedIn == null || !(signedIn.getPrincipal() instanceof MemberPrincipal remembered)) {
			chain.doFilter(request, response);
			return;
		}
		Optional<MemberPrincipal> stored = this.accounts.current(remembered.workspaceId(), remembered.memberId());
		if (stored.isEmpty() || !stored.get().active()) {
			// Deactivated: this session ends now; the request goes on unauthenticated (to the sign-in page).
			HttpSession session = request.getSession(false);
			if (session != null) {
				session.invalidate();
			}
			SecurityContextHolder.clearContext();
			chain.doFilter(request, response);
			return;
		}
		MemberPrincipal current = stored.get();
		if (!current.equals(remembered.withoutPassword())) {
			var refreshed = UsernamePasswordAuthenticationToken.authenticated(current, null, current.getAuthorities());
			refreshed.setDetails(signedIn.getDetails());
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			context.setAuthentication(refreshed);
			SecurityContextHolder.setContext(context);
			if (request.getSession(false) != null) {
				this.sessions.saveContext(context, request, response);
			}
		}
		chain.doFilter(request, response);
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return true;
	}

}
