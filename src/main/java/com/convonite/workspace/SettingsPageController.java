package com.convonite.workspace;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.convonite.shared.FormErrors;
import com.convonite.shared.Ids;
import com.convonite.shared.PageRequest;
import com.convonite.shared.ProblemException;
import com.convonite.shared.Undo;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admin pages under /settings (the security chain lets only admins in): the workspace settings, and
 * the members with their roles and whether they are active.
 */
@Controller
class SettingsPageController {

	private final Workspaces workspaces;

	private final Members members;

	private final AccountLinks links;

	private final MessageSource texts;

	SettingsPageController(Workspaces workspaces, Members members, AccountLinks links, MessageSource texts) {
		this.workspaces = workspaces;
		this.members = members;
		this.links = links;
		this.texts = texts;
	}

	record InviteForm(String name, String email, String role) {

		static InviteForm empty() {
			return new InviteForm("", "", "AGENT");
		}

	}

	/** A link made for a member, shown once on the members page (a flash attribute: a reload no longer shows it). */
	record ShownLink(String name, AccountLinks.Purpose purpose, String url, String expiresAt)
			implements java.io.Serializable {
	}

	record SettingsForm(Boolean requireConversationToCloseChat, String timeZone, String defaultCountry,
			String firstDayOfWeek, String recontactDays, Integer version) {

		/** An unticked box sends nothing: that means off. */
		public boolean requireConversation() {
			return Boolean.TRUE.equals(this.requireConversationToCloseChat);
		}

		static SettingsForm of(WorkspaceSettings settings) {
			return new SettingsForm(settings.requireConversationToCloseChat(), settings.timeZone(),
					settings.defaultCountry(), settings.firstDayOfWeek().name(),
					Integer.toString(settings.recontactDays()), settings.version());
		}

	}

	record MemberForm(String name, String email, String password, String role) {

		static MemberForm empty() {
			return new MemberForm("", "", "", "AGENT");
		}

	}

	record Country(String code, String name) {
	}

	static final List<Country> COUNTRIES = Arrays.stream(Locale.getISOCountries())
		.map((code) -> new Country(code, new Locale.Builder().setRegion(code).build().getDisplayCountry(Locale.ENGLISH)))
		.sorted(Comparator.comparing(Country::name))
		.toList();

	@GetMapping("/settings")
	String settings(SignedInMember me, Model model) {
		return settingsPage(me, model, SettingsForm.of(this.workspaces.settings(me.workspaceId())), FormErrors.none(),
				false);
	}

	@PostMapping("/settings")
	String saveSettings(SignedInMember me, @ModelAttribute SettingsForm form, Model model) {
		try {
			if (form.version() == null) {
				throw ProblemException.staleVersion("settings");
			}
			this.workspaces.changeSettings(me, form.version(),
					new Workspaces.SettingsChanges(Optional.of(Boolean.TRUE.equals(form.requireConversationToCloseChat())),
							Optional.ofNullable(form.timeZone()), Optional.ofNullable(form.defaultCountry()),
							(form.firstDayOfWeek() != null) ? Optional.of(form.firstDayOfWeek()) : null,
							(form.recontactDays() != null) ? Optional.of(days(form.recontactDays())) : null));
		}
		catch (ProblemException ex) {
			boolean stale = "stale-version".equals(ex.type());
			SettingsForm kept = stale ? new SettingsForm(form.requireConversationToCloseChat(), form.timeZone(),
					form.defaultCountry(), form.firstDayOfWeek(), form.recontactDays(),
					this.workspaces.settings(me.workspaceId()).version())
					: form;
			return settingsPage(me, model, kept, FormErrors.of(ex), stale);
		}
		return "redirect:/settings?saved";
	}

