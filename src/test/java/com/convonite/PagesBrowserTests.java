package com.convonite;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.convonite.support.Api;
import com.convonite.support.BrowserTest;
import com.convonite.support.Inbound;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

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
		// Custom fields of every kind of input, so that the log, edit, close and conversation pages show them.
		admin.post("/conversation-fields", body("key", "channel", "name", "Contact channel", "type", "SINGLE_SELECT",
				"requirement", "REQUIRED_ON_CLOSE", "helpText", "How the customer reached us", "options",
				java.util.List.of("Phone", "Email", "Walk-in")));
		admin.post("/conversation-fields", body("key", "tags", "name", "Tags", "type", "MULTI_SELECT", "options",
				java.util.List.of("VIP", "Wholesale")));
		admin.post("/conversation-fields", body("key", "callback", "name", "Call back", "type", "CHECKBOX"));
		admin.post("/conversation-fields", body("key", "visit", "name", "Visit date", "type", "DATE"));
		var logged = admin.post("/conversations", body("chatId", chat.chatId(), "subject",
				"Warranty of the Aurora blender bought in a long-ago summer sale", "purposeId", purpose, "followUpTask",
				body("title", "Send the warranty terms for the Aurora blender to the customer by email")));
		assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
		String conversation = logged.json().path("id").asString();
		String task = logged.json().path("followUpTask").path("id").asString();

		// Each page with the name its screenshots get.
		Map<String, String> pages = new LinkedHashMap<>();
		pages.put("inbox", "/chats?view=all");
		pages.put("inbox-chat-open", "/chats/" + chat.chatId());
		pages.put("conversation-log", "/chats/" + chat.chatId() + "/conversations/new");
		pages.put("close-chat", "/chats/" + chat.chatId() + "/close");
		pages.put("contacts", "/contacts");
		pages.put("contact-new", "/contacts/new");
		pages.put("contact", "/contacts/" + chat.contactId());
		pages.put("contact-edit", "/contacts/" + chat.contactId() + "/edit");
		pages.put("contact-imports", "/contacts/imports");
		pages.put("conversations", "/conversations");
		pages.put("conversation", "/conversations/" + conversation);
		pages.put("conversation-edit", "/conversations/" + conversation + "/edit");
		pages.put("reports", "/reports");
		pages.put("chat-history", "/chats/history");
		pages.put("tasks", "/tasks");
		pages.put("tasks-all-open", "/tasks?assignee=all&status=open");
		pages.put("task-edit", "/tasks/" + task + "/edit");
		pages.put("notifications", "/notifications");
		pages.put("settings", "/settings");
		pages.put("settings-members", "/settings/members");
		pages.put("settings-purposes", "/settings/purposes");
		pages.put("settings-conversation-fields", "/settings/conversation-fields");
		pages.put("settings-whatsapp", "/settings/whatsapp");
		pages.put("settings-webhooks", "/settings/webhooks");
		pages.put("settings-webhook-new", "/settings/webhooks/new");
		pages.put("settings-suggestions", "/settings/suggestions");
		pages.put("profile", "/profile");
		pages.put("not-found", "/conversations/999999999");

		List<String> problems = new ArrayList<>();
		open("/login");
		checkPage("login", "/login", problems);
		signIn(workspace.adminEmail());
		pages.forEach((name, page) -> {
			open(page);
			checkPage(name, page, problems);
		});
		assertThat(problems).as("pages wider than a 390 px phone, or with serious accessibility findings").isEmpty();
	}

	/** Screenshots, axe-core at desktop width, and the document's width at phone width; problems go to the list. */
	private void checkPage(String name, String page, List<String> problems) {
		screenshots("pages-" + name);
		try {
			assertAccessible();
		}
		catch (AssertionError ex) {
			problems.add(ex.getMessage());
		}
		assertThat(this.browser.findElements(By.tagName("main"))).as(page).isNotEmpty();
		long[] widths = widthsAtPhone();
		if (widths[0] > widths[1]) {
			problems.add(page + " is " + widths[0] + " px wide at " + widths[1] + " px");
		}
	}

}
