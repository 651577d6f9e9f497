package com.convonite.workspace;

import java.net.URI;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import com.convonite.shared.AdminOnly;
import com.convonite.shared.Ids;
import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.shared.PatchBody;
import com.convonite.shared.ProblemException;
import com.convonite.shared.ShowsSecretOnce;
import com.convonite.shared.Versions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;

import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Sign-up, the signed-in member, members, API tokens and settings over the REST API. */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
class WorkspaceApiController {

	private final Workspaces workspaces;

	private final Members members;

	private final ApiTokens tokens;

	private final SignInThrottle throttle;

	private final AccountLinks links;

	private final boolean signupEnabled;

	WorkspaceApiController(Workspaces workspaces, Members members, ApiTokens tokens, SignInThrottle throttle,
			AccountLinks links, @Value("${convonite.signup.enabled:false}") boolean signupEnabled) {
		this.workspaces = workspaces;
		this.members = members;
		this.tokens = tokens;
		this.links = links;
		this.throttle = throttle;
		this.signupEnabled = signupEnabled;
	}

	record SignUp(String workspaceName, String adminName, String adminEmail, String adminPassword, String timeZone) {
	}

	record MeView(MemberView member, WorkspaceView workspace) {
	}

	record NewMemberRequest(String name, String email, String password, Role role) {
	}

	@Schema(description = "Send only the fields to change, with the version you last read (or If-Match).")
	record MemberPatch(Integer version, String name, Role role, Boolean active) {
	}

	record NewTokenRequest(String name) {
	}

	@Schema(description = "Send only the fields to change, with the version you last read (or If-Match).")
	record SettingsPatch(Integer version, Boolean requireConversationToCloseChat,
			@Schema(example = "Europe/Lisbon", description = "Changing it counts the reports' days again in the new zone") String timeZone,
			@Schema(example = "PT") String defaultCountry,
			@Schema(description = "The day weeks start on in reports") java.time.DayOfWeek firstDayOfWeek,
			@Schema(description = "Days (1 to 365) within which another conversation of the same contact and purpose "
					+ "counts as a recontact; changing it counts the recontact rate again", example = "7") Integer recontactDays) {
	}

