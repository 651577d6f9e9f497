package com.convonite.shared;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The actuator's operator endpoints (Prometheus metrics and anything else but health and info) belong to
 * whoever runs the server, not to any workspace: they take the operator's bearer token
 * ({@code convonite.operator.metrics-token}) and no member's credentials, admin or not. Without a token set
 * they answer nobody. Health (with its readiness and liveness groups) and info stay open for load balancers.
 */
@Configuration(proxyBeanMethods = false)
class OperatorEndpointsSecurity {

	@Bean
	@Order(-1)
	SecurityFilterChain operatorEndpointsChain(HttpSecurity http,
			@Value("${convonite.operator.metrics-token:}") String metricsToken) throws Exception {
		return http.securityMatcher("/actuator/**")
			.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.securityContext((context) -> context.requireExplicitSave(true))
			.addFilterBefore(new OperatorTokenFilter(metricsToken), BasicAuthenticationFilter.class)
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint((request, response, ex) -> refuse(response))
				.accessDeniedHandler((request, response, ex) -> refuse(response)))
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info")
				.permitAll()
				.anyRequest()
				.hasAuthority(OperatorTokenFilter.OPERATOR))
			.build();
	}

	private static void refuse(HttpServletResponse response) throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"Convonite operator\"");
		Problems.write(response, Problems.of(HttpStatus.UNAUTHORIZED, "operator-only", "Operator credential required",
				"This endpoint is for the server's operator: send Authorization: Bearer <convonite.operator.metrics-token>. "
						+ "Workspace members' credentials are not accepted here."));
	}

	/** Signs the request in as the operator when it carries the configured token. */
	static final class OperatorTokenFilter extends OncePerRequestFilter {

		static final String OPERATOR = "OPERATOR";

		private final byte[] token;

		OperatorTokenFilter(String token) {
			this.token = token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
			if (this.token != null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
					&& MessageDigest.isEqual(this.token, authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8))) {
				SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken
					.authenticated("operator", null, List.of(new SimpleGrantedAuthority(OPERATOR))));
			}
			chain.doFilter(request, response);
		}

	}

}
