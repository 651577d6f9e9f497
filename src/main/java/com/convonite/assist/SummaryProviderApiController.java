package com.convonite.assist;

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

/** The workspace's OpenAI-compatible summary provider over the REST API (admins only). */
@Tag(name = "Settings")
@RestController
@RequestMapping(path = "/api/v1/settings/summary-provider", produces = "application/json")
class SummaryProviderApiController {

	private final SummaryProviders providers;

	SummaryProviderApiController(SummaryProviders providers) {
		this.providers = providers;
	}

	@Schema(description = "The OpenAI-compatible endpoint that drafts subjects and summaries; the API key is masked "
			+ "(last four characters at most), never shown in full.")
	record SummaryProviderResponse(@Schema(description = "false until an admin first saves the settings") boolean configured,
			@Schema(description = "When false (the default) drafts are made on this server and nothing is sent anywhere")
			boolean enabled,
			@Schema(nullable = true, example = "http://localhost:11434/v1") String baseUrl,
			@Schema(nullable = true, example = "llama3.2") String model,
			@Schema(nullable = true, example = "••••9f2c", description = "Masked; null when no key is stored") String apiKey,
			@Schema(description = "How long to wait for a draft", example = "20") int timeoutSeconds,
			@Schema(nullable = true) OffsetDateTime updatedAt, @Schema(nullable = true) Integer version) {

		static SummaryProviderResponse of(SummaryProviderView view) {
			return new SummaryProviderResponse(view.configured(), view.enabled(), view.baseUrl(), view.model(), view.apiKey(),
					view.timeoutSeconds(), view.updatedAt(), view.version());
		}

	}

	record SummaryProviderRequest(
			@Schema(description = "Send the picked messages to this endpoint for drafts; default false") Boolean enabled,
			@Schema(description = "The endpoint's base URL, up to and without /chat/completions; required when enabled",
					example = "http://localhost:11434/v1") String baseUrl,
			@Schema(description = "The model to ask; required when enabled", example = "llama3.2") String model,
			@Schema(description = "Sent as Authorization: Bearer; blank or absent keeps the stored one, none is "
					+ "needed for a server without keys") String apiKey,
			@Schema(description = "true forgets the stored API key") Boolean removeApiKey,
			@Schema(description = "Seconds to wait for a draft, 1 to 120; absent keeps the stored value (20 at first)",
					example = "20") Integer timeoutSeconds,
			@Schema(description = "The version last read; a stale one gets 409") Integer version) {

		@Override
		public String toString() {
			return "SummaryProviderRequest[enabled=" + this.enabled + ", baseUrl=" + this.baseUrl + ", model="
					+ this.model + "]";
		}

	}

	@Operation(operationId = "getSummaryProvider", summary = "Read the summary provider settings (admins)",
			description = "configured=false until an admin saves them; enabled=false (the default) means drafts are "
					+ "made on this server. The API key is masked.")
	@AdminOnly("see the summary provider settings")
	@GetMapping
	SummaryProviderResponse get(SignedInMember me) {
		return SummaryProviderResponse.of(this.providers.settings(me));
	}

	@Operation(operationId = "saveSummaryProvider", summary = "Save the summary provider settings (admins)",
			description = "An OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, vLLM, ...) that drafts the "
					+ "subject and summary when logging from a chat: only the picked messages are sent, as POST "
					+ "{baseUrl}/chat/completions. baseUrl and model are required to enable it; the API key is stored "
					+ "encrypted and never shown back. When the endpoint fails, the draft is made on this server.")
	@AdminOnly("change the summary provider settings")
	@PutMapping(consumes = "application/json")
	SummaryProviderResponse save(SignedInMember me, @RequestBody SummaryProviderRequest request) {
		return SummaryProviderResponse.of(this.providers.save(me,
				new SummaryProviderSettings(Boolean.TRUE.equals(request.enabled()), request.baseUrl(), request.model(),
						request.apiKey(), Boolean.TRUE.equals(request.removeApiKey()), request.timeoutSeconds(),
						request.version())));
	}

}
