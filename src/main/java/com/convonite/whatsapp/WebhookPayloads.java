package com.convonite.whatsapp;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.convonite.chat.DeliveryStatus;
import com.convonite.chat.InboundMessages.InboundMessage;
import com.convonite.chat.MessageType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a Cloud API webhook delivery ({@code object: whatsapp_business_account}, entries of changes with
 * {@code field: messages}) into the customers' messages and the status reports it holds. Only changes for
 * the channel's own phone number id count; message types Convonite does not keep (such as
 * {@code unsupported} or {@code system}) are left out and counted.
 */
final class WebhookPayloads {

	static final String CHANNEL = "whatsapp";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private WebhookPayloads() {
	}

	/** A delivery status the channel reported about one of the team's messages. */
	record StatusReport(String externalId, DeliveryStatus status, String reason) {
	}

	/** What one delivery holds for the channel's phone number. */
	record Contents(List<InboundMessage> messages, List<StatusReport> statuses, List<String> skipped) {
	}

	static Contents read(byte[] body, String phoneNumberId) {
		JsonNode root;
		try {
			root = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return new Contents(List.of(), List.of(), List.of("a body that is not JSON"));
		}
		List<InboundMessage> messages = new ArrayList<>();
		List<StatusReport> statuses = new ArrayList<>();
		List<String> skipped = new ArrayList<>();
		for (JsonNode entry : root.path("entry")) {
			for (JsonNode change : entry.path("changes")) {
				JsonNode value = change.path("value");
				if (!"messages".equals(change.path("field").asString(""))) {
					skipped.add("a change of field " + change.path("field").asString("?"));
					continue;
				}
				String to = value.path("metadata").path("phone_number_id").asString("");
				if (!to.equals(phoneNumberId)) {
					skipped.add("a change for phone number id " + to + ", not this channel's");
					continue;
				}
				for (JsonNode message : value.path("messages")) {
					InboundMessage inbound = message(message, value.path("contacts"));
					if (inbound != null) {
						messages.add(inbound);
					}
					else {
						skipped.add("a message of type " + message.path("type").asString("?"));
					}
				}
				for (JsonNode status : value.path("statuses")) {
					StatusReport report = status(status);
					if (report != null) {
						statuses.add(report);
					}
					else {
						skipped.add("a status " + status.path("status").asString("?"));
					}
				}
			}
		}
		return new Contents(messages, statuses, skipped);
	}

