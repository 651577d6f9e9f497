package com.convonite.whatsapp;

import java.time.OffsetDateTime;

import com.convonite.shared.AdminOnly;
import com.convonite.workspace.SignedInMember;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The workspace's WhatsApp channel settings over the REST API (admins only). */
@Tag(name = "Channels")
@RestController
@RequestMapping(path = "/api/v1/channels/whatsapp", produces = "application/json")
class WhatsAppChannelApiController {

	private final WhatsAppChannels channels;

	WhatsAppChannelApiController(WhatsAppChannels channels) {
		this.channels = channels;
	}

	@Schema(description = "The WhatsApp channel; secrets are masked (last four characters at most), never shown in full.")
	record ChannelResponse(boolean configured, @Schema(nullable = true, example = "106540352242922") String phoneNumberId,
			@Schema(nullable = true, example = "••••9f2c") String verifyToken, @Schema(nullable = true, example = "••••a1b2") String appSecret,
			@Schema(nullable = true, example = "••••ZD") String accessToken,
			@Schema(nullable = true, description = "The callback URL to enter in Meta's developer console") String callbackUrl,
			@Schema(nullable = true) OffsetDateTime updatedAt, @Schema(nullable = true, description = "When the last signed delivery arrived") OffsetDateTime lastDeliveryAt,
			@Schema(nullable = true) Integer version) {

		static ChannelResponse of(WhatsAppChannelView view) {
			String url = (view.callbackPath() != null)
					? ServletUriComponentsBuilder.fromCurrentContextPath().path(view.callbackPath()).toUriString() : null;
			return new ChannelResponse(view.configured(), view.phoneNumberId(), view.verifyToken(), view.appSecret(),
					view.accessToken(), url, view.updatedAt(), view.lastDeliveryAt(), view.version());
		}

	}

	record ChannelRequest(@Schema(example = "106540352242922") String phoneNumberId,
			@Schema(description = "Blank keeps the stored one; at least 8 characters") String verifyToken,
			@Schema(description = "The Meta app's secret; blank keeps the stored one") String appSecret,
			@Schema(description = "A system user's access token; blank keeps the stored one") String accessToken,
			@Schema(description = "The version last read; a stale one gets 409") Integer version) {
	}

	@Operation(operationId = "getWhatsAppChannel", summary = "Read the WhatsApp channel settings (admins)",
			description = "configured=false until an admin saves them. The secrets are masked.")
	@AdminOnly("see the WhatsApp channel settings")
	@GetMapping
	ChannelResponse get(SignedInMember me) {
		return ChannelResponse.of(this.channels.settings(me));
	}

	@Operation(operationId = "saveWhatsAppChannel", summary = "Save the WhatsApp channel settings (admins)",
			description = "phoneNumberId always; verifyToken, appSecret and accessToken the first time, later only "
					+ "to change them (blank or absent keeps the stored value). The answer shows the callback URL.")
	@AdminOnly("change the WhatsApp channel settings")
	@PutMapping(consumes = "application/json")
	ChannelResponse save(SignedInMember me, @RequestBody ChannelRequest request) {
		return ChannelResponse.of(this.channels.save(me, new WhatsAppChannelSettings(request.phoneNumberId(),
				request.verifyToken(), request.appSecret(), request.accessToken(), request.version())));
	}

}
