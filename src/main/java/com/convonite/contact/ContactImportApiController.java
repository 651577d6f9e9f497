package com.convonite.contact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.convonite.shared.Ids;
import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.shared.ProblemException;
import com.convonite.shared.Problems;
import com.convonite.workspace.SignedInMember;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;

/** CSV contact imports over the REST API. */
@RestController
@Tag(name = "Contact imports")
@RequestMapping(path = "/api/v1", produces = "application/json")
class ContactImportApiController {

	static final String CSV_FORMAT = """
			**The file.** CSV in UTF-8 (a byte order mark is fine: save from a spreadsheet as "CSV UTF-8"), up to \
			the configured limit (`convonite.contacts.import.max-file-bytes`, 50 MiB by default). The first row names \
			the columns `name`, `phone`, `email`, `notes`, in any order and any case; `phone` is required and other \
			columns are ignored. Fields are separated by commas (semicolons or tabs are recognised from the header \
			row) and may be quoted as in RFC 4180: `"Silva, Ana"`, with a quote inside a quoted field doubled. \
			Blank rows are ignored; rows are numbered as a spreadsheet shows them (the header is row 1).

			**Each row** is checked like a contact added by hand: the phone number is stored in E.164 (a number \
			without + is read as a number of the workspace's default country), the email must be an email address, \
			the name is at most 200 characters and required for a new contact, notes at most 10,000 characters. \
			A row whose phone number is already a contact's, or repeats an earlier row of the file, is a duplicate: \
			with `duplicates=update` its non-blank fields are written over that contact; with `duplicates=skip` \
			(the default) it is skipped.

			**What happens.** The whole file is checked before anything is imported: an empty file, one without a \
			phone column or without rows, one that is not UTF-8 text or not valid CSV is refused with 400 (field \
			`file`); a file over the limit with 413. The import then runs in the background: the answer is 202 with \
			the import (status `IN_PROGRESS`), to follow at `GET /contacts/imports/{id}` until it is `COMPLETED` \
			(or `FAILED`, with `failureReason`). Every row that failed or was skipped, with its reason, is in \
			`GET /contacts/imports/{id}/failures`. Any member may import.

			`Idempotency-Key` is not applied to uploads (the file is not held in memory to compare it); a retried \
			upload makes a second import, which with `skip` adds nothing twice and with `update` writes the same \
			values again.
			""";

	/** Declared types of an uploaded part that are surely not CSV. */
	private static final List<String> NOT_CSV = List.of("image/", "audio/", "video/", "application/pdf",
			"application/zip", "application/vnd.openxmlformats", "application/vnd.oasis", "application/json",
			"application/msword");

	private final ContactImports imports;

	ContactImportApiController(ContactImports imports) {
		this.imports = imports;
	}

	@Operation(operationId = "importContacts", summary = "Import contacts from a CSV file", description = CSV_FORMAT)
	@ResponseStatus(HttpStatus.ACCEPTED)
	@PostMapping(path = "/contacts/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<ContactImportView> upload(SignedInMember me,
			@Parameter(description = "The CSV file") @RequestPart(name = "file", required = false) MultipartFile file,
			@Parameter(description = "UPDATE or SKIP (default)", schema = @Schema(allowableValues = { "UPDATE", "SKIP" }))
			@RequestParam(required = false) String duplicates) {
		ContactImports.Duplicates policy = ContactImports.Duplicates.of(duplicates, "duplicates");
		if (file == null || (file.isEmpty() && (file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()))) {
			throw ProblemException.invalid("file", "is required: send the CSV file as the form part named file");
		}
		requireCsv(file.getContentType());
		try (InputStream content = file.getInputStream()) {
			return accepted(this.imports.start(me, file.getOriginalFilename(), policy, content));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Operation(operationId = "importContacts", summary = "Import contacts from a CSV file", description = CSV_FORMAT)
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "text/csv",
			schema = @Schema(type = "string", example = "name,phone,email,notes\nAna Silva,+351 912 345 678,ana@example.com,VIP\n")))
	@ResponseStatus(HttpStatus.ACCEPTED)
	@PostMapping(path = "/contacts/imports", consumes = "text/csv")
	ResponseEntity<ContactImportView> uploadBody(SignedInMember me,
			@Parameter(description = "UPDATE or SKIP (default)", schema = @Schema(allowableValues = { "UPDATE", "SKIP" }))
			@RequestParam(required = false) String duplicates,
			@Parameter(description = "The file's name, for the history (default contacts.csv)")
			@RequestParam(required = false) String fileName, HttpServletRequest request) throws IOException {
		ContactImports.Duplicates policy = ContactImports.Duplicates.of(duplicates, "duplicates");
		if (request.getContentLengthLong() > this.imports.maxFileBytes()) {
			throw this.imports.fileTooLarge();
		}
		return accepted(this.imports.start(me, fileName, policy, request.getInputStream()));
	}

