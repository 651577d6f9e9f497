package com.convonite.workspace;

import com.convonite.shared.DatabaseUnavailable;
import com.convonite.shared.Problems;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.DelegatingAuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Three filter chains: channel webhooks (open; each delivery is signed), the REST API (stateless; HTTP Basic
 * or a Bearer API token; every failure as problem+json) and the web app (form sign-in, session, CSRF on
 * every change).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** Scripts only from our own files (never inline), nothing may frame the app, forms post only to us. */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
			+ "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	/**
	 * Member sign-in by email and password (form and HTTP Basic), refused while {@link SignInThrottle} holds the
	 * account back for this client.
	 */
	@Bean
	MemberPasswordAuthentication memberAuthentication(MemberAccounts accounts, PasswordEncoder passwordEncoder,
			SignInThrottle throttle) {
		return new MemberPasswordAuthentication(accounts, passwordEncoder, throttle);
	}

	@Bean
	AuthenticationEntryPoint problemEntryPoint() {
		return (request, response, ex) -> {
			if (DatabaseUnavailable.causedBy(ex)) {
				response.setHeader(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS);
				Problems.write(response, DatabaseUnavailable.problem());
				return;
			}
			if (ex instanceof SignInThrottle.SignInThrottledException throttled) {
				response.setHeader("Retry-After", Long.toString(Math.max(1, throttled.retryAfter().toSeconds())));
				Problems.write(response, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "sign-in-throttled",
						"Too many failed sign-ins", throttled.apiDetail()));
				return;
			}
			// No Basic challenge to a browser: it would offer to remember the credentials and then send them
			// along with any request another site makes it send (see CrossSiteApiRequestFilter)
			response.setHeader("WWW-Authenticate", fromBrowser(request) ? "Bearer realm=\"Convonite\""
					: "Basic realm=\"Convonite\", Bearer realm=\"Convonite\"");
			Problems.write(response, Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Sign-in required",
					"Sign in with HTTP Basic (your email and password) or send Authorization: Bearer <API token>. "
							+ "The credentials sent, if any, were not accepted."));
		};
	}

	/** Tells the session's live-update streams to close (the session itself ends with the logout). */
	private static void signedOut(HttpServletRequest request, Authentication authentication,
			ApplicationEventPublisher events) {
		HttpSession session = request.getSession(false);
		if (session != null && authentication != null && authentication.getPrincipal() instanceof MemberPrincipal member) {
			events.publishEvent(new MemberSignedOut(member.workspaceId(), member.memberId(), session.getId()));
		}
	}

	/** Browsers send a Mozilla user agent, and fetch metadata over HTTPS; API clients such as curl neither. */
	static boolean fromBrowser(jakarta.servlet.http.HttpServletRequest request) {
		String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
		return request.getHeader("Sec-Fetch-Mode") != null || (userAgent != null && userAgent.startsWith("Mozilla/"));
	}

	/**
	 * A database that cannot be reached is the 503 page, not "wrong email or password". A refused sign-in keeps
	 * the typed email (up to an address's longest, 320) for the form shown again ({@link SignInController#TYPED_EMAIL}):
	 * only the password is typed again.
	 */
	private static AuthenticationFailureHandler unlessDatabaseUnavailable(AuthenticationFailureHandler otherwise) {
		return (request, response, ex) -> {
			if (DatabaseUnavailable.causedBy(ex)) {
				DatabaseUnavailable.answer(request, response);
				return;
			}
			String email = request.getParameter("email");
			if (email != null && email.length() <= 320) {
				request.getSession().setAttribute(SignInController.TYPED_EMAIL, email.strip());
			}
			otherwise.onAuthenticationFailure(request, response, ex);
		};
	}

	@Bean
	AccessDeniedHandler problemAccessDeniedHandler() {
		return (request, response, ex) -> Problems.write(response, Problems.of(HttpStatus.FORBIDDEN, "forbidden",
				"Not allowed", "Your role does not allow this operation."));
	}

	@Bean
	@Order(1)
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiTokens tokens, AuthenticationEntryPoint problemEntryPoint,
			AccessDeniedHandler problemAccessDeniedHandler) throws Exception {
		return http.securityMatcher("/api/**")
			.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.httpBasic((basic) -> basic.realmName("Convonite").authenticationEntryPoint(problemEntryPoint))
			.addFilterBefore(new ApiTokenAuthenticationFilter(tokens, problemEntryPoint),
					BasicAuthenticationFilter.class)
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problemEntryPoint)
				.accessDeniedHandler(problemAccessDeniedHandler))
			.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.POST, "/api/v1/workspaces")
				.permitAll()
				.anyRequest()
				.authenticated())
			.build();
	}

	/**
	 * Channel webhooks (such as WhatsApp's callback URL): called by the channel's servers, which sign each
	 * delivery instead of signing in, so no session, no CSRF token and no sign-in; the receiving module checks
	 * every delivery's signature itself.
	 */
	@Bean
	@Order(0)
	SecurityFilterChain webhookSecurity(HttpSecurity http) throws Exception {
		return http.securityMatcher("/webhooks/**")
			.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.build();
	}

	/**
	 * The web app: form sign-in with a session, CSRF on every change, settings for admins only. The API
	 * documentation and static files are open; the actuator has its own chain (shared/OperatorEndpointsSecurity).
	 */
	@Bean
	@Order(2)
	SecurityFilterChain webSecurity(HttpSecurity http, MemberAccounts accounts, ApplicationEventPublisher events)
			throws Exception {
		return http
			.addFilterBefore(new CurrentMemberFilter(accounts), AnonymousAuthenticationFilter.class)
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/login", "/setup", "/account/**", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/error",
						"/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui/**", "/swagger-ui.html")
				.permitAll()
				.requestMatchers("/settings/**")
				.hasRole("ADMIN")
				.anyRequest()
				.authenticated())
			.formLogin((form) -> form.loginPage("/login")
				.usernameParameter("email")
				.defaultSuccessUrl("/chats", false)
				.failureHandler(unlessDatabaseUnavailable(new DelegatingAuthenticationFailureHandler(
						new java.util.LinkedHashMap<>(java.util.Map.of(SignInThrottle.SignInThrottledException.class,
								new SimpleUrlAuthenticationFailureHandler("/login?locked"))),
						new SimpleUrlAuthenticationFailureHandler("/login?error")))))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
				.frameOptions((frames) -> frames.deny()))
			.logout((logout) -> logout.logoutSuccessUrl("/login?signedOut")
				.addLogoutHandler((request, response, authentication) -> signedOut(request, authentication, events)))
			.build();
	}

}
