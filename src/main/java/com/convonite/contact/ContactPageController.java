package com.convonite.contact;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.convonite.shared.FormErrors;
import com.convonite.shared.Ids;
import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.SignedInMember;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The contact pages: the searchable list, the contact page (details plus panels of other modules loaded
 * with htmx), and the add, edit and delete forms.
 */
@Controller
class ContactPageController {

	static final int PAGE_SIZE = 50;

	private final Contacts contacts;

	private final MessageSource texts;

	ContactPageController(Contacts contacts, MessageSource texts) {
		this.contacts = contacts;
		this.texts = texts;
	}

	/** What the contact form holds: what the user typed, and the version it was read at (edits). */
	record ContactForm(String name, String phone, String email, String notes, Integer version) {

		static ContactForm empty() {
			return new ContactForm("", "", "", "", null);
		}

		static ContactForm of(ContactView contact) {
			return new ContactForm(contact.name(), contact.phone(), contact.email(), contact.notes(), contact.version());
		}

	}

	@GetMapping("/contacts")
	String list(SignedInMember me, @RequestParam(required = false) String q,
			@RequestParam(required = false) String cursor, Model model) {
		results(me, q, cursor, model);
		return "contact/list";
	}

	/** The search box swaps just the results. */
	@HxRequest
	@GetMapping("/contacts")
	String results(SignedInMember me, @RequestParam(required = false) String q,
			@RequestParam(required = false) String cursor, Model model) {
		String query = (q != null) ? q.strip() : "";
		Page<ContactView> page;
		try {
			page = this.contacts.list(me.workspaceId(), query, PageRequest.of(PAGE_SIZE, cursor));
		}
		catch (ProblemException ex) {
			model.addAttribute("searchError", ex.errors().isEmpty() ? ex.getMessage() : ex.errors().get(0).message());
			page = new Page<>(java.util.List.of(), null);
		}
		model.addAttribute("q", query);
		model.addAttribute("page", page);
		model.addAttribute("firstPage", cursor == null || cursor.isEmpty());
		return "contact/list :: results";
	}

	/** "Load more" appends the next rows and its own successor button. */
	@HxRequest
	@GetMapping(path = "/contacts", params = "cursor")
	String more(SignedInMember me, @RequestParam(required = false) String q, @RequestParam String cursor, Model model) {
		results(me, q, cursor, model);
		return "contact/list :: more";
	}

	@GetMapping("/contacts/new")
	String newContact(Model model) {
		return form(model, ContactForm.empty(), null, FormErrors.none(), false);
	}

	@PostMapping("/contacts")
	String create(SignedInMember me, @ModelAttribute ContactForm form, Model model) {
		ContactView created;
		try {
			created = this.contacts.create(me,
					new Contacts.NewContact(form.name(), form.phone(), form.email(), form.notes()));
		}
		catch (ProblemException ex) {
			return form(model, form, null, FormErrors.of(ex), false);
		}
		return "redirect:/contacts/" + created.id() + "?created";
	}

	@GetMapping("/contacts/{id}")
	String contact(SignedInMember me, @PathVariable String id, Model model) {
		ContactView contact = this.contacts.get(me.workspaceId(), Ids.pathId(id, "contact"));
		return contactPage(me, contact, model);
	}

	/** The contact page; Delete is offered only when nothing names the contact, otherwise disabled with why. */
	private String contactPage(SignedInMember me, ContactView contact, Model model) {
		model.addAttribute("contact", contact);
		List<String> uses = this.contacts.uses(me.workspaceId(), Long.parseLong(contact.id()))
			.stream()
			.map((use) -> this.texts.getMessage(use.what(), new Object[] { use.count() }, Locale.ENGLISH))
			.toList();
		model.addAttribute("deleteRefusal", uses.isEmpty() ? null : this.texts.getMessage("contact.delete.inUse",
				new Object[] { String.join(this.texts.getMessage("contact.uses.and", null, Locale.ENGLISH), uses) },
				Locale.ENGLISH));
		return "contact/contact";
	}

	@GetMapping("/contacts/{id}/edit")
	String edit(SignedInMember me, @PathVariable String id, Model model) {
		ContactView contact = this.contacts.get(me.workspaceId(), Ids.pathId(id, "contact"));
		return form(model, ContactForm.of(contact), contact, FormErrors.none(), false);
	}

	@PostMapping("/contacts/{id}")
	String change(SignedInMember me, @PathVariable String id, @ModelAttribute ContactForm form, Model model) {
		long contactId = Ids.pathId(id, "contact");
		ContactView current = this.contacts.get(me.workspaceId(), contactId);
		try {
			if (form.version() == null) {
				throw ProblemException.staleVersion("contact");
			}
			this.contacts.change(me, contactId, form.version(),
					new Contacts.ContactChanges(Optional.ofNullable(form.name()), Optional.ofNullable(form.phone()),
							Optional.ofNullable(form.email()), Optional.ofNullable(form.notes())));
		}
		catch (ProblemException ex) {
			boolean stale = "stale-version".equals(ex.type());
			// a stale save keeps what was typed, with the version now stored so that saving again applies it
			ContactForm kept = stale ? new ContactForm(form.name(), form.phone(), form.email(), form.notes(),
					current.version()) : form;
			return form(model, kept, current, FormErrors.of(ex), stale);
		}
		return "redirect:/contacts/" + contactId + "?saved";
	}

	@PostMapping("/contacts/{id}/delete")
	String delete(SignedInMember me, @PathVariable String id, Model model, RedirectAttributes redirect) {
		long contactId = Ids.pathId(id, "contact");
		ContactView contact = this.contacts.get(me.workspaceId(), contactId);
		try {
			this.contacts.delete(me, contactId);
		}
		catch (ProblemException ex) {
			model.addAttribute("deleteError", ex.getMessage());
			return contactPage(me, contact, model);
		}
		redirect.addFlashAttribute("deletedName", contact.name());
		return "redirect:/contacts";
	}

	private String form(Model model, ContactForm form, ContactView contact, FormErrors errors, boolean stale) {
		model.addAttribute("form", form);
		model.addAttribute("contact", contact);
		model.addAttribute("errors", errors);
		model.addAttribute("stale", stale);
		return "contact/form";
	}

}
