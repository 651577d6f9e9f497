package com.convonite.workspace;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.List;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.stereotype.Component;

/**
 * Signs a member in from a page other than the sign-in form (the set-up page, an invitation or reset link), the
 * way the form does: the session gets a new id (session fixation), the CSRF token is replaced, and the security
 * context is saved in the web session (Spring Session JDBC keeps it, indexed by the member).
 */
@Component
class WebSignIn {

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	/** Where the web chain keeps the context: its default repository for sessions. */
	private final SecurityContextRepository repository = new HttpSessionSecurityContextRepository();

	private final SessionAuthenticationStrategy sessionStrategy = new CompositeSessionAuthenticationStrategy(
			List.of(new ChangeSessionIdAuthenticationStrategy(),
					new CsrfAuthenticationStrategy(new HttpSessionCsrfTokenRepository())));

	private final WebAuthenticationDetailsSource details = new WebAuthenticationDetailsSource();

	void signIn(MemberPrincipal member, HttpServletRequest request, HttpServletResponse response) {
		MemberPrincipal principal = member.withoutPassword();
		var authentication = UsernamePasswordAuthenticationToken.authenticated(principal, null,
				principal.getAuthorities());
		authentication.setDetails(this.details.buildDetails(request));
		// A session that exists (the set-up form made one for its CSRF token) gets a new id, as at sign-in.
		request.getSession();
		this.sessionStrategy.onAuthentication(authentication, request, response);
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(authentication);
		this.contexts.setContext(context);
		this.repository.saveContext(context, request, response);
	}

}
