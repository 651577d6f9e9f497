package com.convonite.notification;

import java.time.OffsetDateTime;
import java.util.List;

import com.convonite.support.Api;
import com.convonite.support.BrowserTest;
import com.convonite.support.Inbound;
import com.convonite.task.FollowUpTasks;
import com.convonite.task.NewFollowUpTask;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bell's menu (issue 14 §4): the newest notifications with their read state, used by keyboard, updated live
 * while open, an item read by opening it, and "mark all read".
 */
class NotificationBellBrowserTests extends BrowserTest {

	@Autowired
	FollowUpTasks tasks;

	@Test
	void theBellsMenuListsNotificationsReadAndUnreadAndOpensThemByKeyboard() {
		var workspace = newWorkspace();
		Api agent = agent(workspace);
		long agentId = Long.parseLong(agent.memberId);
		var chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Paula Pereira", "Hi there",
				OffsetDateTime.now().minusMinutes(3));
		workspace.admin().post("/chats/" + chat.chatId() + "/assign", body("assigneeId", agent.memberId));
		String task = this.tasks
			.create(workspace.adminMember(), new NewFollowUpTask(null, null, null, "Call Paula back", agentId, null, null))
			.id();

		signIn(agent.email);
		open("/tasks");
		this.wait.until(ExpectedConditions.attributeToBe(By.id("notification-bell"), "data-unseen", "2"));
		waitForEventStream();

		// Keyboard: the bell opens its menu, the arrow keys walk its items.
		WebElement toggle = this.browser.findElement(By.id("notification-toggle"));
		assertThat(toggle.getText()).contains("2");
		toggle.sendKeys(Keys.ENTER);
		waitFor(By.cssSelector(".notification-menu.show"));
		List<WebElement> items = items();
		assertThat(items).extracting(WebElement::getText)
			.satisfiesExactly((text) -> assertThat(text).contains("Ada Admin gave you a task: Call Paula back"),
					(text) -> assertThat(text).contains("Ada Admin assigned you the chat with Paula Pereira"));
		assertThat(items).allSatisfy((item) -> assertThat(item.getAttribute("data-unread")).isEqualTo("true"));
		toggle.sendKeys(Keys.ARROW_DOWN);
		this.wait.until((d) -> activeId().equals(items.get(0).getAttribute("id")));
		screenshots("notification-bell-open");
		this.browser.manage().window().setSize(new Dimension(PHONE, 844));
		this.browser.findElement(By.cssSelector(".navbar-toggler")).click();
		click(By.id("notification-toggle"));
		waitFor(By.cssSelector(".notification-menu.show"));
		WebElement menu = this.browser.findElement(By.cssSelector(".notification-menu"));
		assertThat(menu.getRect().getX()).isGreaterThanOrEqualTo(0);
		long viewport = ((Number) ((org.openqa.selenium.JavascriptExecutor) this.browser)
			.executeScript("return document.documentElement.clientWidth;")).longValue();
		assertThat(menu.getRect().getX() + menu.getRect().getWidth()).isLessThanOrEqualTo((int) viewport);
		assertThat(((Number) ((org.openqa.selenium.JavascriptExecutor) this.browser)
			.executeScript("return document.documentElement.scrollWidth;")).longValue()).as("no sideways scrolling")
			.isLessThanOrEqualTo(viewport);
		try {
			java.nio.file.Files.write(java.nio.file.Path.of("target/screenshots/notification-bell-open-phone-390.png"),
					((org.openqa.selenium.TakesScreenshot) this.browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		this.browser.manage().window().setSize(new Dimension(DESKTOP, 900));
		open("/tasks");
		waitForEventStream();
		toggle = this.browser.findElement(By.id("notification-toggle"));
		toggle.sendKeys(Keys.ENTER);
		waitFor(By.cssSelector(".notification-menu.show"));
		toggle.sendKeys(Keys.ARROW_DOWN);
		String focused = items().get(0).getAttribute("id");
		this.wait.until((d) -> activeId().equals(focused));
		assertAccessible();

		// Live: a new notification joins the open menu, and the focused item keeps the focus.
		this.tasks.create(workspace.adminMember(),
				new NewFollowUpTask(null, null, null, "Send the warranty terms", agentId, null, null));
		this.wait.until(ExpectedConditions.attributeToBe(By.id("notification-bell"), "data-unseen", "3"));
		this.wait.until((d) -> items().size() == 3);
		assertThat(items().get(0).getText()).contains("Send the warranty terms");
		assertThat(activeId()).isEqualTo(focused);
		assertThat(this.browser.findElement(By.cssSelector(".notification-menu")).getAttribute("class")).contains("show");

		// Enter on the focused item opens its task, and reads that notification only.
		this.browser.switchTo().activeElement().sendKeys(Keys.ENTER);
		this.wait.until(ExpectedConditions.urlContains("/tasks/" + task + "/edit"));
		this.wait.until(ExpectedConditions.attributeToBe(By.id("notification-bell"), "data-unseen", "2"));
		click(By.id("notification-toggle"));
		waitFor(By.cssSelector(".notification-menu.show"));
		assertThat(items()).extracting((item) -> item.getAttribute("data-unread"))
			.containsExactly("true", "false", "true");

		// Opening the chat of "assigned you the chat" reads it.
		click(By.cssSelector(".notification-item[data-kind=CHAT_ASSIGNED]"));
		this.wait.until(ExpectedConditions.urlContains("/chats/" + chat.chatId()));
		this.wait.until(ExpectedConditions.attributeToBe(By.id("notification-bell"), "data-unseen", "1"));

		// Mark all read: the menu stays open and shows every item read.
		click(By.id("notification-toggle"));
		waitFor(By.cssSelector(".notification-menu.show"));
		click(By.id("notifications-mark-all-read"));
		this.wait.until(ExpectedConditions.attributeToBe(By.id("notification-bell"), "data-unseen", "0"));
		this.wait.until((d) -> items().stream().noneMatch((item) -> "true".equals(item.getAttribute("data-unread"))));
		assertThat(this.browser.findElement(By.cssSelector(".notification-menu")).getAttribute("class")).contains("show");
		assertThat(this.browser.findElements(By.id("notification-count"))).isEmpty();
	}

	private List<WebElement> items() {
		return this.browser.findElements(By.cssSelector("#notification-menu-items .notification-item"));
	}

	private String activeId() {
		String id = this.browser.switchTo().activeElement().getAttribute("id");
		return (id != null) ? id : "";
	}

}