	/** One entry of {@code value.messages}, or null for a type that is not kept. */
	static InboundMessage message(JsonNode message, JsonNode contacts) {
		String type = message.path("type").asString("");
		Map<String, Object> meta = new LinkedHashMap<>();
		MessageType kind;
		String body;
		switch (type) {
			case "text" -> {
				kind = MessageType.TEXT;
				body = message.path("text").path("body").asString(null);
			}
			case "image", "video", "document", "audio", "sticker" -> {
				kind = MessageType.valueOf(type.toUpperCase(java.util.Locale.ROOT));
				JsonNode media = message.path(type);
				put(meta, "mediaId", media.path("id"));
				put(meta, "mimeType", media.path("mime_type"));
				put(meta, "sha256", media.path("sha256"));
				put(meta, "filename", media.path("filename"));
				put(meta, "voice", media.path("voice"));
				put(meta, "animated", media.path("animated"));
				body = media.path("caption").asString(null);
			}
			case "location" -> {
				kind = MessageType.LOCATION;
				JsonNode location = message.path("location");
				put(meta, "latitude", location.path("latitude"));
				put(meta, "longitude", location.path("longitude"));
				put(meta, "name", location.path("name"));
				put(meta, "address", location.path("address"));
				put(meta, "url", location.path("url"));
				String place = List.of(location.path("name").asString(""), location.path("address").asString(""))
					.stream()
					.filter((s) -> !s.isBlank())
					.collect(Collectors.joining(", "));
				body = place.isEmpty() ? location.path("latitude").asString("") + ", "
						+ location.path("longitude").asString("") : place;
			}
			case "contacts" -> {
				kind = MessageType.CONTACTS;
				List<String> cards = new ArrayList<>();
				for (JsonNode card : message.path("contacts")) {
					String name = card.path("name").path("formatted_name").asString("");
					String phones = java.util.stream.StreamSupport.stream(card.path("phones").spliterator(), false)
						.map((p) -> p.path("phone").asString(""))
						.filter((p) -> !p.isBlank())
						.collect(Collectors.joining(", "));
					cards.add(phones.isEmpty() ? name : name + " (" + phones + ")");
				}
				meta.put("contacts", JSON.convertValue(message.path("contacts"), new TypeReference<List<Object>>() {
				}));
				body = String.join("\n", cards);
			}
			case "interactive" -> {
				kind = MessageType.REPLY;
				JsonNode interactive = message.path("interactive");
				String replyType = interactive.path("type").asString("");
				JsonNode reply = interactive.path(replyType);
				meta.put("kind", replyType);
				put(meta, "replyId", reply.path("id"));
				put(meta, "title", reply.path("title"));
				put(meta, "description", reply.path("description"));
				body = reply.path("title").asString(null);
			}
			case "button" -> {
				kind = MessageType.REPLY;
				meta.put("kind", "button");
				put(meta, "payload", message.path("button").path("payload"));
				put(meta, "title", message.path("button").path("text"));
				body = message.path("button").path("text").asString(null);
			}
			case "reaction" -> {
				kind = MessageType.REACTION;
				put(meta, "reactionTo", message.path("reaction").path("message_id"));
				String emoji = message.path("reaction").path("emoji").asString("");
				meta.put("emoji", emoji);
				if (emoji.isEmpty()) {
					meta.put("removed", true);
				}
				body = emoji.isEmpty() ? null : emoji;
			}
			default -> {
				return null;
			}
		}
		put(meta, "replyTo", message.path("context").path("id"));
		String from = message.path("from").asString("");
		return new InboundMessage(CHANNEL, message.path("id").asString(null), from.isEmpty() ? null : "+" + from,
				profileName(contacts, from), kind.name(), body, sentAt(message.path("timestamp")),
				meta.isEmpty() ? null : meta);
	}

	/** One entry of {@code value.statuses}, or null for a status Convonite does not track. */
	static StatusReport status(JsonNode status) {
		DeliveryStatus kind = switch (status.path("status").asString("")) {
			case "sent" -> DeliveryStatus.SENT;
			case "delivered" -> DeliveryStatus.DELIVERED;
			case "read" -> DeliveryStatus.READ;
			case "failed" -> DeliveryStatus.FAILED;
			default -> null;
		};
		String id = status.path("id").asString("");
		if (kind == null || id.isEmpty()) {
			return null;
		}
		String reason = null;
		if (kind == DeliveryStatus.FAILED) {
			List<String> reasons = new ArrayList<>();
			for (JsonNode error : status.path("errors")) {
				reasons.add(reason(error));
			}
			reason = reasons.isEmpty() ? "WhatsApp reported the message as failed without a reason"
					: String.join("; ", reasons);
		}
		return new StatusReport(id, kind, reason);
	}

	/** "title (code): details", from a Cloud API error object. */
	static String reason(JsonNode error) {
		String title = error.path("title").asString(error.path("message").asString("Error"));
		String code = error.path("code").asString("");
		String details = error.path("error_data").path("details").asString("");
		StringBuilder reason = new StringBuilder(title);
		if (!code.isEmpty()) {
			reason.append(" (").append(code).append(')');
		}
		if (!details.isBlank() && !details.equals(title)) {
			reason.append(": ").append(details);
		}
		return reason.toString();
	}

	private static String profileName(JsonNode contacts, String from) {
		String first = null;
		for (JsonNode contact : contacts) {
			String name = contact.path("profile").path("name").asString("");
			if (name.isBlank()) {
				continue;
			}
			if (from.equals(contact.path("wa_id").asString(""))) {
				return name;
			}
			first = (first != null) ? first : name;
		}
		return first;
	}

	private static OffsetDateTime sentAt(JsonNode timestamp) {
		try {
			return Instant.ofEpochSecond(Long.parseLong(timestamp.asString(""))).atOffset(ZoneOffset.UTC);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static void put(Map<String, Object> meta, String key, JsonNode value) {
		if (value.isMissingNode() || value.isNull()) {
			return;
		}
		meta.put(key, value.isNumber() ? value.numberValue() : value.isBoolean() ? value.booleanValue() : value.asString());
	}

}
