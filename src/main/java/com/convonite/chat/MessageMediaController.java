package com.convonite.chat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.convonite.shared.Ids;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.SignedInMember;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A message's media from the product's own address, fetched from the channel that keeps it. Served so that it
 * can do no harm here: an image of a type browsers only show is sent inline, anything else as a download of
 * unknown type; sniffing is off and a sandboxing content policy comes with it, so even a file that claims to be
 * HTML runs nothing in the app's origin. Only members of the chat's workspace get it.
 */
@Controller
class MessageMediaController {

	/** The file's own content policy: nothing loads, nothing runs, it is its own unique origin. */
	static final String MEDIA_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

	private final Chats chats;

	private final ThreadMedia media;

	MessageMediaController(Chats chats, ThreadMedia media) {
		this.chats = chats;
		this.media = media;
	}

	@GetMapping("/chats/{id}/messages/{messageId}/media")
	ResponseEntity<byte[]> media(SignedInMember me, @PathVariable String id, @PathVariable String messageId) {
		long chatId = Ids.pathId(id, "chat");
		ChatView chat = this.chats.get(me.workspaceId(), chatId);
		MessageView message = this.chats.message(me.workspaceId(), chatId, Ids.pathId(messageId, "message"));
		if (!this.media.holds(chat, message)) {
			throw ProblemException.notFound("media");
		}
		MessageMedia.MediaFile file = this.media.fetch(me.workspaceId(), chat, message)
			.orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "media-unavailable", "Media not available",
					"The channel no longer has this message's media (it keeps media for a limited time)."));
		boolean shown = file.contentType() != null && ThreadMedia.isShownImageType(file.contentType());
		String name = (file.filename() != null && !file.filename().isBlank()) ? file.filename()
				: "message-" + message.id();
		ContentDisposition disposition = (shown ? ContentDisposition.inline() : ContentDisposition.attachment())
			.filename(name, StandardCharsets.UTF_8)
			.build();
		return ResponseEntity.ok()
			.contentType(shown ? MediaType.parseMediaType(file.contentType().split(";", 2)[0].strip())
					: MediaType.APPLICATION_OCTET_STREAM)
			.header("Content-Disposition", disposition.toString())
			.header("Content-Security-Policy", MEDIA_POLICY)
			.cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
			.body(file.bytes());
	}

}
