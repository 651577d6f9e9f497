package com.convonite.workspace;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.convonite.shared.FormErrors;
import com.convonite.shared.ProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The page behind an invitation or password reset link: the member sets their password and is signed in. A link
 * that expired, was used or replaced shows a page saying so (410), never whose link it was.
 */
@Controller
class AccountLinkPageController {

	private final AccountLinks links;

	private final WebSignIn signIn;

	AccountLinkPageController(AccountLinks links, WebSignIn signIn) {
		this.links = links;
		this.signIn = signIn;
	}

	@GetMapping(AccountLinks.PATH + "{token}")
	String page(@PathVariable String token, Model model, HttpServletResponse response) {
		var link = this.links.open(token);
		if (link.isEmpty()) {
			response.setStatus(HttpStatus.GONE.value());
			return "workspace/account-link-unusable";
		}
		return form(model, token, link.get(), FormErrors.none());
	}

	@PostMapping(AccountLinks.PATH + "{token}")
	String setPassword(@PathVariable String token, @RequestParam(required = false) String password, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		var link = this.links.open(token);
		if (link.isEmpty()) {
			response.setStatus(HttpStatus.GONE.value());
			return "workspace/account-link-unusable";
		}
		MemberPrincipal member;
		try {
			member = this.links.use(token, password);
		}
		catch (ProblemException ex) {
			if ("/problems/link-unusable".equals(ex.type()) || "link-unusable".equals(ex.type())) {
				response.setStatus(HttpStatus.GONE.value());
				return "workspace/account-link-unusable";
			}
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return form(model, token, link.get(), FormErrors.of(ex));
		}
		this.signIn.signIn(member, request, response);
		return "redirect:/chats";
	}

	private String form(Model model, String token, AccountLinks.OpenLink link, FormErrors errors) {
		model.addAttribute("token", token);
		model.addAttribute("link", link);
		model.addAttribute("errors", errors);
		return "workspace/account-link";
	}

}
