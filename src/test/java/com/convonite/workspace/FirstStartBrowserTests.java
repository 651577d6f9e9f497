package com.convonite.workspace;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.convonite.support.Api;
import com.convonite.support.BrowserTest;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new user's first start: an empty database (its own embedded PostgreSQL), the set-up page, sample data,
 * the admin signed in by the set-up itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=", "convonite.embedded-postgres.data-directory=" })
class FirstStartBrowserTests extends BrowserTest {

	@Test
	void setUpTheWorkspaceWithSampleDataAndLandSignedIn() {
		// The browser is in São Paulo: the set-up page offers its zone rather than UTC.
		((ChromeDriver) this.browser).executeCdpCommand("Emulation.setTimezoneOverride",
				Map.of("timezoneId", "America/Sao_Paulo"));
		open("/");
		assertThat(this.browser.getCurrentUrl()).endsWith("/setup");
		assertThat(this.browser.getTitle()).isEqualTo("Set up Convonite · Convonite");
		assertThat(new Select(this.browser.findElement(By.id("timeZone"))).getFirstSelectedOption().getAttribute("value"))
			.isEqualTo("America/Sao_Paulo");
		screenshots("setup");
		assertAccessible();
		this.browser.findElement(By.id("workspaceName")).sendKeys("Bolo Bakery");
		new Select(this.browser.findElement(By.id("timeZone"))).selectByValue("Europe/Lisbon");
		this.browser.findElement(By.id("adminName")).sendKeys("Bea Baker");
		this.browser.findElement(By.id("adminEmail")).sendKeys("not-an-email");
		this.browser.findElement(By.id("adminPassword")).sendKeys(PASSWORD);
		click(By.cssSelector("form button[type=submit]"));
		assertThat(waitFor(By.id("adminEmail-error")).getText()).contains("email address");
		assertThat(this.browser.findElement(By.id("workspaceName")).getAttribute("value")).isEqualTo("Bolo Bakery");
		assertThat(this.browser.findElement(By.id("adminName")).getAttribute("value")).isEqualTo("Bea Baker");
		var email = this.browser.findElement(By.id("adminEmail"));
		email.clear();
		email.sendKeys("bea@bolo.example");
		this.browser.findElement(By.id("adminPassword")).sendKeys(PASSWORD);
		String before = this.browser.manage().getCookieNamed("JSESSIONID").getValue();
		// A refused form keeps the zone chosen, not the browser's.
		assertThat(new Select(this.browser.findElement(By.id("timeZone"))).getFirstSelectedOption().getAttribute("value"))
			.isEqualTo("Europe/Lisbon");
		click(By.cssSelector("form button[type=submit]"));
		// Created and signed in: the inbox, with a toast, and a session that stays signed in.
		this.wait.until(ExpectedConditions.urlContains("/chats"));
		assertThat(waitFor(By.cssSelector("#toasts .toast")).getText()).contains("Bolo Bakery").contains("signed in");
		assertThat(this.browser.findElement(By.cssSelector(".app-nav")).getText()).contains("Bea Baker");
		assertThat(this.browser.manage().getCookieNamed("JSESSIONID").getValue()).as("a new session id at sign-in")
			.isNotEqualTo(before);
		open("/settings");
		assertThat(this.browser.getCurrentUrl()).endsWith("/settings");
		open("/setup");
		assertThat(this.browser.getCurrentUrl()).contains("/login").doesNotContain("/setup");

		Api bea = Api.basic(this.port, "bea@bolo.example", PASSWORD);
		assertThat(bea.get("/settings").text("timeZone")).isEqualTo("Europe/Lisbon");
		// Phone numbers typed without a country code are read as the set-up zone's country's.
		assertThat(bea.get("/settings").text("defaultCountry")).isEqualTo("PT");
		assertThat(bea.get("/members").json().path("items").size()).isEqualTo(3);
		assertThat(bea.get("/contacts?limit=200").json().path("items").size()).isEqualTo(40);
		JsonNode chats = bea.get("/chats?view=all&limit=200").json().path("items");
		assertThat(chats.size()).isEqualTo(60);
		assertThat(values(chats, "status")).containsExactlyInAnyOrder("OPEN", "CLOSED");
		JsonNode conversations = bea.get("/conversations?limit=200").json();
		// One conversation per chat, each on its chat's messages (no copies without messages).
		assertThat(conversations.path("total").asInt()).isEqualTo(60);
		assertThat(values(conversations.path("items"), "chatId")).hasSize(60);
		for (JsonNode conversation : conversations.path("items")) {
			assertThat(conversation.path("firstMessageId").isNull()).as("conversation " + conversation.path("id")).isFalse();
		}
		// Closed chats were read; no message lies in the future.
		for (JsonNode chat : chats) {
			if (chat.path("status").asString().equals("CLOSED")) {
				assertThat(chat.path("unreadCount").asInt()).as("closed chat " + chat.path("id")).isZero();
			}
			assertThat(java.time.OffsetDateTime.parse(chat.path("lastMessageAt").asString()))
				.isBeforeOrEqualTo(java.time.OffsetDateTime.now());
		}
		assertThat(values(conversations.path("items"), "status")).containsExactlyInAnyOrder("OPEN", "CLOSED");
		assertThat(values(conversations.path("items"), "purposeName")).containsExactlyInAnyOrder("Enquiry", "Issue", "Feedback");
		JsonNode tasks = bea.get("/tasks?assignee=all&status=open&limit=200").json().path("items");
		assertThat(values(tasks, "overdue")).containsExactlyInAnyOrder("true", "false");
		JsonNode messages = bea.get("/chats/" + chats.get(0).path("id").asString() + "/messages").json().path("items");
		assertThat(values(messages, "direction")).containsExactlyInAnyOrder("IN", "OUT");
	}

	private static Set<String> values(JsonNode items, String field) {
		return StreamSupport.stream(items.spliterator(), false)
			.map((item) -> item.path(field).asString())
			.collect(Collectors.toSet());
	}

}
