package com.convonite.whatsapp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

import com.convonite.chat.ChatView;
import com.convonite.chat.MessageMedia;
import com.convonite.chat.MessageView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The media of messages that came over WhatsApp: the message keeps its media id (see docs/whatsapp.md), and the
 * workspace's channel fetches the file with its access token while WhatsApp keeps it. A file whose SHA-256 is not
 * the one the webhook announced is not handed out.
 */
@Component
class WhatsAppMedia implements MessageMedia {

	private static final Logger log = LoggerFactory.getLogger(WhatsAppMedia.class);

	private final WhatsAppChannels channels;

	private final CloudApiClient cloudApi;

	WhatsAppMedia(WhatsAppChannels channels, CloudApiClient cloudApi) {
		this.channels = channels;
		this.cloudApi = cloudApi;
	}

	@Override
	public boolean holds(ChatView chat, MessageView message) {
		return WebhookPayloads.CHANNEL.equals(chat.channel()) && message.media() != null
				&& message.media().get("mediaId") instanceof String id && !id.isBlank();
	}

	@Override
	public Optional<MediaFile> fetch(long workspaceId, ChatView chat, MessageView message) {
		String mediaId = (String) message.media().get("mediaId");
		return this.channels.ofWorkspace(workspaceId)
			.flatMap((channel) -> this.cloudApi.media(channel, mediaId, MAX_BYTES))
			.filter((media) -> announced(message, media.bytes()))
			.map((media) -> new MediaFile(media.contentType(), media.bytes(),
					(message.media().get("filename") instanceof String name) ? name : null));
	}

	/** The file is the one the webhook described, when it gave a digest. */
	private static boolean announced(MessageView message, byte[] bytes) {
		if (!(message.media().get("sha256") instanceof String expected) || expected.isBlank()) {
			return true;
		}
		try {
			String actual = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
			if (!actual.equals(expected)) {
				log.warn("A WhatsApp media file of message {} is not the one announced (SHA-256 differs); not shown",
						message.id());
				return false;
			}
			return true;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