	/** Any other body: say which two this endpoint takes (Spring's own answer would not name them). */
	@Hidden
	@PostMapping(path = "/contacts/imports")
	ResponseEntity<ContactImportView> uploadOther(HttpServletRequest request) {
		String sent = (request.getContentType() != null) ? request.getContentType() : "no Content-Type";
		throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
				"Send the CSV file as multipart/form-data (the file in a part named file) or as a text/csv body; this "
						+ "request sent " + sent + ".");
	}

	@Operation(operationId = "listContactImports", summary = "List the workspace's contact imports", description = "Newest first.")
	@GetMapping("/contacts/imports")
	Page<ContactImportView> list(SignedInMember me, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		return this.imports.list(me.workspaceId(), PageRequest.of(limit, cursor));
	}

	@Operation(operationId = "getContactImport", summary = "Read one contact import", description = "Its status and counts; poll it while it is IN_PROGRESS.")
	@GetMapping("/contacts/imports/{id}")
	ContactImportView get(SignedInMember me, @PathVariable String id) {
		return this.imports.get(me.workspaceId(), Ids.pathId(id, "contact import"));
	}

	@Operation(operationId = "getContactImportFailures", summary = "The rows of an import that were not imported, as CSV",
			description = "Columns row, result (failed or skipped), reason, then the row's own name, phone, email and "
					+ "notes, so that the file can be fixed and imported again. Cells that a spreadsheet would run as a "
					+ "formula are prefixed with an apostrophe.")
	@ApiResponse(responseCode = "200", description = "The rows not imported as CSV, a header row first",
			content = @Content(mediaType = "text/csv", schema = @Schema(type = "string", format = "binary")))
	@GetMapping(path = "/contacts/imports/{id}/failures", produces = "text/csv")
	void failures(SignedInMember me, @PathVariable String id, HttpServletResponse response) throws IOException {
		ContactImportView contactImport = get(me, id);
		writeFailures(this.imports, me, contactImport, response);
	}

	/** A file over the multipart limit, found while reading the form. */
	@ExceptionHandler(MaxUploadSizeExceededException.class)
	ResponseEntity<ProblemDetail> tooLarge() {
		return ResponseEntity.status(413)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.of(this.imports.fileTooLarge()));
	}

	static void writeFailures(ContactImports imports, SignedInMember me, ContactImportView contactImport,
			HttpServletResponse response) throws IOException {
		response.setContentType("text/csv;charset=UTF-8");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				"attachment; filename=\"contact-import-" + contactImport.id() + "-failures.csv\"");
		imports.writeFailures(me.workspaceId(), Long.parseLong(contactImport.id()), response.getWriter());
	}

	static void requireCsv(String contentType) {
		String type = (contentType != null) ? contentType.toLowerCase(Locale.ROOT) : "";
		if (NOT_CSV.stream().anyMatch(type::startsWith)) {
			throw ProblemException.invalid("file", "must be a CSV file, not " + contentType
					+ ": save the spreadsheet as \"CSV UTF-8\" and upload that");
		}
	}

	private static ResponseEntity<ContactImportView> accepted(ContactImportView started) {
		return ResponseEntity.accepted().location(URI.create("/api/v1/contacts/imports/" + started.id())).body(started);
	}

}
