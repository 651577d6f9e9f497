package com.convonite.chat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.convonite.support.Api;
import com.convonite.support.BrowserTest;
import com.convonite.support.Inbound;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static org.assertj.core.api.Assertions.assertThat;

/** The inbox as one screen: list, thread and side panel; switching, search, keyboard, the close dialog, phones. */
class InboxBrowserTests extends BrowserTest {

	@Test
	void atDesktopWidthTheInboxShowsThreePanesAndSwitchingChatsFollowsTheAddressAndBackForward() {
		var workspace = newWorkspace();
		Api admin = workspace.admin();
		var ana = Inbound.deliver(admin, Inbound.phone(), "Ana Souza", "Is the blender in stock?",
				OffsetDateTime.now().minusMinutes(10));
		var bruno = Inbound.deliver(admin, Inbound.phone(), "Bruno Lima", "See https://example.com/order?id=7 please",
				OffsetDateTime.now().minusDays(1));
		admin.post("/chats/" + bruno.chatId() + "/assign", body("assigneeId", admin.memberId));
		signIn(workspace.adminEmail());
		open("/chats/" + ana.chatId() + "?view=all");
		for (String pane : List.of(".inbox-list", ".inbox-thread", ".inbox-side")) {
			assertThat(this.browser.findElement(By.cssSelector(pane)).isDisplayed()).as(pane).isTrue();
		}
		assertThat(activeRow()).isEqualTo(ana.chatId());
		assertThat(this.browser.findElement(By.cssSelector("#side-panel")).getText()).contains("Ana Souza");
		js("window.__notReloaded = true;");

		click(By.cssSelector("[data-chat-id='" + bruno.chatId() + "'] [data-chat-link]"));
		waitForText(By.id("thread"), "please");
		assertThat(this.browser.getCurrentUrl()).endsWith("/chats/" + bruno.chatId() + "?view=all");
		assertThat(js("return window.__notReloaded;")).as("swapped by htmx, not reloaded").isEqualTo(true);
		assertThat(activeRow()).isEqualTo(bruno.chatId());
		assertThat(this.browser.getTitle()).contains("Chat with Bruno Lima");
		waitForText(By.id("side-panel"), "Bruno Lima");
		// The thread shows times and day separators in the workspace's zone, and web addresses as safe links.
		WebElement link = this.browser.findElement(By.cssSelector("#thread .message-body a"));
		assertThat(link.getAttribute("href")).isEqualTo("https://example.com/order?id=7");
		assertThat(link.getAttribute("rel")).contains("noopener");
		assertThat(this.browser.findElement(By.cssSelector("#thread .day-separator")).getText()).isEqualTo("Yesterday");
		assertThat(this.browser.findElement(By.id("thread")).getText()).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T");
		// The 24-hour window's notice gives the customer's last message time as the thread does.
		assertThat(this.browser.findElement(By.id("composer-blocked")).getText()).contains("more than 24 hours ago")
			.doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T");

		this.browser.navigate().back();
		this.wait.until(ExpectedConditions.urlToBe(url("/chats/" + ana.chatId() + "?view=all")));
		waitForText(By.id("thread"), "Is the blender in stock?");
		this.wait.until((driver) -> ana.chatId().equals(activeRow()));
		this.browser.navigate().forward();
		this.wait.until(ExpectedConditions.urlToBe(url("/chats/" + bruno.chatId() + "?view=all")));
		waitForText(By.id("thread"), "please");

		// A full load of the address renders the same screen.
		open("/chats/" + bruno.chatId() + "?view=all");
		assertThat(activeRow()).isEqualTo(bruno.chatId());
		assertThat(this.browser.findElement(By.id("thread")).getText()).contains("please");
		assertThat(this.browser.findElement(By.cssSelector(".chat-views [aria-current=page]")).getText()).isEqualTo("All Chats");
		screenshots("inbox");
		assertAccessible();
	}

