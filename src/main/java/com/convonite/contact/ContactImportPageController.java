package com.convonite.contact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.servlet.http.HttpServletResponse;

import com.convonite.shared.FormErrors;
import com.convonite.shared.Ids;
import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.SignedInMember;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;

/**
 * The import pages: the upload form with the history of imports (each one in progress keeps its row up to
 * date with htmx polling), and one import's page with its progress, counts and the rows not imported.
 */
@Controller
class ContactImportPageController {

	static final int HISTORY_PAGE_SIZE = 20;

	static final int PROBLEMS_SHOWN = 100;

	private final ContactImports imports;

	ContactImportPageController(ContactImports imports) {
		this.imports = imports;
	}

	@GetMapping("/contacts/imports")
	String imports(SignedInMember me, Model model) {
		return page(me, model, "SKIP", FormErrors.none());
	}

	/** "Load more" of the history appends the next rows and its own successor button. */
	@HxRequest
	@GetMapping(path = "/contacts/imports", params = "cursor")
	String more(SignedInMember me, @RequestParam String cursor, Model model) {
		model.addAttribute("history", this.imports.list(me.workspaceId(), PageRequest.of(HISTORY_PAGE_SIZE, cursor)));
		return "contact/imports :: more";
	}

	@PostMapping("/contacts/imports")
	String upload(SignedInMember me, @RequestParam(required = false) MultipartFile file,
			@RequestParam(required = false) String duplicates, Model model, HttpServletResponse response) {
		String chosen = (duplicates != null) ? duplicates : "SKIP";
		ContactImportView started;
		try {
			ContactImports.Duplicates policy = ContactImports.Duplicates.of(duplicates, "duplicates");
			if (file == null || (file.isEmpty() && (file.getOriginalFilename() == null
					|| file.getOriginalFilename().isBlank()))) {
				throw ProblemException.invalid("file", "is required: choose a CSV file");
			}
			ContactImportApiController.requireCsv(file.getContentType());
			try (InputStream content = file.getInputStream()) {
				started = this.imports.start(me, file.getOriginalFilename(), policy, content);
			}
		}
		catch (ProblemException ex) {
			response.setStatus(ex.status().value());
			return page(me, model, chosen, FormErrors.of(ex));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return "redirect:/contacts/imports/" + started.id();
	}

	/**
	 * A file over the limit, found while the form is read (a browser checks the size first; a script or an old
	 * browser may not): the upload page again, with the limit beside the file field.
	 */
	@ExceptionHandler(MaxUploadSizeExceededException.class)
	String tooLarge(SignedInMember me, Model model, HttpServletResponse response) {
		ProblemException tooLarge = this.imports.fileTooLarge();
		response.setStatus(tooLarge.status().value());
		return page(me, model, "SKIP", FormErrors.of(tooLarge));
	}

	@GetMapping("/contacts/imports/{id}")
	String contactImport(SignedInMember me, @PathVariable String id, Model model) {
		summary(me, id, model);
		return "contact/import";
	}

	/** The summary polls itself while the import runs; once it is done its answer no longer polls. */
	@HxRequest
	@GetMapping("/contacts/imports/{id}")
	String summary(SignedInMember me, @PathVariable String id, Model model) {
		ContactImportView contactImport = this.imports.get(me.workspaceId(), Ids.pathId(id, "contact import"));
		model.addAttribute("contactImport", contactImport);
		model.addAttribute("problems", contactImport.inProgress() ? java.util.List.of()
				: this.imports.firstProblems(me.workspaceId(), Long.parseLong(contactImport.id()), PROBLEMS_SHOWN));
		model.addAttribute("problemsShown", PROBLEMS_SHOWN);
		return "contact/import :: summary";
	}

	/** One row of the history, polled while its import runs. */
	@HxRequest
	@GetMapping("/contacts/imports/{id}/history-row")
	String historyRow(SignedInMember me, @PathVariable String id, Model model) {
		model.addAttribute("contactImport", this.imports.get(me.workspaceId(), Ids.pathId(id, "contact import")));
		return "contact/imports :: row";
	}

	/** The rows not imported as CSV, for the web session (the API's own takes Basic or Bearer credentials). */
	@GetMapping("/contacts/imports/{id}/failures")
	void failures(SignedInMember me, @PathVariable String id, HttpServletResponse response) throws IOException {
		ContactImportView contactImport = this.imports.get(me.workspaceId(), Ids.pathId(id, "contact import"));
		ContactImportApiController.writeFailures(this.imports, me, contactImport, response);
	}

	private String page(SignedInMember me, Model model, String duplicates, FormErrors errors) {
		Page<ContactImportView> history = this.imports.list(me.workspaceId(), PageRequest.first(HISTORY_PAGE_SIZE));
		model.addAttribute("history", history);
		model.addAttribute("duplicates", duplicates.toUpperCase(java.util.Locale.ROOT));
		model.addAttribute("errors", errors);
		model.addAttribute("maxFileSize", this.imports.maxFileSize());
		model.addAttribute("maxFileBytes", this.imports.maxFileBytes());
		return "contact/imports";
	}

}
