package com.convonite.workspace;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import com.convonite.shared.FormErrors;
import com.convonite.shared.Ids;
import com.convonite.shared.ProblemException;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The signed-in member's own page: their name, their password, and their API tokens. A new token is shown once: it travels
 * to the page as a flash attribute, so a reload no longer shows it (only its hash is stored).
 */
@Controller
class ProfilePageController {

	private final Members members;

	private final ApiTokens tokens;

	ProfilePageController(Members members, ApiTokens tokens) {
		this.members = members;
		this.tokens = tokens;
	}

	@GetMapping("/profile")
	String profile(SignedInMember me, Model model) {
		MemberView member = this.members.get(me.workspaceId(), me.memberId());
		return page(me, model, member.name(), member.version(), FormErrors.none(), false, "", FormErrors.none());
	}

	@PostMapping("/profile")
	String changeName(SignedInMember me, @RequestParam(required = false) String name,
			@RequestParam(required = false) Integer version, Model model) {
		MemberView current = this.members.get(me.workspaceId(), me.memberId());
		try {
			if (version == null) {
				throw ProblemException.staleVersion("member");
			}
			this.members.change(me, me.memberId(), version, new Members.MemberChanges(Optional.ofNullable(name), null, null));
		}
		catch (ProblemException ex) {
			boolean stale = "stale-version".equals(ex.type());
			return page(me, model, name, current.version(), FormErrors.of(ex), stale, "", FormErrors.none());
		}
		return "redirect:/profile?saved";
	}

	/** Changes the member's password: this session stays signed in, their others end, their API tokens are revoked. */
	@PostMapping("/profile/password")
	String changePassword(SignedInMember me, @RequestParam(required = false) String currentPassword,
			@RequestParam(required = false) String newPassword, HttpServletRequest request, Model model) {
		HttpSession session = request.getSession(false);
		try {
			this.members.changeOwnPassword(me, currentPassword, newPassword, (session != null) ? session.getId() : null);
		}
		catch (ProblemException ex) {
			MemberView member = this.members.get(me.workspaceId(), me.memberId());
			model.addAttribute("passwordErrors", FormErrors.of(ex));
			return page(me, model, member.name(), member.version(), FormErrors.none(), false, "", FormErrors.none());
		}
		return "redirect:/profile?passwordChanged#password";
	}

	@PostMapping("/profile/tokens")
	String createToken(SignedInMember me, @RequestParam(required = false) String tokenName, Model model) {
		ApiTokens.CreatedToken created;
		try {
			created = this.tokens.create(me, tokenName);
		}
		catch (ProblemException ex) {
			MemberView member = this.members.get(me.workspaceId(), me.memberId());
			return page(me, model, member.name(), member.version(), FormErrors.none(), false, tokenName,
					FormErrors.of(ex));
		}
		// Shown in this answer rather than after a redirect: a flash attribute would be stored in the web session,
		// which is a database row, and the token must never be stored readable.
		model.addAttribute("createdToken", created);
		MemberView member = this.members.get(me.workspaceId(), me.memberId());
		return page(me, model, member.name(), member.version(), FormErrors.none(), false, "", FormErrors.none());
	}

	@PostMapping("/profile/tokens/{id}/revoke")
	String revokeToken(SignedInMember me, @PathVariable String id, RedirectAttributes redirect) {
		this.tokens.revoke(me, Ids.pathId(id, "API token"));
		redirect.addFlashAttribute("revoked", true);
		return "redirect:/profile#tokens";
	}

	private String page(SignedInMember me, Model model, String name, int version, FormErrors errors, boolean stale,
			String tokenName, FormErrors tokenErrors) {
		model.addAttribute("member", this.members.get(me.workspaceId(), me.memberId()));
		model.addAttribute("name", name);
		model.addAttribute("version", version);
		model.addAttribute("errors", errors);
		model.addAttribute("stale", stale);
		model.addAttribute("tokenName", tokenName);
		model.addAttribute("tokenErrors", tokenErrors);
		model.addAttribute("tokenList", this.tokens.list(me));
		if (!model.containsAttribute("passwordErrors")) {
			model.addAttribute("passwordErrors", FormErrors.none());
		}
		return "workspace/profile";
	}

}
