package com.convonite.webhook;

import java.util.List;
import java.util.Optional;

import com.convonite.shared.FormErrors;
import com.convonite.shared.Ids;
import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.SignedInMember;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Webhook endpoints for admins: the list, a form to add or edit one, and each endpoint's delivery log with a
 * Redeliver button. The security chain keeps {@code /settings/**} to admins; the facade checks again. The secret
 * of a new endpoint is shown once, on the page the creation redirects to (a flash attribute, never in a URL).
 */
@Controller
class WebhookSettingsController {

	static final int LOG_PAGE = 25;

	private final Webhooks webhooks;

	WebhookSettingsController(Webhooks webhooks) {
		this.webhooks = webhooks;
	}

	/** What the endpoint form shows and keeps of what the admin typed. */
	record EndpointForm(String url, String description, String secret, List<String> eventTypes, boolean active,
			int version) {

		static EndpointForm empty() {
			return new EndpointForm("", "", "", List.of(), true, 0);
		}

		static EndpointForm of(WebhookEndpointView endpoint) {
			return new EndpointForm(endpoint.url(), (endpoint.description() != null) ? endpoint.description() : "", "",
					endpoint.eventTypes(), endpoint.active(), endpoint.version());
		}

		public boolean subscribes(String type) {
			return this.eventTypes.contains(type);
		}

	}

	@GetMapping("/settings/webhooks")
	String list(SignedInMember me, Model model) {
		model.addAttribute("endpoints", this.webhooks.list(me, PageRequest.first(PageRequest.MAX_LIMIT)).items());
		return "webhook/list";
	}

	@GetMapping("/settings/webhooks/new")
	String newForm(SignedInMember me, Model model) {
		me.requireAdmin("manage webhooks");
		return form(model, null, EndpointForm.empty(), FormErrors.none());
	}

	@PostMapping("/settings/webhooks")
	String create(SignedInMember me, @RequestParam(defaultValue = "") String url,
			@RequestParam(defaultValue = "") String description, @RequestParam(defaultValue = "") String secret,
			@RequestParam(required = false) List<String> eventTypes, @RequestParam(defaultValue = "false") boolean active,
			Model model) {
		List<String> types = (eventTypes != null) ? eventTypes : List.of();
		try {
			WebhookEndpointView created = this.webhooks.create(me,
					new Webhooks.NewWebhookEndpoint(url, description, secret, types, active));
			// Shown in this answer rather than after a redirect: a flash attribute would be stored in the web
			// session, which is a database row, and the signing secret must never be stored readable there.
			model.addAttribute("createdSecret", created.secret());
			return form(model, created, EndpointForm.of(created), FormErrors.none());
		}
		catch (ProblemException ex) {
			rethrowUnlessInvalid(ex);
			return form(model, null, new EndpointForm(url, description, "", types, active, 0), FormErrors.of(ex));
		}
	}

	@GetMapping("/settings/webhooks/{id}")
	String edit(SignedInMember me, @PathVariable String id, Model model) {
		WebhookEndpointView endpoint = this.webhooks.get(me, Ids.pathId(id, "webhook endpoint"));
		return form(model, endpoint, EndpointForm.of(endpoint), FormErrors.none());
	}

	@PostMapping("/settings/webhooks/{id}")
	String save(SignedInMember me, @PathVariable String id, @RequestParam int version,
			@RequestParam(defaultValue = "") String url, @RequestParam(defaultValue = "") String description,
			@RequestParam(defaultValue = "") String secret, @RequestParam(required = false) List<String> eventTypes,
			@RequestParam(defaultValue = "false") boolean active, Model model) {
		long endpointId = Ids.pathId(id, "webhook endpoint");
		List<String> types = (eventTypes != null) ? eventTypes : List.of();
		try {
			this.webhooks.change(me, endpointId, version,
					new Webhooks.WebhookEndpointChanges(Optional.of(url), Optional.of(description),
							secret.isBlank() ? null : Optional.of(secret), Optional.of(types), Optional.of(active)));
			return "redirect:/settings/webhooks?saved";
		}
		catch (ProblemException ex) {
			rethrowUnlessInvalid(ex);
			WebhookEndpointView endpoint = this.webhooks.get(me, endpointId);
			boolean stale = "stale-version".equals(ex.type());
			model.addAttribute("stale", stale);
			return form(model, endpoint,
					new EndpointForm(url, description, "", types, active, stale ? endpoint.version() : version),
					FormErrors.of(ex));
		}
	}

	@PostMapping("/settings/webhooks/{id}/delete")
	String delete(SignedInMember me, @PathVariable String id) {
		this.webhooks.delete(me, Ids.pathId(id, "webhook endpoint"));
		return "redirect:/settings/webhooks?deleted";
	}

	@GetMapping("/settings/webhooks/{id}/deliveries")
	String deliveries(SignedInMember me, @PathVariable String id, @RequestParam(required = false) String cursor,
			Model model) {
		long endpointId = Ids.pathId(id, "webhook endpoint");
		model.addAttribute("endpoint", this.webhooks.get(me, endpointId));
		model.addAttribute("page", deliveryPage(me, endpointId, cursor));
		return "webhook/deliveries";
	}

	@HxRequest
	@GetMapping("/settings/webhooks/{id}/deliveries")
	String deliveryRows(SignedInMember me, @PathVariable String id, @RequestParam(required = false) String cursor,
			Model model) {
		long endpointId = Ids.pathId(id, "webhook endpoint");
		model.addAttribute("endpoint", this.webhooks.get(me, endpointId));
		model.addAttribute("page", deliveryPage(me, endpointId, cursor));
		return "webhook/deliveries :: log";
	}

	@PostMapping("/settings/webhooks/{id}/deliveries/{deliveryId}/redeliver")
	String redeliver(SignedInMember me, @PathVariable String id, @PathVariable String deliveryId) {
		long endpointId = Ids.pathId(id, "webhook endpoint");
		this.webhooks.redeliver(me, endpointId, Ids.pathId(deliveryId, "webhook delivery"));
		return "redirect:/settings/webhooks/" + endpointId + "/deliveries?redelivered";
	}

	private Page<WebhookDeliveryView> deliveryPage(SignedInMember me, long endpointId, String cursor) {
		return this.webhooks.deliveries(me, endpointId, PageRequest.of(LOG_PAGE, cursor));
	}

	private static String form(Model model, WebhookEndpointView endpoint, EndpointForm form, FormErrors errors) {
		model.addAttribute("endpoint", endpoint);
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("eventTypes", WebhookEventType.values());
		if (!model.containsAttribute("stale")) {
			model.addAttribute("stale", false);
		}
		return "webhook/form";
	}

	private static void rethrowUnlessInvalid(ProblemException ex) {
		if (ex.status() == HttpStatus.NOT_FOUND || ex.status() == HttpStatus.FORBIDDEN) {
			throw ex;
		}
	}

}
