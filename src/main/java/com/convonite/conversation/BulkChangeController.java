package com.convonite.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.convonite.shared.FormErrors;
import com.convonite.shared.Ids;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.SignedInMember;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;

import org.springframework.beans.MutablePropertyValues;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.DataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The Conversations tab's bulk actions ({@link BulkChanges}): the tab's bar posts the action and the set (the
 * ticked rows, or "all that match" with the tab's filters); a confirmation page says what will change and how
 * many; confirming starts the change and opens its page, which shows the result, or the progress of a large set
 * until it is done, with every conversation skipped and why.
 */
@Controller
class BulkChangeController {

	private final BulkChanges bulk;

	private final ConversationPageSupport support;

	private final Purposes purposes;

	private final ConversationFields fields;

	BulkChangeController(BulkChanges bulk, ConversationPageSupport support, Purposes purposes,
			ConversationFields fields) {
		this.bulk = bulk;
		this.fields = fields;
		this.support = support;
		this.purposes = purposes;
	}

	/** What the bar (and the confirmation page) sends: the action, its value, and which conversations. */
	record Selection(String action, String ownerId, String purposeId, String fieldValue, String scope, List<String> ids,
			String query) {

		public boolean allMatching() {
			return "all".equals(this.scope);
		}

		public String value() {
			return switch (this.action == null ? "" : this.action) {
				case "OWNER" -> this.ownerId;
				case "PURPOSE" -> this.purposeId;
				case "FIELD" -> this.fieldValue;
				default -> null;
			};
		}

	}

	@PostMapping("/conversations/bulk/confirm")
	String confirm(SignedInMember me, @RequestParam(defaultValue = "") String action,
			@RequestParam(defaultValue = "") String ownerId, @RequestParam(defaultValue = "") String purposeId,
			@RequestParam(defaultValue = "") String fieldValue, @RequestParam(defaultValue = "selected") String scope, @RequestParam(required = false) List<String> ids,
			@RequestParam(defaultValue = "") String query, Model model) {
		Selection selection = new Selection(action, ownerId, purposeId, fieldValue, scope, (ids != null) ? ids : List.of(), query);
		model.addAttribute("selection", selection);
		model.addAttribute("backUrl", "/conversations" + (SavedViews.canonical(query).isEmpty() ? ""
				: "?" + SavedViews.canonical(query)));
		try {
			BulkChanges.Target target = this.bulk.checkAction(me, action, selection.value());
			List<Long> set = set(me, selection);
			model.addAttribute("count", set.size());
			model.addAttribute("valueName", valueName(me, action, target));
			model.addAttribute("requestKey", UUID.randomUUID().toString());
			model.addAttribute("errors", FormErrors.none());
		}
		catch (ProblemException ex) {
			if (ex.status() != HttpStatus.BAD_REQUEST) {
				throw ex;
			}
			model.addAttribute("errors", FormErrors.of(ex));
		}
		return "conversation/bulk";
	}

	@PostMapping("/conversations/bulk")
	String start(SignedInMember me, @RequestParam(defaultValue = "") String action,
			@RequestParam(defaultValue = "") String ownerId, @RequestParam(defaultValue = "") String purposeId,
			@RequestParam(defaultValue = "") String fieldValue, @RequestParam(defaultValue = "selected") String scope, @RequestParam(required = false) List<String> ids,
			@RequestParam(defaultValue = "") String query, @RequestParam(defaultValue = "") String requestKey) {
		Selection selection = new Selection(action, ownerId, purposeId, fieldValue, scope, (ids != null) ? ids : List.of(), query);
		BulkChanges.Target target = this.bulk.checkAction(me, action, selection.value());
		long id = this.bulk.start(me, requestKey, action, target, set(me, selection));
		return "redirect:/conversations/bulk/" + id;
	}

	@GetMapping("/conversations/bulk/{id}")
	String page(SignedInMember me, @PathVariable String id, Model model) {
		model.addAttribute("change", this.bulk.get(me, Ids.pathId(id, "bulk change")));
		model.addAttribute("valueName", valueNameOf(me, model));
		return "conversation/bulk-result";
	}

	@HxRequest
	@GetMapping("/conversations/bulk/{id}")
	String progress(SignedInMember me, @PathVariable String id, Model model) {
		page(me, id, model);
		return "conversation/bulk-result :: result";
	}

	private String valueNameOf(SignedInMember me, Model model) {
		BulkChanges.BulkChangeView change = (BulkChanges.BulkChangeView) model.getAttribute("change");
		return valueName(me, change.action().name(), new BulkChanges.Target(
				(change.valueId() != null) ? Long.parseLong(change.valueId()) : null, change.fieldKey(), change.fieldValue()));
	}

	/**
	 * The owner's or the purpose's name, for "Change the owner of 12 conversations to Maria", or the field and its
	 * choice, for "Set Channel to Phone on 12 conversations".
	 */
	private String valueName(SignedInMember me, String action, BulkChanges.Target target) {
		if (target.fieldKey() != null) {
			String field = this.fields.list(me.workspaceId(), true)
				.stream()
				.filter((f) -> f.key().equals(target.fieldKey()))
				.map(ConversationFieldView::name)
				.findFirst()
				.orElse(target.fieldKey());
			return field + " to " + target.fieldValue();
		}
		Long valueId = target.valueId();
		if (valueId == null) {
			return null;
		}
		if ("OWNER".equals(action)) {
			return this.support.allMembers(me.workspaceId())
				.stream()
				.filter((m) -> m.id().equals(Long.toString(valueId)))
				.map((m) -> m.name())
				.findFirst()
				.orElse("#" + valueId);
		}
		return this.purposes.find(me.workspaceId(), valueId).map(PurposeView::name).orElse("#" + valueId);
	}

	private List<Long> set(SignedInMember me, Selection selection) {
		if (selection.allMatching()) {
			return this.bulk.set(me, List.of(), filters(selection.query()).toQuery(me, this.support,
					this.fields.list(me.workspaceId(), true)));
		}
		List<Long> picked = new ArrayList<>();
		for (String id : selection.ids()) {
			picked.add(Ids.fieldId(id, "ids"));
		}
		return this.bulk.set(me, picked, null);
	}

	/** The tab's filters from its query string, bound as the tab binds them. */
	static ConversationListController.Filters filters(String query) {
		ConversationListController.Filters filters = new ConversationListController.Filters();
		MutablePropertyValues values = new MutablePropertyValues();
		String canonical = SavedViews.canonical(query);
		UriComponentsBuilder.newInstance()
			.query(canonical)
			.build()
			.getQueryParams()
			.forEach((name, encoded) -> values.add(name, encoded.stream()
				.map((v) -> java.net.URLDecoder.decode(v, java.nio.charset.StandardCharsets.UTF_8))
				.toArray(String[]::new)));
		values.removePropertyValue("cursor");
		new DataBinder(filters).bind(values);
		return filters;
	}

}
