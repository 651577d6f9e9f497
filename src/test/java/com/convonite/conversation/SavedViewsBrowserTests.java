package com.convonite.conversation;

import java.time.OffsetDateTime;

import com.convonite.support.BrowserTest;
import com.convonite.support.Inbound;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Saving the Conversations tab's filters as a view, opening it from the sidebar, and deleting it, in Chromium. */
class SavedViewsBrowserTests extends BrowserTest {

	@Test
	void saveTheFiltersOnScreenAsASharedViewOpenItAgainAndDeleteIt() {
		TestWorkspace workspace = newWorkspace();
		var chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Rita Ruiz", "My blender broke", OffsetDateTime.now());
		String purposeId = workspace.admin().get("/purposes").json().get(0).path("id").asString();
		for (String subject : new String[] { "Refund for broken blender", "Blender colours", "Delivery times" }) {
			var logged = workspace.admin().post("/conversations", body("chatId", chat.chatId(), "subject", subject,
					"purposeId", purposeId, "startTime", OffsetDateTime.now().minusHours(1).toString()));
			assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
		}
		signIn(workspace.adminEmail());
		open("/conversations");
		assertThat(waitFor(By.id("saved-views")).getText()).contains("No saved views yet");
		this.browser.findElement(By.id("q")).sendKeys("blender");
		waitForText(By.id("match-count"), "2 conversations");

		// By keyboard: the "Save view" summary opens the box, the name is typed, the share box ticked, Enter saves.
		var summary = waitFor(By.cssSelector(".save-view > summary"));
		summary.sendKeys(Keys.ENTER);
		var name = waitFor(By.id("view-name"));
		name.sendKeys("Blender talks");
		click(By.id("view-shared"));
		screenshots("saved-view-save-box", By.id("main"));
		name.sendKeys(Keys.ENTER);

		waitForText(By.id("toasts"), "View “Blender talks” saved and shared with the workspace.");
		var current = waitFor(By.cssSelector("#saved-views a[aria-current='page']"));
		assertThat(current.getText()).isEqualTo("Blender talks");
		assertThat(this.browser.findElement(By.id("saved-views")).getText()).containsIgnoringCase("Shared with the workspace");
		assertThat(this.browser.getCurrentUrl()).endsWith("/conversations?q=blender");
		assertThat(this.browser.findElements(By.id("saved-views"))).hasSize(1);
		assertThat(this.browser.findElement(By.id("match-count")).getText()).isEqualTo("2 conversations");
		screenshots("saved-views-sidebar");
		assertAccessible();

		// Other filters: the view is no longer the one on screen; opening it brings its filters back.
		click(By.linkText("Clear"));
		waitForText(By.id("match-count"), "3 conversations");
		this.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#saved-views a[aria-current]"), 0));
		click(By.linkText("Blender talks"));
		waitForText(By.id("match-count"), "2 conversations");
		assertThat(this.browser.findElement(By.id("q")).getAttribute("value")).isEqualTo("blender");
		waitFor(By.cssSelector("#saved-views a[aria-current='page']"));

		// Deleting asks first, in the page's own dialog.
		click(By.cssSelector("#saved-views button[aria-label='Delete view Blender talks']"));
		assertThat(waitFor(By.id("confirm-dialog-message")).getText()).contains("Delete the view “Blender talks”?");
		click(By.id("confirm-dialog-ok"));
		waitForText(By.id("toasts"), "View deleted.");
		assertThat(waitFor(By.id("saved-views")).getText()).contains("No saved views yet");
	}

}