	@Test
	void theSearchFindsChatsByContactNamePhoneAndMessageTextWithinTheWorkspace() {
		var workspace = newWorkspace();
		Api admin = workspace.admin();
		var ines = Inbound.deliver(admin, "+351912345678", "Inês Costa", "Hello there", OffsetDateTime.now().minusMinutes(9));
		var toaster = Inbound.deliver(admin, Inbound.phone(), "Rui Gomes", "My toaster stopped working",
				OffsetDateTime.now().minusMinutes(8));
		var other = Inbound.deliver(admin, Inbound.phone(), "Paulo Reis", "Thanks", OffsetDateTime.now().minusMinutes(7));
		var elsewhere = newWorkspace();
		Inbound.deliver(elsewhere.admin(), Inbound.phone(), "Inês Toaster", "toaster toaster", OffsetDateTime.now());

		signIn(workspace.adminEmail());
		open("/chats?view=all");
		assertThat(rowIds()).containsExactlyInAnyOrder(ines.chatId(), toaster.chatId(), other.chatId());

		search("ines");
		this.wait.until((driver) -> rowIds().equals(List.of(ines.chatId())));
		this.wait.until(ExpectedConditions.urlContains("q=ines"));
		search("toast");
		this.wait.until((driver) -> rowIds().equals(List.of(toaster.chatId())));
		search("912 345");
		this.wait.until((driver) -> rowIds().equals(List.of(ines.chatId())));
		search("nothing like it");
		waitForText(By.id("chat-rows"), "No chat matches");

		// Pasted text (no key pressed) searches too.
		js("const box = document.getElementById('chat-search'); box.value = 'stopped'; "
				+ "box.dispatchEvent(new Event('input', { bubbles: true }));");
		this.wait.until((driver) -> rowIds().equals(List.of(toaster.chatId())));
		this.wait.until(ExpectedConditions.urlContains("q=stopped"));

		// The search stays with the chat opened from it, and a full load shows the same list.
		click(By.cssSelector("[data-chat-id='" + toaster.chatId() + "'] [data-chat-link]"));
		this.wait.until(ExpectedConditions.urlContains("/chats/" + toaster.chatId() + "?view=all&q=stopped"));
		open("/chats/" + toaster.chatId() + "?view=all&q=stopped");
		assertThat(rowIds()).containsExactly(toaster.chatId());
		assertThat(this.browser.findElement(By.id("chat-search")).getAttribute("value")).isEqualTo("stopped");
		assertAccessible();
	}

