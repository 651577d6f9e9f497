package com.convonite.whatsapp;

import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.convonite.chat.DeliveryStatus;
import com.convonite.chat.InboundMessages.InboundMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The Cloud API's documented webhook payloads (src/test/resources/whatsapp) read into messages and statuses. */
class WebhookPayloadsTests {

	static final String PHONE_NUMBER_ID = "106540352242922";

	static byte[] payload(String name) {
		try (InputStream in = WebhookPayloadsTests.class.getResourceAsStream("/whatsapp/" + name + ".json")) {
			return in.readAllBytes();
		}
		catch (IOException | NullPointerException ex) {
			throw new IllegalStateException("No test payload " + name, ex);
		}
	}

	private static InboundMessage only(String name) {
		WebhookPayloads.Contents contents = WebhookPayloads.read(payload(name), PHONE_NUMBER_ID);
		assertThat(contents.messages()).hasSize(1);
		assertThat(contents.skipped()).isEmpty();
		InboundMessage message = contents.messages().get(0);
		assertThat(message.channel()).isEqualTo("whatsapp");
		assertThat(message.fromPhone()).isEqualTo("+12015550142");
		assertThat(message.fromName()).isEqualTo("Sheena Nelson");
		assertThat(message.externalId()).startsWith("wamid.");
		assertThat(message.sentAt()).isEqualTo(OffsetDateTime.of(2025, 6, 8, 20, 59, 43, 0, ZoneOffset.UTC));
		return message;
	}

	@Test
	void text() {
		InboundMessage m = only("message-text");
		assertThat(m.type()).isEqualTo("TEXT");
		assertThat(m.body()).isEqualTo("Does it come in another color?");
		assertThat(m.media()).isNull();
	}

	@Test
	void imageKeepsMetadataAndCaption() {
		InboundMessage m = only("message-image");
		assertThat(m.type()).isEqualTo("IMAGE");
		assertThat(m.body()).isEqualTo("The scratch on the lid");
		assertThat(m.media()).containsExactly(entry("mediaId", "1003383421387256"), entry("mimeType", "image/jpeg"),
				entry("sha256", "SBEHVc6rD12Tnk/HJpG71Uh1o8DPGr8cOHtk1VVnQ2c="));
	}

	@Test
	void documentKeepsItsFilename() {
		InboundMessage m = only("message-document");
		assertThat(m.type()).isEqualTo("DOCUMENT");
		assertThat(m.body()).isEqualTo("My invoice");
		assertThat(m.media()).contains(entry("filename", "invoice-2291.pdf"), entry("mimeType", "application/pdf"),
				entry("mediaId", "1376223850470843"));
	}

	@Test
	void audioHasNoCaption() {
		InboundMessage m = only("message-audio");
		assertThat(m.type()).isEqualTo("AUDIO");
		assertThat(m.body()).isNull();
		assertThat(m.media()).contains(entry("mimeType", "audio/ogg; codecs=opus"), entry("voice", true));
	}

	@Test
	void video() {
		InboundMessage m = only("message-video");
		assertThat(m.type()).isEqualTo("VIDEO");
		assertThat(m.body()).isEqualTo("How it looks when it rattles");
		assertThat(m.media()).contains(entry("mimeType", "video/mp4"), entry("mediaId", "1214983143556734"));
	}

	@Test
	void sticker() {
		InboundMessage m = only("message-sticker");
		assertThat(m.type()).isEqualTo("STICKER");
		assertThat(m.media()).contains(entry("mimeType", "image/webp"), entry("animated", false));
	}

	@Test
	void locationReadsAsPlaceAndKeepsCoordinates() {
		InboundMessage m = only("message-location");
		assertThat(m.type()).isEqualTo("LOCATION");
		assertThat(m.body()).isEqualTo("Meta Headquarters, 1 Hacker Way, Menlo Park, CA 94025");
		assertThat(m.media()).contains(entry("latitude", 37.483307), entry("longitude", -122.148981));
	}

