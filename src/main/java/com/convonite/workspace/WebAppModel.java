package com.convonite.workspace;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page of the web app needs: the signed-in member and which section of the nav is active. */
@ControllerAdvice
class WebAppModel {

	@ModelAttribute("me")
	SignedInMember me() {
		return MemberPrincipal.signedIn().map(MemberPrincipal::toSignedInMember).orElse(null);
	}

	@ModelAttribute("section")
	String section(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		String[] parts = path.split("/");
		return (parts.length > 1) ? parts[1] : "";
	}

}
