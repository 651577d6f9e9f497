package com.convonite.contact;

import com.convonite.support.ApiIntegrationTest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file of nothing but blank lines is refused after a bounded number of rows instead of costing minutes and
 * gigabytes, and a workspace runs a bounded number of imports at once (issue 13, item 13).
 */
class ContactImportBoundsIntegrationTests extends ApiIntegrationTest {

	@Test
	void blankRowsCountTowardsTheRowLimit() {
		var ws = newWorkspace();
		String blankLines = "name,phone\n" + "\n".repeat(600_000);
		long started = System.nanoTime();
		var refused = ws.admin().raw("POST", "/contacts/imports", blankLines, "text/csv");
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("file");
		assertThat(refused.json().path("errors").get(0).path("message").asString())
			.contains("more than 500000 rows (blank ones included)");
		assertThat((System.nanoTime() - started) / 1_000_000_000).isLessThan(30);
		assertThat(ws.admin().get("/contacts/imports").json().path("items")).isEmpty();
	}

	@Test
	void aWorkspaceRunsABoundedNumberOfImportsAtOnce() {
		var ws = newWorkspace();
		for (int i = 0; i < 2; i++) {
			databaseOwner().sql("""
					insert into contact_import (workspace_id, file_name, created_by, duplicates, spool_name, file_bytes,
					                            separator, rows_in_file)
					values (:w, 'running.csv', :m, 'SKIP', 'missing-' || gen_random_uuid(), 10, ',', 1)
					""").param("w", ws.id()).param("m", ws.adminMember().memberId()).update();
		}
		var third = ws.admin().raw("POST", "/contacts/imports", "name,phone\nAna,+351912345678\n", "text/csv");
		assertThat(third.status()).as(third.toString()).isEqualTo(429);
		assertThat(third.contentType()).startsWith("application/problem+json");
		assertThat(third.text("type")).isEqualTo("/problems/imports-in-progress");

		databaseOwner().sql("update contact_import set status = 'FAILED', finished_at = now() where workspace_id = :w")
			.param("w", ws.id())
			.update();
		var accepted = ws.admin().raw("POST", "/contacts/imports", "name,phone\nAna,+351912345678\n", "text/csv");
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
		// another workspace is not held back by this one's imports
	}

}
