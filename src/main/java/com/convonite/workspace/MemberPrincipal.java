package com.convonite.workspace;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;

/** The authenticated member inside Spring Security; turned into {@link SignedInMember} for the modules. */
record MemberPrincipal(long memberId, long workspaceId, Role role, String name, String email, String passwordHash,
		boolean active) implements UserDetails {

	/** The member the current request (thread) is signed in as, if any. */
	static Optional<MemberPrincipal> signedIn() {
		var authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof MemberPrincipal principal)
				? Optional.of(principal) : Optional.empty();
	}

	/**
	 * The same member without the password hash: what a signed-in request and its web session hold (sessions
	 * are stored in PostgreSQL, and a hash has no business there).
	 */
	MemberPrincipal withoutPassword() {
		return new MemberPrincipal(this.memberId, this.workspaceId, this.role, this.name, this.email, null, this.active);
	}

	SignedInMember toSignedInMember() {
		return new SignedInMember(this.workspaceId, this.memberId, this.role, this.name);
	}

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities() {
		return List.of(new SimpleGrantedAuthority("ROLE_" + this.role.name()));
	}

	@Override
	public String getPassword() {
		return this.passwordHash;
	}

	@Override
	public String getUsername() {
		return this.email;
	}

	@Override
	public boolean isEnabled() {
		return this.active;
	}

	@Override
	public String toString() {
		return "MemberPrincipal[" + this.memberId + "]";
	}

}
