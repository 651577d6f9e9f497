package com.convonite.conversation;

import java.util.List;

import com.convonite.support.BrowserTest;
import com.convonite.support.Inbound;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The purposes settings page: add, rename, reorder, archive, and a refused delete of a purpose in use. */
class PurposeSettingsBrowserTests extends BrowserTest {

	/** The purposes' names as the page shows them, read again when htmx replaced the list mid-read. */
	private List<String> names() {
		for (int attempt = 1;; attempt++) {
			try {
				return this.browser.findElements(By.cssSelector("#purposes input[name=name]"))
					.stream()
					.map((e) -> e.getAttribute("value"))
					.toList();
			}
			catch (StaleElementReferenceException ex) {
				if (attempt == 10) {
					throw ex;
				}
			}
		}
	}

	private void press(String label) {
		WebElement button = waitFor(By.cssSelector("button[aria-label='" + label + "']"));
		((JavascriptExecutor) this.browser).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", button);
		button.click();
	}

	@Test
	void anAdminAddsRenamesMovesArchivesAndCannotDeleteAPurposeInUse() {
		var workspace = newWorkspace();
		var chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Rita", "Hi", java.time.OffsetDateTime.now());
		String issue = workspace.admin().get("/purposes").json().get(1).path("id").asString();
		assertThat(workspace.admin().post("/conversations", body("chatId", chat.chatId(), "subject", "S", "purposeId", issue))
			.status()).isEqualTo(201);
		signIn(workspace.adminEmail());
		open("/settings/purposes");
		assertThat(names()).containsExactly("Enquiry", "Issue", "Feedback");
		assertAccessible();

		this.browser.findElement(By.id("new-purpose")).sendKeys("Complaint");
		this.browser.findElement(By.cssSelector("form[action$='/settings/purposes'] button")).click();
		this.wait.until((d) -> names().contains("Complaint"));
		press("Move Complaint up");
		this.wait.until((d) -> names().equals(List.of("Enquiry", "Issue", "Complaint", "Feedback")));

		WebElement name = this.browser.findElement(By.cssSelector("input[value='Complaint']"));
		name.clear();
		name.sendKeys("Complaints");
		name.submit();
		this.wait.until((d) -> names().contains("Complaints"));

		press("Archive Complaints");
		waitFor(By.cssSelector("button[aria-label='Unarchive Complaints']"));
		assertThat(workspace.admin().get("/purposes?active=true").json().toString()).doesNotContain("Complaints");

		// Delete is offered only where it can succeed: a purpose in use shows it disabled, with the reason.
		WebElement delete = this.browser.findElement(By.cssSelector("button[aria-label='Delete Issue']"));
		assertThat(delete.isEnabled()).isFalse();
		assertThat(this.browser.findElement(By.id(delete.getAttribute("aria-describedby"))).getText())
			.contains("archive it instead");
		assertThat(names()).contains("Issue");
		assertAccessible();
	}

}