	@Test
	void keyboardShortcutsMoveBetweenChatsSearchReplySendAndOpenTheDialogs() {
		var workspace = newWorkspace();
		Api admin = workspace.admin();
		var first = Inbound.deliver(admin, Inbound.phone(), "Ana Souza", "First", OffsetDateTime.now().minusMinutes(1));
		var second = Inbound.deliver(admin, Inbound.phone(), "Bruno Lima", "Second", OffsetDateTime.now().minusMinutes(2));
		for (var chat : List.of(first, second)) {
			admin.post("/chats/" + chat.chatId() + "/assign", body("assigneeId", admin.memberId));
		}
		signIn(workspace.adminEmail());
		open("/chats?view=all");
		press("j");
		this.wait.until(ExpectedConditions.urlContains("/chats/" + first.chatId()));
		waitForText(By.id("thread"), "First");
		press("j");
		this.wait.until(ExpectedConditions.urlContains("/chats/" + second.chatId()));
		waitForText(By.id("thread"), "Second");
		press("k");
		this.wait.until(ExpectedConditions.urlContains("/chats/" + first.chatId()));
		waitForText(By.id("thread"), "First");

		press("/");
		assertThat(focusedId()).isEqualTo("chat-search");
		// Shortcuts are off while typing: "j" is a letter of the search here.
		new Actions(this.browser).sendKeys("j").perform();
		assertThat(this.browser.findElement(By.id("chat-search")).getAttribute("value")).isEqualTo("j");
		assertThat(this.browser.getCurrentUrl()).contains("/chats/" + first.chatId());
		this.browser.findElement(By.id("chat-search")).clear();
		js("document.activeElement.blur();");

		press("r");
		assertThat(focusedId()).isEqualTo("body");
		new Actions(this.browser).sendKeys("Sent with the keyboard").perform();
		new Actions(this.browser).keyDown(Keys.CONTROL).sendKeys(Keys.ENTER).keyUp(Keys.CONTROL).perform();
		waitForText(By.id("thread"), "Sent with the keyboard");

		press("?");
		waitFor(By.cssSelector("#shortcuts.show"));
		assertThat(this.browser.findElement(By.id("shortcuts")).getText()).contains("Next / previous chat");
		new Actions(this.browser).sendKeys(Keys.ESCAPE).perform();
		this.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("shortcuts")));

		press("n");
		waitFor(By.cssSelector("#side-log #subject"));
		assertThat(focusedId()).isEqualTo("subject");
		js("document.activeElement.blur();");

		press("c");
		waitFor(By.cssSelector("#close-chat-modal.show #close-chat-dialog"));
		this.wait.until((driver) -> (Boolean) js("return document.getElementById('close-chat-modal').contains(document.activeElement);"));
		// Every action stays reachable by Tab, with a visible focus.
		new Actions(this.browser).sendKeys(Keys.ESCAPE).perform();
		this.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("close-chat-modal")));
		// Closed (after its closing animation), the dialog gives the focus back to the button that opened it.
		this.wait.until((driver) -> "close-chat".equals(focusedId()));
		assertThat(js("const s = getComputedStyle(document.activeElement); "
				+ "return s.outlineStyle !== 'none' || s.boxShadow !== 'none';")).isEqualTo(true);
	}

	@Test
	void theCloseDialogIsAModalInTheViewportWithFocusInsideAndTheNextChatOpensAfterClosing() {
		var workspace = newWorkspace();
		Api admin = workspace.admin();
		var first = Inbound.deliver(admin, Inbound.phone(), "Ana Souza", "First", OffsetDateTime.now().minusMinutes(1));
		var second = Inbound.deliver(admin, Inbound.phone(), "Bruno Lima", "Second", OffsetDateTime.now().minusMinutes(2));
		for (var chat : List.of(first, second)) {
			admin.post("/chats/" + chat.chatId() + "/assign", body("assigneeId", admin.memberId));
		}
		signIn(workspace.adminEmail());
		for (int width : List.of(DESKTOP, PHONE)) {
			this.browser.manage().window().setSize(new Dimension(width, (width == PHONE) ? 844 : 800));
			open("/chats/" + first.chatId() + "?view=my-open");
			click(By.id("close-chat"));
			// Fully open: its opening animation done.
			waitFor(By.cssSelector("#close-chat-modal[data-shown=true]"));
			WebElement dialog = waitFor(By.cssSelector("#close-chat-modal.show .modal-content"));
			@SuppressWarnings("unchecked")
			Map<String, Object> box = (Map<String, Object>) js("const r = arguments[0].getBoundingClientRect(); "
					+ "return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, h: innerHeight, w: innerWidth};",
					dialog);
			assertThat(((Number) box.get("top")).doubleValue()).as("top at " + width).isGreaterThanOrEqualTo(0);
			assertThat(((Number) box.get("bottom")).doubleValue()).as("bottom at " + width)
				.isLessThanOrEqualTo(((Number) box.get("h")).doubleValue());
			assertThat(((Number) box.get("right")).doubleValue()).isLessThanOrEqualTo(((Number) box.get("w")).doubleValue());
			assertThat(this.browser.findElement(By.id("close-chat-modal")).getAttribute("aria-modal")).isEqualTo("true");
			this.wait.until((driver) -> insideDialog());
			// Focus stays inside while tabbing round.
			for (int i = 0; i < 6; i++) {
				new Actions(this.browser).sendKeys(Keys.TAB).perform();
				assertThat(insideDialog()).as("focus inside after " + (i + 1) + " tabs").isTrue();
			}
			screenshots("close-chat-dialog-opened-at-" + width);
			this.browser.manage().window().setSize(new Dimension(width, (width == PHONE) ? 844 : 800));
			assertAccessible();
			// Cancel closes it.
			click(By.cssSelector("#close-chat-dialog .modal-footer [data-close-cancel]"));
			this.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("close-chat-modal")));
		}
		this.browser.manage().window().setSize(new Dimension(DESKTOP, 800));
		click(By.id("close-chat"));
		click(By.id("close-chat-submit"));
		// Closed: the next chat of the list opens.
		this.wait.until(ExpectedConditions.urlContains("/chats/" + second.chatId() + "?view=my-open"));
		waitForText(By.id("thread"), "Second");
		assertThat(admin.get("/chats/" + first.chatId()).text("status")).isEqualTo("CLOSED");
	}

	@Test
	void onAPhoneTheListThreadAndPanelShowOneAtATimeAndBackReturnsToTheSameListAndPlace() {
		var workspace = newWorkspace();
		Api admin = workspace.admin();
		Inbound.Delivered last = null;
		for (int i = 0; i < 14; i++) {
			last = Inbound.deliver(admin, Inbound.phone(), "Customer " + i, "Message " + i,
					OffsetDateTime.now().minusMinutes(20 - i));
		}
		var oldest = admin.get("/chats?view=all&limit=100").json().path("items");
		String farDown = oldest.get(oldest.size() - 2).path("id").asString();
		signIn(workspace.adminEmail());
		this.browser.manage().window().setSize(new Dimension(PHONE, 844));
		open("/chats?view=all&unread=true");
		assertThat(this.browser.findElement(By.cssSelector(".inbox-list")).isDisplayed()).isTrue();
		assertThat(this.browser.findElements(By.cssSelector(".inbox-thread"))).isEmpty();
		WebElement row = this.browser.findElement(By.cssSelector("[data-chat-id='" + farDown + "'] [data-chat-link]"));
		js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", row);
		long scrolled = ((Number) js("return Math.round(window.scrollY);")).longValue();
		assertThat(scrolled).isPositive();
		row.click();
		waitFor(By.cssSelector(".inbox-thread"));
		this.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".inbox-list")));
		assertThat(this.browser.findElement(By.cssSelector(".inbox-side")).isDisplayed()).isFalse();
		screenshots("inbox-phone-thread");
		this.browser.manage().window().setSize(new Dimension(PHONE, 844));

		click(By.cssSelector(".inbox-details"));
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".inbox-side")));
		assertThat(this.browser.findElement(By.cssSelector(".inbox-thread")).isDisplayed()).isFalse();
		click(By.cssSelector("#side-panel [data-inbox-panel=hide]"));
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".inbox-thread")));

		click(By.cssSelector(".inbox-thread [data-inbox-back]"));
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".inbox-list")));
		assertThat(this.browser.getCurrentUrl()).endsWith("/chats?view=all&unread=true");
		assertThat(((Number) js("return Math.round(window.scrollY);")).longValue()).isEqualTo(scrolled);
		assertThat(this.browser.findElement(By.id("unread")).isSelected()).isTrue();
		assertThat(last).isNotNull();
	}

	private boolean insideDialog() {
		return Boolean.TRUE.equals(js("return document.getElementById('close-chat-modal').contains(document.activeElement);"));
	}

	private void search(String text) {
		WebElement box = this.browser.findElement(By.id("chat-search"));
		box.clear();
		box.sendKeys(text);
	}

	private void press(String key) {
		new Actions(this.browser).sendKeys(key).perform();
	}

	private String focusedId() {
		return (String) js("return document.activeElement && document.activeElement.id;");
	}

	private String activeRow() {
		List<WebElement> rows = this.browser.findElements(By.cssSelector("#chat-rows .chat-row.active"));
		return rows.isEmpty() ? null : rows.get(0).getAttribute("data-chat-id");
	}

	private List<String> rowIds() {
		return this.browser.findElements(By.cssSelector("#chat-rows .chat-row"))
			.stream()
			.map((row) -> row.getAttribute("data-chat-id"))
			.toList();
	}

	private Object js(String script, Object... args) {
		return ((JavascriptExecutor) this.browser).executeScript(script, args);
	}

}
