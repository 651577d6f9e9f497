package com.convonite.chat;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

/** The sources of messages' media ({@link MessageMedia}, one per channel that keeps some), asked in turn. */
@Component
class ThreadMedia {

	/** Image types every browser shows and none runs anything in: shown in the thread, served inline. */
	static final Set<String> SHOWN_IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/webp", "image/gif");

	private final List<MessageMedia> sources;

	ThreadMedia(List<MessageMedia> sources) {
		this.sources = sources;
	}

	boolean holds(ChatView chat, MessageView message) {
		return source(chat, message).isPresent();
	}

	Optional<MessageMedia.MediaFile> fetch(long workspaceId, ChatView chat, MessageView message) {
		return source(chat, message).flatMap((source) -> source.fetch(workspaceId, chat, message));
	}

	private Optional<MessageMedia> source(ChatView chat, MessageView message) {
		if (message.media() == null) {
			return Optional.empty();
		}
		return this.sources.stream().filter((source) -> source.holds(chat, message)).findFirst();
	}

	/** A photo or sticker whose type, as its channel told it, is one the thread shows as a thumbnail. */
	static boolean isShownImage(MessageView message) {
		boolean picture = message.type() == MessageType.IMAGE || message.type() == MessageType.STICKER;
		return picture && message.media() != null && message.media().get("mimeType") instanceof String type
				&& isShownImageType(type);
	}

	static boolean isShownImageType(String contentType) {
		String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
		return SHOWN_IMAGE_TYPES.contains(type);
	}

}
