package com.convonite.whatsapp;

import java.util.Map;

import com.convonite.shared.ProblemException;
import com.convonite.shared.WorkspaceScope;
import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The callback URL that Meta calls, one per workspace ({@code /webhooks/whatsapp/{channelKey}}): the GET
 * verification handshake, and POST deliveries that count only with a valid signature of the raw body. A
 * delivery is stored before it is acknowledged, so nothing acknowledged is lost. Outside /api/v1: Meta signs
 * instead of signing in.
 */
@Hidden
@RestController
class WhatsAppWebhookController {

	private final WhatsAppChannels channels;

	private final WhatsAppDeliveries deliveries;

	WhatsAppWebhookController(WhatsAppChannels channels, WhatsAppDeliveries deliveries) {
		this.channels = channels;
		this.deliveries = deliveries;
	}

	@GetMapping(path = WhatsAppChannels.WEBHOOK_PATH + "{channelKey}", produces = MediaType.TEXT_PLAIN_VALUE)
	ResponseEntity<String> verify(@PathVariable String channelKey,
			@RequestParam(name = "hub.mode", required = false) String mode,
			@RequestParam(name = "hub.verify_token", required = false) String token,
			@RequestParam(name = "hub.challenge", required = false) String challenge) {
		WhatsAppChannels.Channel channel = channel(channelKey);
		if (!"subscribe".equals(mode) || challenge == null || challenge.isEmpty() || challenge.length() > 200) {
			throw ProblemException.invalid("hub.mode", "must be subscribe, with a hub.challenge to echo");
		}
		if (!WebhookSignatures.sameToken(token, channel.verifyToken())) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "verify-token-mismatch", "Wrong verify token",
					"hub.verify_token is not the verify token saved in this workspace's WhatsApp settings.");
		}
		return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
	}

	@PostMapping(path = WhatsAppChannels.WEBHOOK_PATH + "{channelKey}", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, String> receive(@PathVariable String channelKey,
			@RequestHeader(name = WebhookSignatures.HEADER, required = false) String signature,
			@RequestBody(required = false) byte[] body) {
		WhatsAppChannels.Channel channel = channel(channelKey);
		byte[] raw = (body != null) ? body : new byte[0];
		if (signature == null || signature.isBlank()) {
			throw new ProblemException(HttpStatus.UNAUTHORIZED, "signature-missing", "Signature missing",
					"A delivery must carry X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body with the app secret>.");
		}
		if (!WebhookSignatures.valid(raw, signature, channel.appSecret())) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "signature-mismatch", "Signature does not match",
					"X-Hub-Signature-256 is not the HMAC-SHA256 of this body with the app secret saved in this "
							+ "workspace's WhatsApp settings. Nothing was stored.");
		}
		long id = WorkspaceScope.call(channel.workspaceId(), () -> this.deliveries.store(channel.workspaceId(), raw));
		return Map.of("deliveryId", Long.toString(id));
	}

	private WhatsAppChannels.Channel channel(String channelKey) {
		return WorkspaceScope.callAsSystem("WhatsApp delivery: which workspace has this channel key",
				() -> this.channels.byKey(channelKey))
			.orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found",
					"No WhatsApp channel has this callback URL; copy it again from Settings → WhatsApp."));
	}

}
