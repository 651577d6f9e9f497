package com.convonite.workspace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import com.convonite.shared.ProblemException;
import com.convonite.shared.Validation;
import com.convonite.shared.WorkspaceScope;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal API tokens. The token is shown once, at creation; only its SHA-256 is stored. The token carries
 * 256 random bits, so a fast hash is as safe as a slow one here and keeps every API request cheap.
 */
@Service
public class ApiTokens {

	static final String PREFIX = "cvn_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	ApiTokens(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public record TokenView(String id, String name, OffsetDateTime createdAt, OffsetDateTime lastUsedAt) {
	}

	public record CreatedToken(String id, String name, String token, OffsetDateTime createdAt) {
	}

	@Transactional
	public CreatedToken create(SignedInMember actor, String requestedName) {
		Validation validation = new Validation();
		String name = validation.text("name", requestedName, true, 100);
		validation.throwIfInvalid();
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		return this.jdbc.sql("""
				insert into api_token (workspace_id, member_id, name, token_hash)
				values (:workspaceId, :memberId, :name, :hash)
				returning id, created_at
				""")
			.param("workspaceId", actor.workspaceId())
			.param("memberId", actor.memberId())
			.param("name", name)
			.param("hash", hash(token))
			.query((rs, n) -> new CreatedToken(Long.toString(rs.getLong(1)), name, token,
					rs.getObject(2, OffsetDateTime.class)))
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

	/** Revokes one of the member's own tokens; admins may revoke any token of their workspace. */
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

	/** The member id a live token belongs to, if the token is known, not revoked, and its member active. */
	Optional<Long> authenticate(String token) {
		if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
			return Optional.empty();
		}
		// Written at most once a minute: a write on every request would queue each token's requests on its row
		// and add a commit to disk to every GET. The token names the workspace, so the lookup is a system one.
		return WorkspaceScope.callAsSystem("sign-in by API token", () -> {
			Optional<long[]> found = this.jdbc.sql("""
					select t.id, t.member_id, coalesce(t.last_used_at < now() - interval '1 minute', true)
					from api_token t join member m on m.id = t.member_id
					where t.token_hash = :hash and t.revoked_at is null and m.active
					""")
				.param("hash", hash(token))
				.query((rs, n) -> new long[] { rs.getLong(1), rs.getLong(2), rs.getBoolean(3) ? 1 : 0 })
				.optional();
			found.filter((t) -> t[2] == 1)
				.ifPresent((t) -> this.jdbc.sql("update api_token set last_used_at = now() where id = :id")
					.param("id", t[0])
					.update());
			return found.map((t) -> t[1]);
		});
	}

	static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
