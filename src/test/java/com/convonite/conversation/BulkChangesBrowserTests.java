package com.convonite.conversation;

import java.time.OffsetDateTime;

import com.convonite.support.BrowserTest;
import com.convonite.support.Inbound;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Bulk-closing a filtered set of conversations from the Conversations tab, in Chromium. */
class BulkChangesBrowserTests extends BrowserTest {

	@Test
	void bulkCloseEveryConversationMatchingASearch() {
		TestWorkspace workspace = newWorkspace();
		var chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Rita Ruiz", "My blender broke", OffsetDateTime.now());
		String purposeId = workspace.admin().get("/purposes").json().get(0).path("id").asString();
		String[] subjects = { "Refund for broken blender", "Blender colours", "Blender warranty", "Delivery times" };
		String[] ids = new String[subjects.length];
		for (int i = 0; i < subjects.length; i++) {
			var logged = workspace.admin().post("/conversations", body("chatId", chat.chatId(), "subject", subjects[i],
					"purposeId", purposeId, "startTime", OffsetDateTime.now().minusHours(1).toString()));
			assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
			ids[i] = logged.id();
		}
		signIn(workspace.adminEmail());
		open("/conversations");
		this.browser.findElement(By.id("q")).sendKeys("blender");
		waitForText(By.id("match-count"), "3 conversations");

		// Ticking a row counts it; "Select all on this page" ticks the rest.
		click(By.cssSelector("input[data-bulk-id][value='" + ids[0] + "']"));
		waitForText(By.id("bulk-scope"), "Ticked (1)");
		// The value select shows only for the action that needs it.
		assertThat(this.browser.findElement(By.id("bulk-owner")).isDisplayed()).isFalse();
		new Select(this.browser.findElement(By.id("bulk-action"))).selectByValue("OWNER");
		assertThat(waitFor(By.id("bulk-owner")).isDisplayed()).isTrue();
		new Select(this.browser.findElement(By.id("bulk-action"))).selectByValue("CLOSE");
		new Select(this.browser.findElement(By.id("bulk-scope"))).selectByValue("all");
		screenshots("bulk-bar", By.id("main"));
		assertAccessible();
		click(By.cssSelector("#bulk button[type=submit]"));

		assertThat(waitFor(By.id("bulk-question")).getText()).isEqualTo("Close 3 conversations?");
		screenshots("bulk-confirm");
		assertAccessible();
		click(By.id("bulk-confirm-button"));

		assertThat(waitFor(By.id("bulk-done")).getText()).isEqualTo("Done: 3 of 3 changed.");
		screenshots("bulk-result");
		assertAccessible();
		for (int i = 0; i < 3; i++) {
			assertThat(workspace.admin().get("/conversations/" + ids[i]).text("status")).isEqualTo("CLOSED");
		}
		assertThat(workspace.admin().get("/conversations/" + ids[3]).text("status")).isEqualTo("OPEN");
	}

}
