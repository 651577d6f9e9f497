package com.convonite.assist;

import com.convonite.shared.FormErrors;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.SignedInMember;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The Suggestions page under /settings (the security chain lets only admins in; the facade checks again): the
 * optional OpenAI-compatible endpoint that drafts subjects and summaries. The API key is never put back into the
 * page: it shows masked, and a blank field keeps it.
 */
@Controller
class SuggestionSettingsPageController {

	private final SummaryProviders providers;

	SuggestionSettingsPageController(SummaryProviders providers) {
		this.providers = providers;
	}

	record ProviderForm(Boolean enabled, String baseUrl, String model, String apiKey, Boolean removeApiKey,
			String timeoutSeconds, Integer version) {

		@Override
		public String toString() {
			return "ProviderForm[enabled=" + this.enabled + ", baseUrl=" + this.baseUrl + "]";
		}

	}

	@GetMapping("/settings/suggestions")
	String page(SignedInMember me, Model model) {
		SummaryProviderView provider = this.providers.settings(me);
		ProviderForm form = new ProviderForm(provider.enabled(), provider.baseUrl(), provider.model(), null, false,
				Integer.toString(provider.timeoutSeconds()), provider.version());
		return page(model, provider, form, FormErrors.none());
	}

	@PostMapping("/settings/suggestions")
	String save(SignedInMember me, @ModelAttribute ProviderForm form, Model model) {
		try {
			Integer timeout = timeout(form.timeoutSeconds());
			this.providers.save(me, new SummaryProviderSettings(Boolean.TRUE.equals(form.enabled()), form.baseUrl(),
					form.model(), form.apiKey(), Boolean.TRUE.equals(form.removeApiKey()), timeout, form.version()));
		}
		catch (ProblemException ex) {
			if (ex.status().value() == 403) {
				throw ex;
			}
			return page(model, this.providers.settings(me), form, FormErrors.of(ex));
		}
		return "redirect:/settings/suggestions?saved";
	}

	/** Blank keeps the stored timeout; anything but a whole number is refused like a number out of range. */
	private static Integer timeout(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Integer.valueOf(value.strip());
		}
		catch (NumberFormatException ex) {
			throw ProblemException.invalid("timeoutSeconds",
					"must be a whole number of seconds between 1 and " + SummaryProviders.MAX_TIMEOUT_SECONDS);
		}
	}

	private static String page(Model model, SummaryProviderView provider, ProviderForm form, FormErrors errors) {
		model.addAttribute("provider", provider);
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		return "assist/settings";
	}

}
