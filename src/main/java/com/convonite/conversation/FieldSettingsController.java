package com.convonite.conversation;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.convonite.conversation.ConversationFieldView.Requirement;
import com.convonite.conversation.ConversationFieldView.Type;
import com.convonite.shared.FormErrors;
import com.convonite.shared.Ids;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.SignedInMember;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Settings › Conversation fields, for admins: add fields, edit their name, help text and requirement, move and
 * archive them and their choices; and the closing rules. Like the purposes' page, the security chain keeps
 * {@code /settings/**} to admins and the facade checks again; a refused change shows the page with its message
 * and what was typed.
 */
@Controller
class FieldSettingsController {

	static final String PATH = "/settings/conversation-fields";

	private final ConversationFields fields;

	FieldSettingsController(ConversationFields fields) {
		this.fields = fields;
	}

	/** The new-field form as typed. */
	static class NewFieldForm {

		private String key = "";

		private String name = "";

		private String type = "TEXT";

		private String helpText = "";

		private String requirement = "OPTIONAL";

		private String options = "";

		ConversationFields.NewField toCommand() {
			List<String> labels = Arrays.stream(this.options.split("\\R")).map(String::strip).filter((l) -> !l.isEmpty()).toList();
			return new ConversationFields.NewField(this.key, this.name, parse(Type.class, this.type), this.helpText,
					parse(Requirement.class, this.requirement), labels);
		}

		public String getKey() {
			return this.key;
		}

		public void setKey(String key) {
			this.key = key;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public String getType() {
			return this.type;
		}

		public void setType(String type) {
			this.type = type;
		}

		public String getHelpText() {
			return this.helpText;
		}

		public void setHelpText(String helpText) {
			this.helpText = helpText;
		}

		public String getRequirement() {
			return this.requirement;
		}

		public void setRequirement(String requirement) {
			this.requirement = requirement;
		}

		public String getOptions() {
			return this.options;
		}

		public void setOptions(String options) {
			this.options = options;
		}

	}

	private static <E extends Enum<E>> E parse(Class<E> type, String value) {
		try {
			return (value != null && !value.isBlank()) ? Enum.valueOf(type, value) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	@GetMapping(PATH)
	String page(SignedInMember me, Model model) {
		return page(me, model, new NewFieldForm(), FormErrors.none(), null);
	}

	private String page(SignedInMember me, Model model, NewFieldForm newField, FormErrors errors, String failedId) {
		model.addAttribute("fields", this.fields.list(me.workspaceId(), true));
		model.addAttribute("newField", newField);
		model.addAttribute("errors", errors);
		model.addAttribute("failedId", failedId);
		model.addAttribute("types", Type.values());
		model.addAttribute("requirements", Requirement.values());
		model.addAttribute("ruleFields", ConversationFields.CLOSING_RULE_FIELDS);
		model.addAttribute("closingRules", this.fields.closingRules(me.workspaceId()));
		model.addAttribute("requiredToClose", this.fields.list(me.workspaceId(), false)
			.stream()
			.filter((f) -> f.requirement() == Requirement.REQUIRED_ON_CLOSE)
			.map(ConversationFieldView::name)
			.toList());
		return "conversation/field-settings";
	}

	@PostMapping(PATH)
	String add(SignedInMember me, @ModelAttribute("newField") NewFieldForm form, Model model) {
		return attempt(me, model, form, null, () -> this.fields.add(me, form.toCommand()));
	}

	@PostMapping(PATH + "/{id}")
	String save(SignedInMember me, @PathVariable String id, @RequestParam int version,
			@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String helpText,
			@RequestParam(defaultValue = "") String requirement, Model model) {
		Requirement parsed = parse(Requirement.class, requirement);
		return attempt(me, model, new NewFieldForm(), id, () -> this.fields.change(me, Ids.pathId(id, "conversation field"),
				version, new ConversationFields.FieldChanges(Optional.of(name), Optional.of(helpText),
						Optional.ofNullable(parsed), null, null)));
	}

	@PostMapping(PATH + "/{id}/move")
	String move(SignedInMember me, @PathVariable String id, @RequestParam int version, @RequestParam int position,
			Model model) {
		return attempt(me, model, new NewFieldForm(), id, () -> this.fields.change(me, Ids.pathId(id, "conversation field"),
				version, new ConversationFields.FieldChanges(null, null, null, Optional.of(Math.max(1, position)), null)));
	}

	@PostMapping(PATH + "/{id}/archive")
	String archive(SignedInMember me, @PathVariable String id, @RequestParam int version,
			@RequestParam boolean archived, Model model) {
		return attempt(me, model, new NewFieldForm(), id, () -> this.fields.change(me, Ids.pathId(id, "conversation field"),
				version, new ConversationFields.FieldChanges(null, null, null, null, Optional.of(archived))));
	}

	@PostMapping(PATH + "/{id}/options")
	String addOption(SignedInMember me, @PathVariable String id, @RequestParam(defaultValue = "") String label,
			Model model) {
		return attempt(me, model, new NewFieldForm(), id,
				() -> this.fields.addOption(me, Ids.pathId(id, "conversation field"), label));
	}

	@PostMapping(PATH + "/{id}/options/{optionId}")
	String changeOption(SignedInMember me, @PathVariable String id, @PathVariable String optionId,
			@RequestParam(required = false) Integer position, @RequestParam(required = false) Boolean archived,
			Model model) {
		return attempt(me, model, new NewFieldForm(), id, () -> this.fields.changeOption(me,
				Ids.pathId(id, "conversation field"), Ids.pathId(optionId, "option"), position, archived));
	}

	@PostMapping("/settings/closing-rules")
	String closingRules(SignedInMember me, @RequestParam(required = false) List<String> required, Model model,
			RedirectAttributes redirect) {
		String answer = attempt(me, model, new NewFieldForm(), null,
				() -> this.fields.setClosingRules(me, (required != null) ? required : List.of()));
		if (answer.startsWith("redirect:")) {
			redirect.addFlashAttribute("rulesSaved", true);
		}
		return answer;
	}

	private String attempt(SignedInMember me, Model model, NewFieldForm form, String failedId, Runnable change) {
		try {
			change.run();
			return "redirect:" + PATH;
		}
		catch (ProblemException ex) {
			if (ex.status() == HttpStatus.NOT_FOUND || ex.status() == HttpStatus.FORBIDDEN) {
				throw ex;
			}
			return page(me, model, form, FormErrors.of(ex), failedId);
		}
	}

}
