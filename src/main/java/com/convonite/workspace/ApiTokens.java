package com.convonite.workspace;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import com.convonite.shared.ProblemException;
import com.convonite.shared.Validation;
import com.convonite.shared.WorkspaceScope;
import io.swagger.v3.oas.annotations.media.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal API tokens: {@code cvn_<token id>_<secret>}, the secret 32 random bytes in base64url. The token is
 * shown once, at creation; only a slow hash of it is stored ({@code api_token.secret_hash}, made by the
 * product's {@link PasswordEncoder}: bcrypt, like passwords), so a copy of the database yields no usable token
 * and no fast hash to test guesses against.
 * <p>
 * Sign-in ({@link #authenticate}) refuses a malformed token without touching the database or hashing
 * anything, reads the token by the id it names (a primary-key read, with its member), refuses an unknown or
 * revoked id or an inactive member without hashing, and only then runs bcrypt. A wrong secret for an existing
 * id counts against {@link SignInThrottle} (keyed by the token id); while the id is held back, sign-in with it
 * answers 429 without running bcrypt.
 * <p>
 * bcrypt costs tens of milliseconds, so a secret that matched is remembered by {@link VerifiedApiTokens} (keyed by
 * the token's SHA-256, in memory only): a later request with the same token runs no bcrypt and is not held back
 * by failed guesses of its id. Its revocation and its member's state and role are read on every request (one
 * primary-key read), so revoking a token and changing its member (role, active) hold on every instance of the
 * product from the commit on.
 */
@Service
public class ApiTokens {

	static final String PREFIX = "cvn_";

	/** Base64url of 32 bytes, without padding. */
	static final int SECRET_LENGTH = 43;

	/** Ids have at most 18 digits, so they always fit a {@code long}. */
	static final int MAX_ID_DIGITS = 18;

	static final int MAX_LENGTH = PREFIX.length() + MAX_ID_DIGITS + 1 + SECRET_LENGTH;

	private static final Logger log = LoggerFactory.getLogger(ApiTokens.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final PasswordEncoder passwords;

	private final VerifiedApiTokens verified;

	private final SignInThrottle throttle;

	ApiTokens(JdbcClient jdbc, PasswordEncoder passwords, VerifiedApiTokens verified, SignInThrottle throttle) {
		this.jdbc = jdbc;
		this.passwords = passwords;
		this.verified = verified;
		this.throttle = throttle;
	}

	public record TokenView(String id, String name, OffsetDateTime createdAt, @Schema(nullable = true) OffsetDateTime lastUsedAt) {
	}

	/** Serializable: the Profile page hands it to the next page as a flash attribute, in the web session. */
	public record CreatedToken(String id, String name, String token, OffsetDateTime createdAt)
			implements java.io.Serializable {
	}

	@Transactional
	public CreatedToken create(SignedInMember actor, String requestedName) {
		Validation validation = new Validation();
		String name = validation.text("name", requestedName, true, 100);
		validation.throwIfInvalid();
		// The id is part of the token, and the token's hash is part of the row: the id is reserved first.
		long id = this.jdbc.sql("select nextval(pg_get_serial_sequence('api_token', 'id'))").query(Long.class).single();
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		String token = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		return this.jdbc.sql("""
				insert into api_token (id, workspace_id, member_id, name, secret_hash)
				overriding system value
				values (:id, :workspaceId, :memberId, :name, :hash)
				returning created_at
				""")
			.param("id", id)
			.param("workspaceId", actor.workspaceId())
			.param("memberId", actor.memberId())
			.param("name", name)
			.param("hash", this.passwords.encode(token))
			.query((rs, n) -> new CreatedToken(Long.toString(id), name, token, rs.getObject(1, OffsetDateTime.class)))
			.single();
	}

	public List<TokenView> list(SignedInMember actor) {
		return this.jdbc.sql("""
				select id, name, created_at, last_used_at from api_token
				where workspace_id = :workspaceId and member_id = :memberId and revoked_at is null
				order by created_at desc, id desc
				""")
			.param("workspaceId", actor.workspaceId())
			.param("memberId", actor.memberId())
			.query((rs, n) -> new TokenView(Long.toString(rs.getLong(1)), rs.getString(2),
					rs.getObject(3, OffsetDateTime.class), rs.getObject(4, OffsetDateTime.class)))
			.list();
	}

	/**
	 * Revokes one of the member's own tokens; admins may revoke any token of their workspace. Every instance
	 * refuses the token from the commit on.
	 */
	@Transactional
	public void revoke(SignedInMember actor, long tokenId) {
		int revoked = this.jdbc.sql("""
				update api_token set revoked_at = now()
				where workspace_id = :workspaceId and id = :id and revoked_at is null
				  and (member_id = :memberId or :admin)
				""")
			.param("workspaceId", actor.workspaceId())
			.param("id", tokenId)
			.param("memberId", actor.memberId())
			.param("admin", actor.isAdmin())
			.update();
		if (revoked == 0) {
			throw ProblemException.notFound("API token");
		}
	}

	/**
	 * The member a live token signs in, if the token is well formed and known, not revoked, and its member
	 * active.
	 * @throws SignInThrottle.SignInThrottledException when the token's id had too many failures recently
	 * (and the token's secret was not verified on this instance in the last hour)
	 */
	Optional<MemberPrincipal> authenticate(String token) {
		long tokenId = idOf(token);
		if (tokenId < 0) {
			return Optional.empty();
		}
		String key = VerifiedApiTokens.keyOf(token);
		// A secret that matched here before needs no bcrypt, and its token no throttle: only the database's word
		// on revocation, member and role, read below on every request (never cached, so that a revocation or a
		// member change through any instance holds at once).
		boolean matchedBefore = this.verified.secretMatched(key, tokenId);
		if (!matchedBefore) {
			this.throttle.checkApiToken(tokenId);
		}
		// The token names the workspace, so the lookup is a system one.
		return WorkspaceScope.callAsSystem("sign-in by API token", () -> {
			Optional<StoredToken> stored = this.jdbc.sql("""
					select t.secret_hash,
					       t.last_used_at is null or t.last_used_at < now() - interval '1 minute' as use_to_record,
					       m.id, m.workspace_id, m.role, m.name, m.email
					from api_token t join member m on m.workspace_id = t.workspace_id and m.id = t.member_id
					where t.id = :id and t.revoked_at is null and t.secret_hash is not null and m.active
					""")
				.param("id", tokenId)
				.query((rs, n) -> {
					var principal = new MemberPrincipal(rs.getLong("id"), rs.getLong("workspace_id"),
							Role.valueOf(rs.getString("role")), rs.getString("name"), rs.getString("email"), null, true);
					return new StoredToken(rs.getString("secret_hash"), rs.getBoolean("use_to_record"), principal);
				})
				.optional();
			if (stored.isEmpty()) {
				return Optional.empty();
			}
			if (!matchedBefore) {
				if (!this.passwords.matches(token, stored.get().secretHash())) {
					this.throttle.apiTokenFailed(tokenId);
					return Optional.empty();
				}
				this.verified.secretMatches(key, tokenId);
			}
			if (stored.get().useToRecord()) {
				recordUse(tokenId);
			}
			return Optional.of(stored.get().principal());
		});
	}

	private record StoredToken(String secretHash, boolean useToRecord, MemberPrincipal principal) {
	}

	/**
	 * Writes {@code last_used_at}, at most once a minute per token (whichever instance comes first): a write on
	 * every request would queue each token's requests on its row and add a commit to disk to every GET.
	 */
	private void recordUse(long tokenId) {
		try {
			WorkspaceScope.runAsSystem("API token last used", () -> this.jdbc.sql("""
					update api_token set last_used_at = now()
					where id = :id and (last_used_at is null or last_used_at < now() - interval '1 minute')
					""").param("id", tokenId).update());
		}
		catch (DataAccessException ex) {
			// Only a record of use: the request goes on, and a later one writes it.
			log.debug("Could not record the use of API token {}", tokenId, ex);
		}
	}

	/**
	 * The id a well-formed token names ({@code cvn_<id>_<secret>}), or -1 for anything else: checked in memory,
	 * so that garbage costs neither a database round trip nor a hash.
	 */
	static long idOf(String token) {
		if (token == null || token.length() > MAX_LENGTH || !token.startsWith(PREFIX)) {
			return -1;
		}
		int separator = token.indexOf('_', PREFIX.length());
		int digits = separator - PREFIX.length();
		if (digits < 1 || digits > MAX_ID_DIGITS || token.charAt(PREFIX.length()) == '0'
				|| token.length() - separator - 1 != SECRET_LENGTH) {
			return -1;
		}
		long id = 0;
		for (int i = PREFIX.length(); i < separator; i++) {
			char c = token.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			id = id * 10 + (c - '0');
		}
		for (int i = separator + 1; i < token.length(); i++) {
			char c = token.charAt(i);
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
				return -1;
			}
		}
		return id;
	}

}
