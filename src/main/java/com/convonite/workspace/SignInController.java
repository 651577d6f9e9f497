package com.convonite.workspace;

import java.time.ZoneId;
import java.util.List;

import com.convonite.shared.FormErrors;
import com.convonite.shared.ProblemException;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/** Sign-in, and on an empty database the set-up page that creates the workspace and its first admin. */
@Controller
class SignInController {

	private final Workspaces workspaces;

	SignInController(Workspaces workspaces) {
		this.workspaces = workspaces;
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
	String login(jakarta.servlet.http.HttpServletRequest request, Model model) {
		var session = request.getSession(false);
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

	@PostMapping("/setup")
	String create(@ModelAttribute SetupForm form, Model model) {
		if (this.workspaces.anyExists()) {
			return "redirect:/login";
		}
		try {
			this.workspaces.create(new Workspaces.NewWorkspace(form.workspaceName(), form.adminName(), form.adminEmail(),
					form.adminPassword(), form.timeZone(), form.sampleData()));
		}
		catch (ProblemException ex) {
			return setupPage(model, form, FormErrors.of(ex));
		}
		return "redirect:/login?setup";
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
