package com.convonite;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.convonite.support.Api;
import com.convonite.support.BrowserTest;
import com.convonite.support.Inbound;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every main page of the web app, one after the other: none is wider than a 390 px phone, each passes axe-core
 * without a serious or critical finding, and each leaves a screenshot at 1280 and 390 px under
 * target/screenshots/pages-*.
 */
class PagesBrowserTests extends BrowserTest {

	@Test
	void noPageIsWiderThanAPhoneAndEveryPageIsAccessible() {
		var workspace = newWorkspace();
		Api admin = workspace.admin();
		var chat = Inbound.deliver(admin, Inbound.phone(), "Maria Lopes-Carvalho de Albuquerque",
				"A long question about the warranty of https://example.com/products/aurora-blender-with-a-very-long-address",
				OffsetDateTime.now().minusMinutes(5));
		admin.post("/chats/" + chat.chatId() + "/assign", body("assigneeId", admin.memberId));
		String purpose = admin.get("/purposes").json().get(0).path("id").asString();
		var logged = admin.post("/conversations", body("chatId", chat.chatId(), "subject",
				"Warranty of the Aurora blender bought in a long-ago summer sale", "purposeId", purpose, "followUpTask",
				body("title", "Send the warranty terms for the Aurora blender to the customer by email")));
		assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
		String conversation = logged.json().path("id").asString();
		String task = logged.json().path("followUpTask").path("id").asString();

		List<String> pages = List.of("/chats?view=all", "/chats/" + chat.chatId(),
				"/chats/" + chat.chatId() + "/conversations/new", "/chats/" + chat.chatId() + "/close", "/contacts",
				"/contacts/new", "/contacts/" + chat.contactId(), "/contacts/" + chat.contactId() + "/edit",
				"/contacts/imports", "/conversations", "/conversations/" + conversation,
				"/conversations/" + conversation + "/edit", "/tasks", "/tasks?assignee=all&status=open",
				"/tasks/" + task + "/edit", "/notifications", "/settings", "/settings/members", "/settings/purposes",
				"/settings/whatsapp", "/settings/webhooks", "/settings/webhooks/new", "/profile",
				"/conversations/999999999");

		List<String> problems = new ArrayList<>();
		open("/login");
		checkPage("/login", problems);
		signIn(workspace.adminEmail());
		for (String page : pages) {
			open(page);
			checkPage(page, problems);
		}
		assertThat(problems).as("pages wider than a 390 px phone, or with serious accessibility findings").isEmpty();
	}

	/** Screenshots, axe-core at desktop width, and the document's width at phone width; problems go to the list. */
	private void checkPage(String page, List<String> problems) {
		String name = "pages-" + page.replaceAll("[^a-zA-Z0-9]+", "-").replaceAll("(^-|-$)", "");
		screenshots(name.isEmpty() ? "pages-root" : name);
		try {
			assertAccessible();
		}
		catch (AssertionError ex) {
			problems.add(ex.getMessage());
		}
		this.browser.manage().window().setSize(new Dimension(PHONE, 844));
		try {
			long width = ((Number) ((JavascriptExecutor) this.browser)
				.executeScript("return document.documentElement.scrollWidth;")).longValue();
			long viewport = ((Number) ((JavascriptExecutor) this.browser)
				.executeScript("return document.documentElement.clientWidth;")).longValue();
			assertThat(this.browser.findElements(By.tagName("main"))).as(page).isNotEmpty();
			if (width > viewport) {
				problems.add(page + " is " + width + " px wide at " + viewport + " px");
			}
		}
		finally {
			this.browser.manage().window().setSize(new Dimension(DESKTOP, 900));
		}
	}

}
