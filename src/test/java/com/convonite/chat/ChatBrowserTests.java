package com.convonite.chat;

import java.time.OffsetDateTime;
import java.util.List;

import com.convonite.support.Api;
import com.convonite.support.BrowserTest;
import com.convonite.support.Inbound;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static org.assertj.core.api.Assertions.assertThat;

class ChatBrowserTests extends BrowserTest {

	@org.springframework.beans.factory.annotation.Autowired
	com.convonite.notification.Notifications notifications;

	@Test
	void theChatListShowsTheViewAndTheUnreadFilterOfItsAddress() {
		var workspace = newWorkspace();
		Api agent = agent(workspace);
		var mine = Inbound.deliver(workspace.admin(), Inbound.phone(), "Maria Lopes", "Where is my parcel?",
				OffsetDateTime.now().minusMinutes(5));
		var read = Inbound.deliver(workspace.admin(), Inbound.phone(), "Joao Silva", "Thanks, all good",
				OffsetDateTime.now().minusMinutes(3));
		var unassigned = Inbound.deliver(workspace.admin(), Inbound.phone(), "Ines Costa", "Do you ship to Porto?",
				OffsetDateTime.now().minusMinutes(1));
		assign(workspace.admin(), mine.chatId(), agent.memberId);
		assign(workspace.admin(), read.chatId(), agent.memberId);
		agent.post("/chats/" + read.chatId() + "/read");

		signIn(agent.email);
		open("/chats");
		// The title carries how many of my open chats hold unread messages.
		assertThat(this.browser.getTitle()).isEqualTo("(1) Chats · Convonite");
		assertThat(activeView()).isEqualTo("My Open Chats");
		assertThat(rowNames()).containsExactly("Joao Silva", "Maria Lopes");
		WebElement row = this.browser.findElement(By.cssSelector("[data-chat-id='" + mine.chatId() + "']"));
		assertThat(row.getText()).contains("Where is my parcel?").contains("Assigned to Andy Agent");
		assertThat(row.findElement(By.cssSelector(".unread-badge")).getText()).startsWith("1");
		assertAccessible();

		open("/chats?view=all-open&unread=true");
		assertThat(activeView()).isEqualTo("All Open Chats");
		assertThat(this.browser.findElement(By.id("unread")).isSelected()).isTrue();
		assertThat(rowNames()).containsExactly("Ines Costa", "Maria Lopes");
		assertThat(this.browser.findElement(By.cssSelector("[data-chat-id='" + unassigned.chatId() + "']")).getText())
			.contains("Unassigned");
		screenshots("chats");
		assertAccessible();

		// Unticking the filter changes the address, so back and bookmarks keep working.
		this.browser.findElement(By.cssSelector("label[for=unread]")).click();
		this.wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("unread=true")));
		assertThat(this.browser.getCurrentUrl()).contains("view=all-open");
		assertThat(rowNames()).containsExactly("Ines Costa", "Joao Silva", "Maria Lopes");
		this.browser.findElement(By.linkText("All Closed Chats")).click();
		this.wait.until(ExpectedConditions.urlContains("view=all-closed"));
		assertThat(rowNames()).isEmpty();
		this.browser.navigate().back();
		this.wait.until(ExpectedConditions.urlContains("view=all-open"));
		assertThat(activeView()).isEqualTo("All Open Chats");
	}

	@Test
	void loadMoreAppendsTheNextPageOfRows() {
		var workspace = newWorkspace();
		int count = ChatPageController.LIST_PAGE + 2;
		for (int i = 0; i < count; i++) {
			Inbound.deliver(workspace.admin(), Inbound.phone(), "Customer " + i, "Message " + i,
					OffsetDateTime.now().minusMinutes(count - i));
		}
		signIn(workspace.adminEmail());
		open("/chats?view=all");
		assertThat(rowNames()).hasSize(ChatPageController.LIST_PAGE).startsWith("Customer " + (count - 1));
		// By keyboard: the button is reachable and works without a pointer.
		this.browser.findElement(By.cssSelector(".load-more button")).sendKeys(org.openqa.selenium.Keys.ENTER);
		this.wait.until((driver) -> rowNames().size() == count);
		assertThat(rowNames()).endsWith("Customer 1", "Customer 0");
		assertThat(this.browser.findElements(By.cssSelector(".load-more"))).isEmpty();
		assertThat(this.browser.getCurrentUrl()).endsWith("/chats?view=all");
	}

	@Test
	void aNonAssigneeSeesWhyTheyCannotWriteTakesTheChatAndSends() {
		var workspace = newWorkspace();
		Api agent = agent(workspace);
		var chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Maria Lopes", "Is the blue one in stock?",
				OffsetDateTime.now().minusMinutes(2));

		signIn(agent.email);
		open("/chats/" + chat.chatId());
		WebElement incoming = waitFor(By.cssSelector("#thread [data-message-id='" + chat.messageId() + "']"));
		assertThat(incoming.getAttribute("data-direction")).isEqualTo("IN");
		assertThat(incoming.getAttribute("data-sent-at")).isNotBlank();
		assertThat(incoming.getText()).contains("Is the blue one in stock?");
		assertThat(incoming.findElement(By.cssSelector(".visually-hidden")).getAttribute("textContent"))
			.isEqualTo("Maria Lopes wrote");
		assertThat(this.browser.findElement(By.id("body")).isEnabled()).isFalse();
		assertThat(this.browser.findElement(By.id("send")).isEnabled()).isFalse();
		assertThat(this.browser.findElement(By.id("composer-blocked")).getText())
			.contains("Only the chat's assignee can send messages").contains("take it first");
		assertThat(this.browser.findElements(By.id("assigneeId"))).as("only the assignee or an admin reassigns").isEmpty();
		assertAccessible();

		this.browser.findElement(By.id("take")).click();
		waitForText(By.id("chat-assignee"), "Assigned to Andy Agent");
		assertThat(this.browser.findElements(By.id("composer-blocked"))).isEmpty();
		WebElement body = this.browser.findElement(By.id("body"));
		assertThat(body.isEnabled()).isTrue();
		body.sendKeys("Yes, we have two left.");
		this.browser.findElement(By.id("send")).click();
		WebElement outgoing = waitFor(By.cssSelector("#thread [data-direction='OUT']"));
		// This workspace has no WhatsApp channel set up, so the send fails soon after; either state may show.
		assertThat(outgoing.getText()).contains("Yes, we have two left.").contains("Andy Agent sent")
			.containsAnyOf("Pending", "Failed");
		assertThat(this.browser.findElement(By.id("close-chat")).getAttribute("href"))
			.endsWith("/chats/" + chat.chatId() + "/close");
		screenshots("chat");
		assertAccessible();
	}

	@Test
	void aRefusedSendSaysWhyAndKeepsWhatWasTyped() {
		var workspace = newWorkspace();
		Api agent = agent(workspace);
		var chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Maria Lopes", "Hello",
				OffsetDateTime.now().minusMinutes(2));
		assign(workspace.admin(), chat.chatId(), agent.memberId);
		signIn(agent.email);
		open("/chats/" + chat.chatId());
		this.browser.findElement(By.id("body")).sendKeys("A reply typed with care");
		assign(workspace.admin(), chat.chatId(), Long.toString(workspace.adminMember().memberId()));
		this.browser.findElement(By.id("send")).click();
		assertThat(waitFor(By.id("chat-problem")).getText()).contains("Not the assignee");
		assertThat(this.browser.findElement(By.id("body")).getAttribute("value")).isEqualTo("A reply typed with care");
		assertThat(this.browser.findElement(By.id("composer-blocked")).getText()).contains("assigned to Ada Admin");
	}

	@Test
	void anInboundMessageAppearsInTheOpenChatWithoutAReloadAndLeavesTheBellQuiet() {
		var workspace = newWorkspace();
		Api agent = agent(workspace);
		String phone = Inbound.phone();
		var chat = Inbound.deliver(workspace.admin(), phone, "Maria Lopes", "First question",
				OffsetDateTime.now().minusMinutes(2));
		// The agent takes the chat: no news for them, so the bell starts quiet.
		assign(agent, chat.chatId(), agent.memberId);

		signIn(agent.email);
		open("/chats/" + chat.chatId());
		waitForLiveConnection();
		this.wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
			.until(ExpectedConditions.attributeToBe(By.id("notification-bell"), "data-unseen", "0"));
		((org.openqa.selenium.JavascriptExecutor) this.browser).executeScript("window.__notReloaded = true;");

		var second = Inbound.deliver(workspace.admin(), phone, "Maria Lopes", "And a second one, live",
				OffsetDateTime.now());
		WebElement arrived = waitFor(By.cssSelector("#thread [data-message-id='" + second.messageId() + "']"));
		assertThat(arrived.getText()).contains("And a second one, live");
		assertThat(((org.openqa.selenium.JavascriptExecutor) this.browser).executeScript("return window.__notReloaded;"))
			.isEqualTo(true);
		// The chat is on the assignee's screen: the message is read as it arrives, and no notification of it is
		// left waiting in the bell (issue 14: no noise for the chat I am looking at). It is still in the list.
		this.wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
			.until((d) -> this.notifications.newest(workspace.id(), Long.parseLong(agent.memberId), 10)
				.stream()
				.anyMatch((n) -> n.text().contains("And a second one, live") && !n.isNew()));
		this.wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
			.until(ExpectedConditions.attributeToBe(By.id("notification-bell"), "data-unseen", "0"));
		this.browser.findElement(By.id("notification-toggle")).click();
		waitForText(By.id("notification-menu-items"), "New message from Maria Lopes: And a second one, live");
		this.browser.findElement(By.linkText("All notifications")).click();
		waitForText(By.id("notifications"), "New message from Maria Lopes: And a second one, live");
		assertAccessible();
	}

	@Test
	void theChatListRefreshesItsRowsWhenAMessageArrives() {
		var workspace = newWorkspace();
		signIn(workspace.adminEmail());
		open("/chats?view=all");
		waitForLiveConnection();
		assertThat(rowNames()).isEmpty();
		Inbound.deliver(workspace.admin(), Inbound.phone(), "Nuno Reis", "Are you open on Sunday?", OffsetDateTime.now());
		waitForText(By.id("chat-rows"), "Nuno Reis");
		assertThat(this.browser.findElement(By.id("chat-rows")).getText()).contains("Are you open on Sunday?");
	}

	@Test
	void messageTextIsShownAsTextAndRunsNothing() {
		var workspace = newWorkspace();
		String phone = Inbound.phone();
		String script = "<script>window.__pwned=true</script>";
		String image = "<img src=x onerror=\"window.__pwned=true\">";
		var chat = Inbound.deliver(workspace.admin(), phone, "<img src=x onerror=\"window.__pwned=true\">", script,
				OffsetDateTime.now().minusMinutes(1));
		signIn(workspace.adminEmail());
		open("/chats/" + chat.chatId());
		waitForLiveConnection();
		assertThat(this.browser.findElement(By.id("thread")).getText()).contains(script);
		Inbound.deliver(workspace.admin(), phone, "Maria", image, OffsetDateTime.now());
		waitForText(By.id("thread"), image);
		assertThat(this.browser.findElements(By.cssSelector("#thread img, #thread script"))).isEmpty();
		assertNoInjectedScriptRan();
		open("/chats?view=all");
		assertThat(this.browser.findElement(By.id("chat-rows")).getText()).contains(image);
		assertNoInjectedScriptRan();
		open("/contacts/" + chat.contactId() + "/chats-panel");
		assertNoInjectedScriptRan();
	}

	private void waitForLiveConnection() {
		this.wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-live", "open"));
	}

	private String activeView() {
		return this.browser.findElement(By.cssSelector(".chat-views .nav-link[aria-current=page]")).getText();
	}

	private List<String> rowNames() {
		return this.browser.findElements(By.cssSelector("#chat-rows .chat-row .chat-name"))
			.stream()
			.map(WebElement::getText)
			.toList();
	}

	private static void assign(Api api, String chatId, String memberId) {
		var response = api.post("/chats/" + chatId + "/assign", body("assigneeId", memberId));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

}
