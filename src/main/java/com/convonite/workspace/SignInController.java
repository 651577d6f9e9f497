package com.convonite.workspace;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.convonite.shared.FormErrors;
import com.convonite.shared.ProblemException;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Sign-in, and on an empty database the set-up page that creates the workspace and its first admin. */
@Controller
class SignInController {

	/** The session attribute that carries the email of a refused sign-in back to the form, once. */
	static final String TYPED_EMAIL = SignInController.class.getName() + ".typedEmail";

	private final Workspaces workspaces;

	private final MemberAccounts accounts;

	private final WebSignIn signIn;

	private final MessageSource texts;

	SignInController(Workspaces workspaces, MemberAccounts accounts, WebSignIn signIn, MessageSource texts) {
		this.workspaces = workspaces;
		this.accounts = accounts;
		this.signIn = signIn;
		this.texts = texts;
	}

	record SetupForm(String workspaceName, String timeZone, String adminName, String adminEmail, String adminPassword,
			boolean sampleData) {

		static SetupForm empty() {
			return new SetupForm("", "UTC", "", "", "", true);
		}

	}

	@GetMapping("/")
	String home() {
		return "redirect:/chats";
	}

	@GetMapping("/login")
	String login(HttpServletRequest request, Model model) {
		var session = request.getSession(false);
		if (session != null && session.getAttribute(TYPED_EMAIL) instanceof String typed) {
			session.removeAttribute(TYPED_EMAIL);
			model.addAttribute("typedEmail", typed);
		}
		if (session != null && session.getAttribute(org.springframework.security.web.WebAttributes.AUTHENTICATION_EXCEPTION)
				instanceof SignInThrottle.SignInThrottledException throttled) {
			model.addAttribute("lockedMessage", throttled.getMessage());
		}
		return this.workspaces.anyExists() ? "workspace/login" : "redirect:/setup";
	}

	@GetMapping("/setup")
	String setup(Model model) {
		if (this.workspaces.anyExists()) {
			return "redirect:/login";
		}
		return setupPage(model, SetupForm.empty(), FormErrors.none());
	}

	/** Creates the workspace and signs its admin in: they chose the password a moment ago. */
	@PostMapping("/setup")
	String create(@ModelAttribute SetupForm form, Model model, HttpServletRequest request,
			HttpServletResponse response, RedirectAttributes redirect) {
		if (this.workspaces.anyExists()) {
			return "redirect:/login";
		}
		Workspaces.CreatedWorkspace created;
		try {
			created = this.workspaces.create(new Workspaces.NewWorkspace(form.workspaceName(), form.adminName(),
					form.adminEmail(), form.adminPassword(), form.timeZone(), form.sampleData()));
		}
		catch (ProblemException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return setupPage(model, form, FormErrors.of(ex));
		}
		MemberPrincipal admin = this.accounts.current(Long.parseLong(created.workspace().id()),
				Long.parseLong(created.admin().id())).orElseThrow();
		this.signIn.signIn(admin, request, response);
		redirect.addFlashAttribute("toast", this.texts.getMessage("setup.ready", new Object[] { created.workspace().name() },
				Locale.ENGLISH));
		return "redirect:/chats";
	}

	private String setupPage(Model model, SetupForm form, FormErrors errors) {
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("timeZones", ZONES);
		return "workspace/setup";
	}

	static final List<String> ZONES = ZoneId.getAvailableZoneIds()
		.stream()
		.filter((z) -> z.contains("/") && !z.startsWith("Etc/") && !z.startsWith("SystemV/"))
		.sorted()
		.collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), (list) -> {
			list.add(0, "UTC");
			return List.copyOf(list);
		}));

}
