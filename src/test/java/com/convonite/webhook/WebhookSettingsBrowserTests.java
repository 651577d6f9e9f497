package com.convonite.webhook;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.convonite.support.BrowserTest;
import com.convonite.support.Inbound;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The webhook settings: add an endpoint (refused, then saved), the secret shown once, the delivery log, Redeliver. */
class WebhookSettingsBrowserTests extends BrowserTest {

	@Test
	void anAdminAddsAnEndpointSeesItsDeliveriesAndRedeliversOne() throws Exception {
		var workspace = newWorkspace();
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			signIn(workspace.adminEmail());
			open("/settings");
			click(By.linkText("Webhooks"));
			waitFor(By.id("no-endpoints"));
			assertAccessible();
			screenshots("webhooks-empty");

			click(By.id("add-endpoint"));
			waitFor(By.id("url")).sendKeys("ftp://example.com/hooks");
			this.browser.findElement(By.id("secret")).sendKeys("short");
			click(By.cssSelector("#endpoint-form button[type=submit]"));
			assertThat(waitFor(By.id("url-error")).getText()).isEqualTo("must start with https:// or http://");
			assertThat(this.browser.findElement(By.id("secret-error")).getText()).contains("at least 16 characters");
			assertThat(this.browser.findElement(By.id("eventTypes-error")).getText()).contains("at least one event type");
			assertThat(this.browser.findElement(By.id("url")).getAttribute("value")).isEqualTo("ftp://example.com/hooks");
			assertAccessible();
			screenshots("webhooks-form-refused");

			WebElement url = this.browser.findElement(By.id("url"));
			url.clear();
			url.sendKeys(receiver.url());
			this.browser.findElement(By.id("description")).sendKeys("Order system");
			click(By.id("type-conversation.logged"));
			click(By.id("type-chat.assigned"));
			click(By.cssSelector("#endpoint-form button[type=submit]"));
			String secret = waitFor(By.id("secret-once")).getAttribute("value");
			assertThat(secret).startsWith("whsec_");
			assertThat(this.browser.findElement(By.id("type-conversation.logged")).isSelected()).isTrue();
			assertThat(this.browser.findElement(By.id("type-task.created")).isSelected()).isFalse();
			assertAccessible();
			screenshots("webhooks-created");
			this.browser.navigate().refresh();
			waitFor(By.id("secret-current"));
			assertThat(this.browser.findElements(By.id("secret-once"))).isEmpty();
			assertThat(this.browser.getPageSource()).doesNotContain(secret);

			receiver.answer(500, 500, 500, 500);
			var chat = Inbound.deliver(workspace.admin(), Inbound.phone(), "Rita", "Hello", OffsetDateTime.now(ZoneOffset.UTC));
			String purpose = workspace.admin().get("/purposes").json().get(0).path("id").asString();
			assertThat(workspace.admin()
				.post("/conversations", body("chatId", chat.chatId(), "subject", "Delivery date", "purposeId", purpose))
				.status()).isEqualTo(201);
			var failed = receiver.next(Duration.ofSeconds(15));
			assertThat(failed.signatureValid(secret)).isTrue();

			click(By.id("view-deliveries"));
			waitFor(By.cssSelector(".delivery-row"));
			slowly().until((d) -> refreshLog()
				.findElements(By.cssSelector(".delivery-row .delivery-code"))
				.stream()
				.anyMatch((e) -> e.getText().equals("500")));
			WebElement row = this.browser.findElement(By.cssSelector(".delivery-row"));
			assertThat(row.getAttribute("data-event-type")).isEqualTo("conversation.logged");
			assertThat(row.findElement(By.cssSelector(".delivery-error")).getText()).contains("HTTP 500");
			screenshots("webhooks-log-retrying");
			receiver.next(Duration.ofSeconds(15));
			receiver.next(Duration.ofSeconds(15));
			receiver.next(Duration.ofSeconds(15));
			receiver.next(Duration.ofSeconds(15));
			slowly().until((d) -> refreshLog()
				.findElement(By.cssSelector(".delivery-row .delivery-status"))
				.getText()
				.equals("Delivered"));
			assertThat(this.browser.findElement(By.cssSelector(".delivery-row .delivery-attempts")).getText()).isEqualTo("5");
			assertThat(this.browser.findElement(By.cssSelector(".delivery-row .delivery-code")).getText()).isEqualTo("200");
			assertAccessible();
			screenshots("webhooks-log");

			click(By.cssSelector(".delivery-row .redeliver"));
			waitFor(By.id("redelivered"));
			var again = receiver.next(Duration.ofSeconds(15));
			assertThat(again.header("Convonite-Event-Id")).isEqualTo(failed.header("Convonite-Event-Id"));

			open("/settings/webhooks");
			assertThat(waitFor(By.cssSelector(".endpoint-row .endpoint-url")).getText()).isEqualTo(receiver.url());
			click(By.cssSelector(".endpoint-row a[aria-label^='Edit']"));
			click(By.id("active"));
			click(By.cssSelector("#endpoint-form button[type=submit]"));
			waitForText(By.cssSelector(".endpoint-row .badge"), "Inactive");
			assertAccessible();
			screenshots("webhooks-list");
		}
	}

	/** A wait long enough for a few retries, ignoring elements htmx just replaced. */
	private org.openqa.selenium.support.ui.FluentWait<org.openqa.selenium.WebDriver> slowly() {
		return new org.openqa.selenium.support.ui.WebDriverWait(this.browser, Duration.ofSeconds(40))
			.ignoring(StaleElementReferenceException.class);
	}

	/** Presses Refresh and waits for htmx to swap in the new log. */
	private WebElement refreshLog() {
		WebElement log = this.browser.findElement(By.id("log"));
		this.browser.findElement(By.id("refresh-log")).click();
		this.wait.until(ExpectedConditions.stalenessOf(log));
		return this.browser.findElement(By.id("log"));
	}

}