	@Test
	void contactCardNamesThePersonAndTheirNumber() {
		InboundMessage m = only("message-contacts");
		assertThat(m.type()).isEqualTo("CONTACTS");
		assertThat(m.body()).isEqualTo("Barbara J. Johnson (+1 (201) 555-0199)");
		assertThat((List<?>) m.media().get("contacts")).hasSize(1);
	}

	@Test
	void buttonAndListRepliesAreReplies() {
		InboundMessage button = only("message-interactive-button-reply");
		assertThat(button.type()).isEqualTo("REPLY");
		assertThat(button.body()).isEqualTo("Change the date");
		assertThat(button.media()).contains(entry("kind", "button_reply"), entry("replyId", "change-date"),
				entry("replyTo", "wamid.HBgLMTIwMTU1NTAxNDIVAgARGBI3NkZCMDU0QkY0RkY4RkE0NkIA"));
		InboundMessage list = only("message-interactive-list-reply");
		assertThat(list.type()).isEqualTo("REPLY");
		assertThat(list.body()).isEqualTo("Express shipping");
		assertThat(list.media()).contains(entry("kind", "list_reply"), entry("description", "Next working day, 9.90"));
		InboundMessage template = only("message-button");
		assertThat(template.type()).isEqualTo("REPLY");
		assertThat(template.body()).isEqualTo("Yes, confirm");
		assertThat(template.media()).contains(entry("kind", "button"), entry("payload", "confirm-appointment"));
	}

	@Test
	void reactionIsTheEmojiOnAMessage() {
		InboundMessage m = only("message-reaction");
		assertThat(m.type()).isEqualTo("REACTION");
		assertThat(m.body()).isEqualTo("\uD83D\uDC4D");
		assertThat(m.media()).contains(entry("reactionTo", "wamid.HBgLMTIwMTU1NTAxNDIVAgARGBI3NkZCMDU0QkY0RkY4RkE0NkIA"));
	}

	@Test
	void statusesAndTheReasonOfAFailure() {
		for (String name : List.of("sent", "delivered", "read")) {
			var contents = WebhookPayloads.read(payload("status-" + name), PHONE_NUMBER_ID);
			assertThat(contents.messages()).isEmpty();
			assertThat(contents.statuses()).containsExactly(new WebhookPayloads.StatusReport(
					"wamid.HBgLMTIwMTU1NTAxNDIVAgARGBI3NkZCMDU0QkY0RkY4RkE0NkIA",
					DeliveryStatus.valueOf(name.toUpperCase()), null));
		}
		var failed = WebhookPayloads.read(payload("status-failed"), PHONE_NUMBER_ID).statuses().get(0);
		assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
		assertThat(failed.reason()).isEqualTo("Re-engagement message (131047): Message failed to send because more "
				+ "than 24 hours have passed since the customer last replied to this number.");
	}

	@Test
	void anotherPhoneNumbersChangesAndUnknownTypesAreSkipped() {
		var other = WebhookPayloads.read(payload("message-text"), "999999999999");
		assertThat(other.messages()).isEmpty();
		assertThat(other.skipped()).containsExactly("a change for phone number id 106540352242922, not this channel's");
		var unsupported = WebhookPayloads.read(new String(payload("message-text"), java.nio.charset.StandardCharsets.UTF_8)
			.replace("\"type\": \"text\"", "\"type\": \"unsupported\"")
			.getBytes(java.nio.charset.StandardCharsets.UTF_8), PHONE_NUMBER_ID);
		assertThat(unsupported.messages()).isEmpty();
		assertThat(unsupported.skipped()).containsExactly("a message of type unsupported");
		assertThat(WebhookPayloads.read("not json".getBytes(), PHONE_NUMBER_ID).skipped())
			.containsExactly("a body that is not JSON");
	}

	@Test
	void noMapIsLeftWithNullValues() {
		Map<String, Object> media = only("message-image").media();
		assertThat(media.values()).doesNotContainNull();
	}

}
