package com.convonite.workspace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import com.convonite.shared.ProblemException;
import com.convonite.shared.Validation;
import com.convonite.shared.WorkspaceScope;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * One-time links an admin hands to a member, shown once: an invitation (a new member opens it, sets their own
 * password and is signed in) and a password reset (the same for an existing member; their other sessions end and
 * their API tokens are revoked, as with any password change). A link is {@code <workspace id>_<link id>_<secret>}
 * (32 random bytes in base64url); only the SHA-256 of the secret is stored. It expires
 * ({@code convonite.members.invitation-validity}, 7 days; {@code convonite.members.reset-validity}, 24 hours), is
 * used once, and a newer link of the same kind for the member replaces older ones.
 */
@Service
public class AccountLinks {

	public enum Purpose {
		INVITATION, PASSWORD_RESET
	}

	/** A link just made: the only time its secret exists outside the member's browser. */
	public record CreatedLink(String memberId, Purpose purpose, String path, OffsetDateTime expiresAt) {
	}

	/** What a valid link's page shows. */
	record OpenLink(long workspaceId, long linkId, long memberId, Purpose purpose, String name, String email) {
	}

	private static final SecureRandom RANDOM = new SecureRandom();

	static final String PATH = "/account/";

	private final JdbcClient jdbc;

	private final Members members;

	private final Duration invitationValidity;

	private final Duration resetValidity;

	AccountLinks(JdbcClient jdbc, Members members,
			@Value("${convonite.members.invitation-validity:P7D}") Duration invitationValidity,
			@Value("${convonite.members.reset-validity:PT24H}") Duration resetValidity) {
		this.jdbc = jdbc;
		this.members = members;
		this.invitationValidity = invitationValidity;
		this.resetValidity = resetValidity;
	}

	/** Adds a member without a password and makes their invitation link (admins). */
	@Transactional
	public CreatedLink invite(SignedInMember admin, String name, String email, Role role) {
		admin.requireAdmin("invite members");
		byte[] unknown = new byte[32];
		RANDOM.nextBytes(unknown);
		// Nobody knows this password: the member chooses theirs through the link.
		MemberView member = this.members.insert(admin.workspaceId(),
				new Members.NewMember(name, email, Base64.getUrlEncoder().encodeToString(unknown), role));
		return create(admin, Long.parseLong(member.id()), Purpose.INVITATION);
	}

	/** Makes a password-reset link for an active member of the workspace (admins). */
	@Transactional
	public CreatedLink passwordReset(SignedInMember admin, long memberId) {
		admin.requireAdmin("issue password reset links");
		MemberView member = this.members.get(admin.workspaceId(), memberId);
		if (!member.active()) {
			throw ProblemException.conflict("member-inactive", "Member deactivated",
					"This member is deactivated: reactivate them first.");
		}
		return create(admin, memberId, Purpose.PASSWORD_RESET);
	}

	private CreatedLink create(SignedInMember admin, long memberId, Purpose purpose) {
		this.jdbc.sql("""
				update account_link set used_at = now()
				where workspace_id = :workspaceId and member_id = :memberId and purpose = :purpose and used_at is null
				""")
			.param("workspaceId", admin.workspaceId())
			.param("memberId", memberId)
			.param("purpose", purpose.name())
			.update();
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		Duration validity = (purpose == Purpose.INVITATION) ? this.invitationValidity : this.resetValidity;
		var row = this.jdbc.sql("""
				insert into account_link (workspace_id, member_id, purpose, secret_hash, created_by, expires_at)
				values (:workspaceId, :memberId, :purpose, :hash, :createdBy, now() + make_interval(secs => :validity))
				returning id, expires_at
				""")
			.param("workspaceId", admin.workspaceId())
			.param("memberId", memberId)
			.param("purpose", purpose.name())
			.param("hash", sha256(encoded))
			.param("createdBy", admin.memberId())
			.param("validity", validity.toSeconds())
			.query((rs, n) -> new Object[] { rs.getLong(1), rs.getObject(2, OffsetDateTime.class) })
			.single();
		String token = admin.workspaceId() + "_" + row[0] + "_" + encoded;
		return new CreatedLink(Long.toString(memberId), purpose, PATH + token, (OffsetDateTime) row[1]);
	}

	/** The link's member, when the token names a link that is unused, unexpired, and whose member is active. */
	Optional<OpenLink> open(String token) {
		String[] parts = (token != null && token.length() < 200) ? token.split("_", 3) : new String[0];
		if (parts.length != 3 || !parts[0].matches("[1-9][0-9]{0,17}") || !parts[1].matches("[1-9][0-9]{0,17}")) {
			return Optional.empty();
		}
		long workspaceId = Long.parseLong(parts[0]);
		long linkId = Long.parseLong(parts[1]);
		String hash = sha256(parts[2]);
		return WorkspaceScope.call(workspaceId, () -> this.jdbc.sql("""
				select l.secret_hash, l.member_id, l.purpose, m.name, m.email
				from account_link l join member m on m.workspace_id = l.workspace_id and m.id = l.member_id
				where l.workspace_id = :workspaceId and l.id = :id and l.used_at is null and l.expires_at > now()
				  and m.active
				""")
			.param("workspaceId", workspaceId)
			.param("id", linkId)
			.query((rs, n) -> MessageDigest.isEqual(rs.getString(1).getBytes(StandardCharsets.US_ASCII),
					hash.getBytes(StandardCharsets.US_ASCII))
							? new OpenLink(workspaceId, linkId, rs.getLong(2), Purpose.valueOf(rs.getString(3)),
									rs.getString(4), rs.getString(5))
							: null)
			.optional());
	}

	/**
	 * Sets the member's password through the link and uses it up; the member is then signed in by the caller.
	 * Another use of the same link (even at the same moment) finds it used.
	 */
	MemberPrincipal use(String token, String newPassword) {
		OpenLink link = open(token).orElseThrow(AccountLinks::unusable);
		return WorkspaceScope.call(link.workspaceId(), () -> {
			Validation validation = new Validation();
			PasswordRules.check(validation, "password", newPassword, link.email());
			validation.throwIfInvalid();
			return this.members.usePasswordLink(link, newPassword).orElseThrow(AccountLinks::unusable);
		});
	}

	static ProblemException unusable() {
		return ProblemException.conflict("link-unusable", "Link not valid",
				"This link has expired, was already used or was replaced by a newer one. Ask an admin for a new link.");
	}

	static String sha256(String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
