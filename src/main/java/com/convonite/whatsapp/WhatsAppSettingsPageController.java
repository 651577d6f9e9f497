package com.convonite.whatsapp;

import com.convonite.shared.FormErrors;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.SignedInMember;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The WhatsApp channel page under /settings (the security chain lets only admins in; the facade checks
 * again). Secrets are never put back into the page: it shows them masked, and a blank field keeps them.
 */
@Controller
class WhatsAppSettingsPageController {

	private final WhatsAppChannels channels;

	WhatsAppSettingsPageController(WhatsAppChannels channels) {
		this.channels = channels;
	}

	record ChannelForm(String phoneNumberId, String verifyToken, String appSecret, String accessToken,
			Integer version) {
	}

	@GetMapping("/settings/whatsapp")
	String page(SignedInMember me, Model model) {
		WhatsAppChannelView channel = this.channels.settings(me);
		return page(model, channel, channel.phoneNumberId(), FormErrors.none());
	}

	@PostMapping("/settings/whatsapp")
	String save(SignedInMember me, @ModelAttribute ChannelForm form, Model model) {
		try {
			this.channels.save(me, new WhatsAppChannelSettings(form.phoneNumberId(), form.verifyToken(),
					form.appSecret(), form.accessToken(), form.version()));
		}
		catch (ProblemException ex) {
			if (ex.status().value() == 403) {
				throw ex;
			}
			return page(model, this.channels.settings(me), form.phoneNumberId(), FormErrors.of(ex));
		}
		return "redirect:/settings/whatsapp?saved";
	}

	private String page(Model model, WhatsAppChannelView channel, String phoneNumberId, FormErrors errors) {
		model.addAttribute("channel", channel);
		model.addAttribute("phoneNumberId", (phoneNumberId != null) ? phoneNumberId : "");
		String callbackUrl = (channel.callbackPath() != null)
				? ServletUriComponentsBuilder.fromCurrentContextPath().path(channel.callbackPath()).toUriString() : null;
		model.addAttribute("callbackUrl", callbackUrl);
		model.addAttribute("callbackPublic", callbackUrl == null || isPublicHttps(callbackUrl));
		model.addAttribute("errors", errors);
		return "whatsapp/settings";
	}

	/** Meta calls only HTTPS addresses it can reach: not plain HTTP, not a name that means this machine. */
	static boolean isPublicHttps(String url) {
		java.net.URI uri = java.net.URI.create(url);
		String host = (uri.getHost() != null) ? uri.getHost().toLowerCase(java.util.Locale.ROOT) : "";
		boolean local = host.equals("localhost") || host.endsWith(".localhost") || host.endsWith(".local")
				|| host.startsWith("127.") || host.equals("[::1]") || host.equals("::1") || host.startsWith("10.")
				|| host.startsWith("192.168.") || host.matches("172\\.(1[6-9]|2\\d|3[01])\\..*");
		return "https".equals(uri.getScheme()) && !host.isEmpty() && !local;
	}

}
