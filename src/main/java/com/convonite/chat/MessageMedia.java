package com.convonite.chat;

import java.util.Optional;

/**
 * Where a message's media (a photo, a document) can be fetched from: a channel that keeps only an id of it in the
 * message ({@code media.mediaId}) and can fetch it with its own credentials, such as WhatsApp's Cloud API. The
 * thread shows such media from the product's own address ({@code /chats/{id}/messages/{m}/media}), so that an
 * agent's browser never fetches it from elsewhere and the channel's credentials never leave the server.
 */
public interface MessageMedia {

	/** Media larger than this is not fetched through the product (WhatsApp's limit for video and audio). */
	int MAX_BYTES = 16 * 1024 * 1024;

	/** Whether this source fetches the message's media: the chat's channel and the media's id are its own. */
	boolean holds(ChatView chat, MessageView message);

	/**
	 * The media, fetched now; empty when it cannot be had any more (expired, the channel removed, larger than
	 * {@link #MAX_BYTES}, or its content not what the message says it is).
	 */
	Optional<MediaFile> fetch(long workspaceId, ChatView chat, MessageView message);

	/** The media's bytes with the type its channel gave, and its file name when it has one. */
	record MediaFile(String contentType, byte[] bytes, String filename) {
	}

}
