package com.convonite.whatsapp;

import java.time.OffsetDateTime;

import com.convonite.support.Api;
import com.convonite.support.BrowserTest;
import com.convonite.support.Inbound;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The WhatsApp settings page, and a message that failed to send retried from the chat page. */
class WhatsAppBrowserTests extends BrowserTest {

	@DynamicPropertySource
	static void cloudApi(DynamicPropertyRegistry registry) {
		MockCloudApi.register(registry);
	}

	private static void awaitStatus(Api api, String chatId, String messageId, String status) {
		WhatsAppIntegrationTests.eventually(() -> {
			for (var m : api.get("/chats/" + chatId + "/messages").json().path("items")) {
				if (m.path("id").asString().equals(messageId)) {
					return m.path("deliveryStatus").asString();
				}
			}
			return "";
		}, status::equals);
	}

	/** A photo shows in the thread as a thumbnail above its caption; a document is a download beside its name. */
	@Test
	void aPhotoShowsAsAThumbnailWithItsCaptionAndADocumentAsADownload() throws Exception {
		var workspace = newWorkspace();
		TestChannel channel = TestChannel.setUp(workspace.admin(), this.port);
		java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(320, 200,
				java.awt.image.BufferedImage.TYPE_INT_RGB);
		java.awt.Graphics2D pen = picture.createGraphics();
		pen.setColor(new java.awt.Color(0x0f766e));
		pen.fillRect(0, 0, 320, 200);
		pen.setColor(java.awt.Color.WHITE);
		pen.fillOval(110, 50, 100, 100);
		pen.dispose();
		var png = new java.io.ByteArrayOutputStream();
		javax.imageio.ImageIO.write(picture, "png", png);
		byte[] photo = png.toByteArray();
		String digest = java.util.Base64.getEncoder()
			.encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(photo));
		String payload = new String(WebhookPayloadsTests.payload("message-image"), java.nio.charset.StandardCharsets.UTF_8)
			.replace("SBEHVc6rD12Tnk/HJpG71Uh1o8DPGr8cOHtk1VVnQ2c=", digest)
			.replace("image/jpeg", "image/png");
		assertThat(channel.deliver(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
		assertThat(channel.deliver("message-document").statusCode()).isEqualTo(200);
		var chat = WhatsAppIntegrationTests.eventually(() -> workspace.admin().get("/chats?view=all").json().path("items"),
				(items) -> items.size() == 1 && items.get(0).path("unreadCount").asInt() == 2).get(0);
		MockCloudApi.INSTANCE.media(channel.accessToken(), "1003383421387256", "image/png", photo);

		signIn(workspace.adminEmail());
		open("/chats/" + chat.path("id").asString());
		var thumbnail = waitFor(By.cssSelector("#thread img.message-thumbnail"));
		this.wait.until((d) -> Long.valueOf(320).equals(((org.openqa.selenium.JavascriptExecutor) d)
			.executeScript("return arguments[0].naturalWidth;", thumbnail)));
		var photoMessage = thumbnail.findElement(By.xpath("ancestor::li[contains(@class,'message')]"));
		assertThat(photoMessage.getText()).contains("The scratch on the lid");
		var document = this.browser.findElement(By.cssSelector("#thread a.message-media-file"));
		assertThat(document.getText()).isEqualTo("Download");
		assertThat(document.findElement(By.xpath("ancestor::li[contains(@class,'message')]")).getText())
			.contains("invoice-2291.pdf")
			.contains("My invoice");
		screenshots("chat-media");
		assertAccessible();
	}

	@Test
	void anAdminSetsUpTheChannelAndSeesTheCallbackUrlButNeverTheSecrets() {
		var workspace = newWorkspace();
		signIn(workspace.adminEmail());
		open("/settings");
		click(By.linkText("WhatsApp"));
		this.wait.until((d) -> d.getCurrentUrl().endsWith("/settings/whatsapp"));
		assertThat(this.browser.getTitle()).isEqualTo("WhatsApp channel · Convonite");
		assertThat(waitFor(By.id("not-configured")).getText()).contains("Not set up yet");
		assertAccessible();

		// Missing values: each field says what is wrong, and the phone number id typed stays.
		this.browser.findElement(By.id("phoneNumberId")).sendKeys("12ab");
		click(By.id("save-whatsapp"));
		waitFor(By.id("whatsapp-error"));
		assertThat(this.browser.findElement(By.id("phoneNumberId")).getAttribute("value")).isEqualTo("12ab");
		assertThat(this.browser.findElement(By.id("phoneNumberId-error")).getText()).contains("digits only");
		assertThat(this.browser.findElement(By.id("appSecret-error")).getText()).contains("required");
		screenshots("whatsapp-settings-invalid");
		assertAccessible();

		String appSecret = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
		String accessToken = "EAAJZBrowserTestToken0123456789ZD";
		this.browser.findElement(By.id("phoneNumberId")).clear();
		this.browser.findElement(By.id("phoneNumberId")).sendKeys("106540352242922");
		this.browser.findElement(By.id("verifyToken")).sendKeys("shop-verify-2291");
		this.browser.findElement(By.id("appSecret")).sendKeys(appSecret);
		this.browser.findElement(By.id("accessToken")).sendKeys(accessToken);
		click(By.id("save-whatsapp"));
		this.wait.until((d) -> d.getCurrentUrl().endsWith("/settings/whatsapp?saved"));
		String callbackUrl = waitFor(By.id("callbackUrl")).getAttribute("value");
		assertThat(callbackUrl).startsWith(url("/webhooks/whatsapp/"));
		// http://localhost is no address Meta can call: the page says so, beside a Copy button.
		assertThat(this.browser.findElement(By.id("callback-unreachable")).getText()).contains("public HTTPS address");
		assertThat(this.browser.findElement(By.cssSelector("[data-copy-target=callbackUrl]")).getText()).isEqualTo("Copy");
		assertThat(this.browser.getPageSource()).doesNotContain(appSecret).doesNotContain(accessToken)
			.doesNotContain("shop-verify-2291");
		assertThat(this.browser.findElement(By.id("appSecret-help")).getText()).contains("Stored: ••••e8f9");
		assertThat(this.browser.findElement(By.id("accessToken")).getAttribute("value")).isEmpty();
		assertThat(this.browser.findElement(By.id("last-delivery")).getText()).contains("No signed delivery");
		screenshots("whatsapp-settings");
		assertAccessible();

		// Saving again with the secrets left blank keeps them.
		click(By.id("save-whatsapp"));
		this.wait.until((d) -> d.getCurrentUrl().endsWith("/settings/whatsapp?saved"));
		assertThat(workspace.admin().get("/channels/whatsapp").text("appSecret")).isEqualTo("••••e8f9");

		// Agents do not get in.
		Api agent = agent(workspace);
		var other = newBrowser();
		try {
			signIn(other, agent.email);
			other.get(url("/settings/whatsapp"));
			assertThat(other.findElements(By.id("callbackUrl"))).isEmpty();
			assertThat(other.getPageSource()).doesNotContain("106540352242922");
		}
		finally {
			other.quit();
		}
	}

	@Test
	void aMessageThatFailedShowsWhyAndIsSentAgainWithRetry() {
		var workspace = newWorkspace();
		TestChannel channel = TestChannel.setUp(workspace.admin(), this.port);
		var chat = Inbound.deliver(workspace.admin(), "+12015550142", "Sheena Nelson", "Is my order on its way?",
				OffsetDateTime.now().minusMinutes(2));
		workspace.admin().post("/chats/" + chat.chatId() + "/assign", map("assigneeId", workspace.admin().memberId));
		MockCloudApi.INSTANCE.answer(channel.accessToken(), MockCloudApi.json(400, """
				{"error": {"message": "(#131026) Message undeliverable", "type": "OAuthException", "code": 131026,
				 "error_data": {"messaging_product": "whatsapp", "details": "Message Undeliverable."}}}"""));

		signIn(workspace.adminEmail());
		open("/chats/" + chat.chatId());
		this.browser.findElement(By.id("body")).sendKeys("It left the warehouse this morning.");
		click(By.id("send"));
		// The Cloud API answers after the page is back; the thread shows it (live, or on the next load).
		String messageId = this.browser.findElement(By.cssSelector(".message-out")).getAttribute("data-message-id");
		awaitStatus(workspace.admin(), chat.chatId(), messageId, "FAILED");
		open("/chats/" + chat.chatId());
		waitForText(By.cssSelector(".message-failure"),
				"Not sent: WhatsApp refused the message (HTTP 400): (#131026) Message undeliverable");
		screenshots("chat-message-failed");
		assertAccessible();

		MockCloudApi.INSTANCE.accept(channel.accessToken(), "wamid.HBgLMTIwMTU1NTAxNDIVAgARGBJCUk9XU0VSVEVTVAA=");
		click(By.cssSelector(".message-retry"));
		this.wait.until((d) -> d.findElements(By.cssSelector(".message-failure")).isEmpty());
		awaitStatus(workspace.admin(), chat.chatId(), messageId, "SENT");
		open("/chats/" + chat.chatId());
		waitForText(By.cssSelector(".message-out .delivery-status"), "Sent");
		assertThat(MockCloudApi.INSTANCE.takeRequest(channel.accessToken())).isNotNull();
		assertThat(MockCloudApi.INSTANCE.takeRequest(channel.accessToken())).isNotNull();
	}

}
