package com.convonite.contact;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.convonite.shared.WorkspaceScope;
import com.convonite.support.BrowserTest;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class ContactImportBrowserTests extends BrowserTest {

	@Autowired
	JdbcContactImportRepository repository;

	private static Path csvFile(String name, String content) throws IOException {
		Path dir = Files.createDirectories(Path.of("target/browser-uploads"));
		Path file = dir.resolve(name).toAbsolutePath();
		Files.writeString(file, content, StandardCharsets.UTF_8);
		return file;
	}

	@Test
	void anUploadedFileIsImportedAndItsRowsNotImportedAreShownWithTheirReasons() throws IOException {
		var workspace = newWorkspace();
		workspace.admin().post("/contacts", map("name", "Ana", "phone", "+351912345678"));
		Path file = csvFile("shop-contacts.csv", """
				name,phone,email,notes
				Ana Silva,+351 912 345 678,ana@example.com,
				Rui Costa,+351 912 345 679,rui@example.com,Prefers evenings
				Bad Phone,call me,,
				Bad Email,+351 912 345 670,nope,
				"Costa, Marta",+351 912 345 671,,
				""");
		signIn(workspace.adminEmail());
		open("/contacts");
		click(By.linkText("Import from CSV"));
		waitFor(By.id("import-form"));
		assertThat(this.browser.findElements(By.id("import-history"))).isEmpty();
		assertThat(this.browser.findElement(By.id("main")).getText()).contains("No imports yet.");
		assertThat(this.browser.findElement(By.id("format-heading")).getText()).isEqualTo("The CSV file");
		screenshots("contact-import-empty");
		assertAccessible();

		this.browser.findElement(By.id("file")).sendKeys(file.toString());
		click(By.id("duplicates-skip"));
		click(By.cssSelector("#import-form button[type=submit]"));
		waitForText(By.id("import-summary"), "Import completed: 2 of 5 rows imported.");
		assertThat(this.browser.findElement(By.id("count-created")).getText()).isEqualTo("2");
		assertThat(this.browser.findElement(By.id("count-skipped")).getText()).isEqualTo("1");
		assertThat(this.browser.findElement(By.id("count-failed")).getText()).isEqualTo("2");
		List<String> rows = this.browser.findElements(By.cssSelector("#import-problems tbody tr"))
			.stream()
			.map(WebElement::getText)
			.toList();
		assertThat(rows).hasSize(3);
		assertThat(rows.get(0)).startsWith("2 Skipped phone: +351912345678 is already the phone number of contact Ana");
		assertThat(rows.get(1)).startsWith("4 Failed phone: must be a valid phone number");
		assertThat(rows.get(2)).startsWith("5 Failed email: must be an email address");
		assertThat(this.browser.findElement(By.id("download-failures")).getAttribute("href"))
			.endsWith("/contacts/imports/" + importId() + "/failures");
		assertThat(this.browser.findElements(By.cssSelector("#import-summary[hx-trigger]"))).isEmpty();
		screenshots("contact-import-done");
		assertAccessible();

		open("/contacts/imports");
		WebElement row = waitFor(By.cssSelector("#import-history tbody tr.import-row"));
		assertThat(row.getText()).contains("shop-contacts.csv", "Completed");
		screenshots("contact-import-history");
		assertAccessible();
	}

	@Test
	void theProgressBarFollowsAnImportInTheBackgroundAndStopsPollingWhenItIsDone() {
		var workspace = newWorkspace();
		// an import whose run holds it (fresh heartbeat): the page shows its progress as the run reports it
		long id = WorkspaceScope.call(workspace.id(), () -> this.repository.insert(workspace.id(), "big-list.csv", workspace.adminMember().memberId(),
				ContactImports.Duplicates.UPDATE, "upload-browser-test.csv", 4_000_000,
				new ContactCsvFile.Layout(',', Map.of(), 1000), "browser-test-run"));
		WorkspaceScope.run(workspace.id(), () -> this.repository.addProgress(workspace.id(), id, "browser-test-run",
				new JdbcContactImportRepository.Counts(400, 390, 5, 0, 5)));
		signIn(workspace.adminEmail());
		open("/contacts/imports/" + id);
		WebElement bar = waitFor(By.cssSelector("#import-summary [role=progressbar]"));
		assertThat(bar.getAttribute("aria-valuenow")).isEqualTo("40");
		assertThat(this.browser.findElement(By.id("import-summary")).getAttribute("hx-trigger")).isEqualTo("every 1s");
		assertThat(this.browser.findElement(By.id("import-progress-label")).getText()).contains("400 of 1,000 rows read");
		screenshots("contact-import-progress");
		assertAccessible();

		WorkspaceScope.run(workspace.id(), () -> this.repository.addProgress(workspace.id(), id, "browser-test-run",
				new JdbcContactImportRepository.Counts(300, 300, 0, 0, 0)));
		this.wait.until((d) -> "70".equals(d.findElement(By.cssSelector("#import-summary [role=progressbar]"))
			.getAttribute("aria-valuenow")));

		open("/contacts/imports");
		WebElement historyBar = waitFor(By.cssSelector("#import-" + id + " [role=progressbar]"));
		assertThat(historyBar.getAttribute("aria-valuenow")).isEqualTo("70");
		screenshots("contact-import-history-progress");
		assertAccessible();

		WorkspaceScope.run(workspace.id(), () -> this.repository.addProgress(workspace.id(), id, "browser-test-run",
				new JdbcContactImportRepository.Counts(300, 300, 0, 0, 0)));
		WorkspaceScope.run(workspace.id(), () -> this.repository.finish(workspace.id(), id, "browser-test-run", ContactImportView.Status.COMPLETED, null));
		waitForText(By.id("import-" + id), "Completed");
		assertThat(this.browser.findElement(By.id("import-" + id)).getAttribute("hx-trigger")).isNull();
		assertThat(this.browser.findElement(By.id("import-" + id)).getText()).contains("995");

		open("/contacts/imports/" + id);
		waitForText(By.id("import-summary"), "Import completed: 995 of 1,000 rows imported.");
		assertThat(this.browser.findElement(By.id("import-summary")).getAttribute("hx-trigger")).isNull();
	}

	@Test
	void aFileThatCannotBeImportedIsExplainedBesideTheFieldAndAnotherWorkspacesImportIsNotFound() throws IOException {
		var workspace = newWorkspace();
		Path file = csvFile("no-phone.csv", "name,email\nAna,ana@example.com\n");
		signIn(workspace.adminEmail());
		open("/contacts/imports");
		this.browser.findElement(By.id("file")).sendKeys(file.toString());
		click(By.id("duplicates-update"));
		click(By.cssSelector("#import-form button[type=submit]"));
		WebElement error = waitFor(By.id("file-error"));
		assertThat(error.getText()).startsWith("has no phone column");
		assertThat(this.browser.findElement(By.id("file")).getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(this.browser.findElement(By.id("duplicates-update")).isSelected()).isTrue();
		screenshots("contact-import-error");
		assertAccessible();

		// a file over the limit is stopped in the browser, before minutes of uploading
		Path huge = Path.of("target/browser-uploads/huge.csv").toAbsolutePath();
		try (var sparse = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
			sparse.setLength(51L * 1024 * 1024);
		}
		open("/contacts/imports");
		this.browser.findElement(By.id("file")).sendKeys(huge.toString());
		click(By.cssSelector("#import-form button[type=submit]"));
		WebElement sizeError = waitFor(By.id("file-size-error"));
		assertThat(sizeError.getText()).isEqualTo(
				"This file is larger than the 50 MiB an import accepts; split it into smaller files and import each.");
		assertThat(this.browser.getCurrentUrl()).endsWith("/contacts/imports");
		Files.delete(huge);

		var other = newWorkspace();
		var foreign = ContactImportApiIntegrationTests.importCsv(other.admin(), "name,phone\nAna,+351912345678\n", "skip");
		open("/contacts/imports/" + foreign.path("id").asString());
		assertThat(this.browser.getPageSource()).contains("404");
		open("/contacts/imports");
		assertThat(this.browser.findElements(By.cssSelector("#import-history tbody tr.import-row"))).isEmpty();
	}

	private String importId() {
		String url = this.browser.getCurrentUrl();
		return url.substring(url.lastIndexOf('/') + 1);
	}

}