	/** The typed number of days; anything else is 0, which the settings refuse with their own message. */
	private static int days(String value) {
		try {
			return Integer.parseInt(value.strip());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	@GetMapping("/settings/members")
	String members(SignedInMember me, Model model) {
		return membersPage(me, model, MemberForm.empty(), FormErrors.none(), null);
	}

	@PostMapping("/settings/members")
	String addMember(SignedInMember me, @ModelAttribute MemberForm form, Model model, RedirectAttributes redirect) {
		MemberView added;
		try {
			added = this.members.add(me, new Members.NewMember(form.name(), form.email(), form.password(), role(form.role())));
		}
		catch (ProblemException ex) {
			// the password is never sent back to the page
			MemberForm kept = new MemberForm(form.name(), form.email(), "", form.role());
			return membersPage(me, model, kept, FormErrors.of(ex), null);
		}
		redirect.addFlashAttribute("notice", "added");
		redirect.addFlashAttribute("noticeName", added.name());
		return "redirect:/settings/members";
	}

	@PostMapping("/settings/members/invitations")
	String invite(SignedInMember me, @ModelAttribute InviteForm form, Model model) {
		AccountLinks.CreatedLink link;
		try {
			link = this.links.invite(me, form.name(), form.email(), role(form.role()));
		}
		catch (ProblemException ex) {
			model.addAttribute("inviteForm", form);
			model.addAttribute("inviteErrors", FormErrors.of(ex));
			return membersPage(me, model, MemberForm.empty(), FormErrors.none(), null);
		}
		return withShownLink(me, model, shown(me, form.name().strip(), link));
	}

	@PostMapping("/settings/members/{id}/reset-link")
	String resetLink(SignedInMember me, @PathVariable String id, Model model) {
		long memberId = Ids.pathId(id, "member");
		AccountLinks.CreatedLink link;
		try {
			link = this.links.passwordReset(me, memberId);
		}
		catch (ProblemException ex) {
			return membersPage(me, model, MemberForm.empty(), FormErrors.none(), ex.getMessage());
		}
		return withShownLink(me, model, shown(me, this.members.get(me.workspaceId(), memberId).name(), link));
	}

	/**
	 * The members page with a link shown once, in this answer rather than after a redirect: a flash attribute
	 * would be stored in the web session, which is a database row, and the link must never be stored readable.
	 */
	private String withShownLink(SignedInMember me, Model model, ShownLink link) {
		model.addAttribute("shownLink", link);
		model.addAttribute("inviteForm", InviteForm.empty()); // the invitation is sent: the form starts afresh
		return membersPage(me, model, MemberForm.empty(), FormErrors.none(), null);
	}

	private ShownLink shown(SignedInMember me, String name, AccountLinks.CreatedLink link) {
		String url = org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromCurrentContextPath()
			.path(link.path())
			.toUriString();
		String expires = link.expiresAt()
			.atZoneSameInstant(this.workspaces.timeZone(me.workspaceId()))
			.format(java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH));
		return new ShownLink(name, link.purpose(), url, expires);
	}

	@PostMapping("/settings/members/{id}/role")
	String changeRole(SignedInMember me, @PathVariable String id, @RequestParam(required = false) String role,
			@RequestParam(required = false) Integer version, Model model, RedirectAttributes redirect) {
		return changeMember(me, id, version, new Members.MemberChanges(null, Optional.ofNullable(role(role)), null), model,
				redirect);
	}

	@PostMapping("/settings/members/{id}/active")
	String changeActive(SignedInMember me, @PathVariable String id, @RequestParam boolean active,
			@RequestParam(required = false) Integer version, Model model, RedirectAttributes redirect) {
		return changeMember(me, id, version, new Members.MemberChanges(null, null, Optional.of(active)), model, redirect);
	}

	private String changeMember(SignedInMember me, String id, Integer version, Members.MemberChanges changes,
			Model model, RedirectAttributes redirect) {
		long memberId = Ids.pathId(id, "member");
		MemberView changed;
		try {
			if (version == null) {
				throw ProblemException.staleVersion("member");
			}
			changed = this.members.change(me, memberId, version, changes);
		}
		catch (ProblemException ex) {
			String message = ex.errors().isEmpty() ? ex.getMessage()
					: ex.errors().get(0).field() + " " + ex.errors().get(0).message();
			return membersPage(me, model, MemberForm.empty(), FormErrors.none(), message);
		}
		if (Optional.of(false).equals(changes.active())) {
			// Deactivating can be undone: done at once, and the toast offers to reactivate.
			redirect.addFlashAttribute("toast", this.texts.getMessage("members.deactivated",
					new Object[] { changed.name() }, Locale.ENGLISH));
			redirect.addFlashAttribute("toastUndo", new Undo("/settings/members/" + changed.id() + "/active",
					Map.of("active", "true", "version", Integer.toString(changed.version()))));
			return "redirect:/settings/members";
		}
		redirect.addFlashAttribute("notice", "changed");
		redirect.addFlashAttribute("noticeName", changed.name());
		return "redirect:/settings/members";
	}

	private String settingsPage(SignedInMember me, Model model, SettingsForm form, FormErrors errors, boolean stale) {
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("stale", stale);
		model.addAttribute("timeZones", SignInController.ZONES);
		model.addAttribute("weekDays", java.time.DayOfWeek.values());
		model.addAttribute("countries", COUNTRIES);
		return "workspace/settings";
	}

	private String membersPage(SignedInMember me, Model model, MemberForm form, FormErrors errors, String refusal) {
		model.addAttribute("memberList", this.members.list(me.workspaceId(), PageRequest.first(PageRequest.MAX_LIMIT)).items());
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("refusal", refusal);
		if (!model.containsAttribute("inviteForm")) {
			model.addAttribute("inviteForm", InviteForm.empty());
		}
		if (!model.containsAttribute("inviteErrors")) {
			model.addAttribute("inviteErrors", FormErrors.none());
		}
		return "workspace/members";
	}

	private static Role role(String raw) {
		if (raw == null || raw.isBlank()) {
			return null;
		}
		try {
			return Role.valueOf(raw.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
