package com.convonite.conversation;

import java.util.List;
import java.util.Optional;

import com.convonite.shared.FormErrors;
import com.convonite.shared.Ids;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.SignedInMember;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The workspace's purposes for admins (SPEC §5): add, rename, move up or down, archive and unarchive, and
 * delete when no conversation uses one. The security chain already keeps {@code /settings/**} to admins;
 * the facade checks again.
 */
@Controller
class PurposeSettingsController {

	private final Purposes purposes;

	PurposeSettingsController(Purposes purposes) {
		this.purposes = purposes;
	}

	@GetMapping("/settings/purposes")
	String page(SignedInMember me, Model model) {
		return page(me, model, FormErrors.none(), null, "", "");
	}

	private String page(SignedInMember me, Model model, FormErrors errors, String failedId, String newName,
			String typedName) {
		List<PurposeView> all = this.purposes.list(me.workspaceId(), true);
		model.addAttribute("purposes", all);
		// Delete is offered only where it can succeed: a purpose in use can only be archived.
		model.addAttribute("inUse", this.purposes.inUse(me.workspaceId()));
		model.addAttribute("errors", errors);
		model.addAttribute("failedId", failedId);
		model.addAttribute("newName", newName);
		model.addAttribute("typedName", typedName);
		return "conversation/purposes";
	}

	@PostMapping("/settings/purposes")
	String add(SignedInMember me, @RequestParam(defaultValue = "") String name, Model model) {
		try {
			this.purposes.add(me, name, null);
			return "redirect:/settings/purposes";
		}
		catch (ProblemException ex) {
			return refused(me, model, ex, null, name, "");
		}
	}

	@PostMapping("/settings/purposes/{id}/rename")
	String rename(SignedInMember me, @PathVariable String id, @RequestParam int version,
			@RequestParam(defaultValue = "") String name, Model model) {
		return change(me, id, version, new Purposes.PurposeChanges(Optional.of(name), null, null), model, name);
	}

	@PostMapping("/settings/purposes/{id}/move")
	String move(SignedInMember me, @PathVariable String id, @RequestParam int version, @RequestParam int position,
			Model model) {
		return change(me, id, version, new Purposes.PurposeChanges(null, Optional.of(Math.max(1, position)), null),
				model, "");
	}

	@PostMapping("/settings/purposes/{id}/archive")
	String archive(SignedInMember me, @PathVariable String id, @RequestParam int version,
			@RequestParam boolean archived, Model model) {
		return change(me, id, version, new Purposes.PurposeChanges(null, null, Optional.of(archived)), model, "");
	}

	@PostMapping("/settings/purposes/{id}/delete")
	String delete(SignedInMember me, @PathVariable String id, Model model) {
		try {
			this.purposes.delete(me, Ids.pathId(id, "purpose"));
			return "redirect:/settings/purposes";
		}
		catch (ProblemException ex) {
			return refused(me, model, ex, id, "", "");
		}
	}

	private String change(SignedInMember me, String id, int version, Purposes.PurposeChanges changes, Model model,
			String typedName) {
		try {
			this.purposes.change(me, Ids.pathId(id, "purpose"), version, changes);
			return "redirect:/settings/purposes";
		}
		catch (ProblemException ex) {
			return refused(me, model, ex, id, "", typedName);
		}
	}

	private String refused(SignedInMember me, Model model, ProblemException ex, String failedId, String newName,
			String typedName) {
		if (ex.status() == HttpStatus.NOT_FOUND || ex.status() == HttpStatus.FORBIDDEN) {
			throw ex;
		}
		return page(me, model, FormErrors.of(ex), failedId, newName, typedName);
	}

}
