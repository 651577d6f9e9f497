package com.convonite.contact;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A CSV contact import as the history shows it. Every data row of the file ends up in exactly one of
 * created, updated, skipped (a duplicate, under the "skip" choice) or failed; {@code rowsImported} is
 * created plus updated.
 */
public record ContactImportView(String id, String fileName, Status status,
		@Schema(description = "What was done with a row whose phone number is already a contact, or repeats an earlier row") ContactImports.Duplicates duplicates,
		String createdById, String createdByName, OffsetDateTime createdAt, @Schema(nullable = true) OffsetDateTime finishedAt, long fileBytes,
		@Schema(description = "Data rows in the file (the header and blank rows not counted)") int rowsInFile,
		@Schema(description = "Data rows read so far") int rowsRead, int rowsImported, int rowsCreated, int rowsUpdated,
		int rowsSkipped, int rowsFailed, @Schema(description = "Rows read, in percent of the rows in the file") int percent,
		@Schema(nullable = true, description = "Why the import as a whole stopped, when its status is FAILED") String failureReason) {

	public enum Status {

		IN_PROGRESS, COMPLETED, FAILED

	}

	public boolean inProgress() {
		return this.status == Status.IN_PROGRESS;
	}

	/** Rows skipped or failed: the rows of the failures file. */
	public int rowsNotImported() {
		return this.rowsSkipped + this.rowsFailed;
	}

}
