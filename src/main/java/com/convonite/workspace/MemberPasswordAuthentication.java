package com.convonite.workspace;

import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Sign-in by email and password (the form and HTTP Basic). The typed address is normalised once
 * ({@link EmailAddresses#key}) and that one value finds the member and names what {@link SignInThrottle} counts:
 * the member's id when it finds one, the address when not, each per client. An unknown address is answered
 * exactly like a wrong password, after the same bcrypt work (against a hash of a random password), so neither the
 * answer nor its time tells whether an address has an account. A deactivated member is told so only after the
 * right password.
 */
class MemberPasswordAuthentication implements AuthenticationProvider {

	private final MemberAccounts accounts;

	private final PasswordEncoder passwords;

	private final SignInThrottle throttle;

	/** A hash nobody knows the password of, checked for unknown addresses so that they cost what known ones do. */
	private final String unknownAddressHash;

	MemberPasswordAuthentication(MemberAccounts accounts, PasswordEncoder passwords, SignInThrottle throttle) {
		this.accounts = accounts;
		this.passwords = passwords;
		this.throttle = throttle;
		this.unknownAddressHash = passwords.encode(java.util.UUID.randomUUID().toString());
	}

	@Override
	public Authentication authenticate(Authentication request) {
		String key = EmailAddresses.key(request.getName());
		String password = (request.getCredentials() != null) ? request.getCredentials().toString() : "";
		String client = SignInThrottle.client((request.getDetails() instanceof WebAuthenticationDetails details)
				? details.getRemoteAddress() : null);
		Optional<MemberPrincipal> member = this.accounts.findByEmailKey(key);
		String account = member.map((m) -> "member:" + m.memberId()).orElse("address:" + key);
		this.throttle.checkPassword(account, client);
		boolean matches = this.passwords.matches(password,
				member.map(MemberPrincipal::passwordHash).orElse(this.unknownAddressHash));
		if (member.isEmpty() || !matches) {
			this.throttle.passwordFailed(account, client);
			throw new BadCredentialsException("That email and password do not match an active member.");
		}
		if (!member.get().active()) {
			throw new DisabledException("This member is no longer active.");
		}
		this.throttle.passwordSucceeded(account, client);
		MemberPrincipal principal = member.get().withoutPassword();
		var signedIn = UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities());
		signedIn.setDetails(request.getDetails());
		return signedIn;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