	@Tag(name = "Workspaces")
	@Operation(operationId = "signUp", summary = "Sign up a new workspace and its first admin",
			description = """
					Open to anyone, but only when the server runs with convonite.signup.enabled=true; otherwise 403. \
					At most convonite.signup.max-per-client (5) attempts per client and hour; more get 429 with \
					Retry-After. An admin email that is already a member's anywhere is refused as "cannot be used", \
					without saying where.""")
	@SecurityRequirements
	@ResponseStatus(HttpStatus.CREATED)
	@ApiResponse(responseCode = "403", description = "Sign-up is disabled on this server (signup-disabled)")
	@ApiResponse(responseCode = "429", description = "Too many sign-up attempts from this client; see Retry-After")
	@PostMapping("/workspaces")
	ResponseEntity<Workspaces.CreatedWorkspace> signUp(@RequestBody SignUp request, HttpServletRequest http) {
		if (!this.signupEnabled) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "signup-disabled", "Sign-up is disabled",
					"This server does not accept new workspaces. Ask its operator, or start it with convonite.signup.enabled=true.");
		}
		this.throttle.signUpAttempt(SignInThrottle.client(http.getRemoteAddr())).ifPresent((wait) -> {
			throw ProblemException.tooMany("sign-up-throttled", "Too many sign-ups", "Too many sign-ups from your "
					+ "network. Try again in " + SignInThrottle.SignInThrottledException.minutes(wait) + ".", wait);
		});
		var created = this.workspaces.create(new Workspaces.NewWorkspace(request.workspaceName(), request.adminName(),
				request.adminEmail(), request.adminPassword(), request.timeZone()));
		return ResponseEntity.status(HttpStatus.CREATED).body(created);
	}

	@Tag(name = "Members")
	@Operation(operationId = "getMe", summary = "The signed-in member and their workspace",
			description = "Who the credentials belong to, and their workspace.")
	@GetMapping("/me")
	MeView me(SignedInMember me) {
		return new MeView(this.members.get(me.workspaceId(), me.memberId()), this.workspaces.get(me.workspaceId()));
	}

	@Tag(name = "Members")
	@Operation(operationId = "listMembers", summary = "List the workspace's members (active and deactivated)",
			description = "Every member of the workspace, active or not, in the order they joined.")
	@GetMapping("/members")
	Page<MemberView> members(SignedInMember me, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		return this.members.list(me.workspaceId(), PageRequest.of(limit, cursor));
	}

	@Tag(name = "Members")
	@Operation(operationId = "createMember", summary = "Add a member (admins)")
	@AdminOnly("add members")
	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping("/members")
	ResponseEntity<MemberView> addMember(SignedInMember me, @RequestBody NewMemberRequest request) {
		MemberView created = this.members.add(me,
				new Members.NewMember(request.name(), request.email(), request.password(), request.role()));
		return ResponseEntity.created(URI.create("/api/v1/members/" + created.id())).body(created);
	}

	record PasswordChange(String currentPassword, String newPassword) {
	}

	record InvitationRequest(String name, String email, Role role) {
	}

	@Schema(description = "A one-time link, shown only in this answer: give it to the member (only a hash of it is stored).")
	record LinkView(String memberId, AccountLinks.Purpose purpose, String url, java.time.OffsetDateTime expiresAt) {

		static LinkView of(AccountLinks.CreatedLink link) {
			return new LinkView(link.memberId(), link.purpose(),
					org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromCurrentContextPath()
						.path(link.path())
						.toUriString(),
					link.expiresAt());
		}

	}

	@Tag(name = "Members")
	@Operation(operationId = "changePassword", summary = "Change your own password", description = """
			Give your current password and the new one. The new one has 8 to 200 characters, is not only spaces, not \
			one of the 10,000 most common passwords and not your email address (field errors say which). Your web \
			sessions end and all your API tokens are revoked, including the one making this request: make a new \
			token with the new password.""")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@PostMapping(path = "/me/password", consumes = "application/json")
	ResponseEntity<Void> changePassword(SignedInMember me, @RequestBody PasswordChange request) {
		this.members.changeOwnPassword(me, request.currentPassword(), request.newPassword(), null);
		return ResponseEntity.noContent().build();
	}

	@Tag(name = "Members")
	@Operation(operationId = "inviteMember", summary = "Invite a member with a one-time link (admins)", description = """
			Adds the member without a password and answers with a link, shown only this once, that lets them set \
			their own password and sign in. The link expires after convonite.members.invitation-validity (7 days) \
			and works once; inviting again is done with a password reset link.""")
	@AdminOnly("invite members")
	@ShowsSecretOnce
	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping(path = "/members/invitations", consumes = "application/json")
	ResponseEntity<LinkView> invite(SignedInMember me, @RequestBody InvitationRequest request) {
		var link = this.links.invite(me, request.name(), request.email(), request.role());
		return ResponseEntity.created(URI.create("/api/v1/members/" + link.memberId())).body(LinkView.of(link));
	}

	@Tag(name = "Members")
	@Operation(operationId = "createPasswordResetLink", summary = "Make a password reset link for a member (admins)", description = """
			Answers with a link, shown only this once, that lets the member set a new password and sign in; it \
			expires after convonite.members.reset-validity (24 hours), works once and replaces earlier reset links. \
			Setting the password ends the member's other sessions and revokes their API tokens.""")
	@AdminOnly("issue password reset links")
	@ShowsSecretOnce
	@PostMapping("/members/{id}/password-reset-link")
	@ResponseStatus(HttpStatus.CREATED)
	LinkView passwordResetLink(SignedInMember me, @PathVariable String id) {
		return LinkView.of(this.links.passwordReset(me, Ids.pathId(id, "member")));
	}

	@Tag(name = "Members")
	@Operation(operationId = "getMember", summary = "Read one member",
			description = "Any member may read another; the ETag carries the version to send back when changing it.")
	@GetMapping("/members/{id}")
	ResponseEntity<MemberView> member(SignedInMember me, @PathVariable String id) {
		MemberView member = this.members.get(me.workspaceId(), Ids.pathId(id, "member"));
		return ResponseEntity.ok().eTag(Versions.etag(member.version())).body(member);
	}

	@Tag(name = "Members")
	@Operation(operationId = "updateMember", summary = "Change a member's name, role or active flag",
			description = "Admins change anyone; a member may change their own name. The last active admin cannot be demoted or deactivated.")
	@PatchMapping(path = "/members/{id}", consumes = "application/json")
	MemberView changeMember(SignedInMember me, @PathVariable String id,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
					schema = @Schema(implementation = MemberPatch.class))) @RequestBody JsonNode body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		long memberId = Ids.pathId(id, "member");
		PatchBody patch = PatchBody.of(body, Set.of("name", "role", "active"));
		var changes = new Members.MemberChanges(patch.text("name"), patch.enumValue("role", Role.class),
				patch.bool("active"));
		int version = Versions.required(patch.check().version(), ifMatch);
		return this.members.change(me, memberId, version, changes);
	}

	@Tag(name = "API tokens")
	@Operation(operationId = "listTokens", summary = "List your API tokens (never the tokens themselves)",
			description = "Your own tokens: name, when made and last used. The tokens themselves are shown only when made.")
	@GetMapping("/tokens")
	List<ApiTokens.TokenView> tokens(SignedInMember me) {
		return this.tokens.list(me);
	}

	@Tag(name = "API tokens")
	@Operation(operationId = "createToken", summary = "Create a personal API token", description = """
			The token (cvn_<id>_<secret>, the secret 32 random bytes in base64url) is in this response only; store \
			it now: only a bcrypt hash of it is kept. Send it as Authorization: Bearer <token>. Revoking it or \
			changing its member (role, deactivation) takes effect at once, on every server.""")
	@PostMapping(path = "/tokens", consumes = "application/json")
	@com.convonite.shared.ShowsSecretOnce
	@ResponseStatus(HttpStatus.CREATED)
	ApiTokens.CreatedToken createToken(SignedInMember me, @RequestBody NewTokenRequest request) {
		return this.tokens.create(me, request.name());
	}

	@Tag(name = "API tokens")
	@Operation(operationId = "revokeToken", summary = "Revoke an API token",
			description = "The token stops working at once on this server and within the token cache time on others. Only your own tokens.")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@DeleteMapping("/tokens/{id}")
	ResponseEntity<Void> revokeToken(SignedInMember me, @PathVariable String id) {
		this.tokens.revoke(me, Ids.pathId(id, "API token"));
		return ResponseEntity.noContent().build();
	}

	@Tag(name = "Settings")
	@Operation(operationId = "getSettings", summary = "Read the workspace settings",
			description = "The closing rule, time zone and default phone country; the ETag carries the version to send back when changing them.")
	@GetMapping("/settings")
	ResponseEntity<WorkspaceSettings> settings(SignedInMember me) {
		WorkspaceSettings settings = this.workspaces.settings(me.workspaceId());
		return ResponseEntity.ok().eTag(Versions.etag(settings.version())).body(settings);
	}

	@Tag(name = "Settings")
	@Operation(operationId = "updateSettings", summary = "Change the workspace settings (admins)")
	@AdminOnly("change workspace settings")
	@PatchMapping(path = "/settings", consumes = "application/json")
	WorkspaceSettings changeSettings(SignedInMember me,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
					schema = @Schema(implementation = SettingsPatch.class))) @RequestBody JsonNode body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		me.requireAdmin("change workspace settings");
		PatchBody patch = PatchBody.of(body,
				Set.of("requireConversationToCloseChat", "timeZone", "defaultCountry", "firstDayOfWeek", "recontactDays"));
		var changes = new Workspaces.SettingsChanges(patch.bool("requireConversationToCloseChat"),
				patch.text("timeZone"), patch.text("defaultCountry"), patch.text("firstDayOfWeek"),
				patch.integer("recontactDays"));
		int version = Versions.required(patch.check().version(), ifMatch);
		return this.workspaces.changeSettings(me, version, changes);
	}

}
