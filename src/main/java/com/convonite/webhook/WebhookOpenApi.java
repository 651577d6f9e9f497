package com.convonite.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The outgoing webhooks in the OpenAPI document, as OpenAPI 3.1 {@code webhooks}: one entry per event type, with
 * the signed headers and the payload whose {@code data} is the record as the REST API shows it (see
 * docs/webhooks.md). Runs before the document's general customizer, which marks the payloads' properties required.
 */
@Configuration(proxyBeanMethods = false)
class WebhookOpenApi {

	private static final String SCHEMAS = "#/components/schemas/";

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE - 10)
	OpenApiCustomizer webhookPayloads() {
		return (openApi) -> {
			addSchemas(openApi);
			for (WebhookEventType type : WebhookEventType.values()) {
				openApi.addWebhooks(type.typeName(), new PathItem().post(operation(type)));
			}
		};
	}

	@SuppressWarnings("rawtypes")
	private static void addSchemas(OpenAPI openApi) {
		ObjectSchema workspace = new ObjectSchema();
		workspace.description("The workspace the event happened in");
		workspace.addProperty("id", new StringSchema().description("The workspace's id"));
		openApi.getComponents().addSchemas("WebhookWorkspace", workspace);
		ObjectSchema gone = new ObjectSchema();
		gone.description("A record that no longer existed when the event was prepared (or a deleted conversation): "
				+ "only its id");
		gone.addProperty("id", new StringSchema().description("The record's id"));
		openApi.getComponents().addSchemas("WebhookRecordId", gone);
		event(openApi, "ConversationWebhookEvent", "ConversationView", "a conversation was logged, changed, closed "
				+ "or reopened", List.of(WebhookEventType.CONVERSATION_LOGGED, WebhookEventType.CONVERSATION_UPDATED,
						WebhookEventType.CONVERSATION_CLOSED, WebhookEventType.CONVERSATION_REOPENED));
		event(openApi, "ConversationDeletedWebhookEvent", null, "an admin deleted a conversation",
				List.of(WebhookEventType.CONVERSATION_DELETED));
		event(openApi, "TaskWebhookEvent", "FollowUpTaskView", "a follow-up task was created or completed",
				List.of(WebhookEventType.TASK_CREATED, WebhookEventType.TASK_COMPLETED));
		event(openApi, "ChatWebhookEvent", "ChatView", "a chat was opened, closed or assigned",
				List.of(WebhookEventType.CHAT_OPENED, WebhookEventType.CHAT_CLOSED, WebhookEventType.CHAT_ASSIGNED));
		event(openApi, "MessageWebhookEvent", "MessageView", "a customer's message arrived or a member sent one",
				List.of(WebhookEventType.MESSAGE_RECEIVED, WebhookEventType.MESSAGE_SENT));
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void event(OpenAPI openApi, String name, String record, String when, List<WebhookEventType> types) {
		ObjectSchema event = new ObjectSchema();
		event.description("The body of a webhook POST when " + when + ". It is signed: see Convonite-Signature.");
		event.addProperty("id", new StringSchema().format("uuid")
			.description("The event's id, the same on every retry and redelivery: skip one you already handled"));
		List<String> names = new ArrayList<>();
		types.forEach((type) -> names.add(type.typeName()));
		event.addProperty("type", new StringSchema()._enum(names).description("The event type"));
		event.addProperty("time", new StringSchema().format("date-time").description("When the change happened"));
		event.addProperty("workspace", new Schema<>().$ref(SCHEMAS + "WebhookWorkspace"));
		Schema data;
		if (record == null) {
			data = new Schema<>().$ref(SCHEMAS + "WebhookRecordId");
		}
		else {
			data = new Schema<>();
			data.setAnyOf(new ArrayList<>(List.of(new Schema<>().$ref(SCHEMAS + record),
					new Schema<>().$ref(SCHEMAS + "WebhookRecordId"))));
			data.description("The record as the REST API shows it, read right after the change; only its id when it no "
					+ "longer existed by then");
		}
		event.addProperty("data", data);
		openApi.getComponents().addSchemas(name, event);
	}

	private static Operation operation(WebhookEventType type) {
		String name = switch (type) {
			case CONVERSATION_DELETED -> "ConversationDeletedWebhookEvent";
			case TASK_CREATED, TASK_COMPLETED -> "TaskWebhookEvent";
			case CHAT_OPENED, CHAT_CLOSED, CHAT_ASSIGNED -> "ChatWebhookEvent";
			case MESSAGE_RECEIVED, MESSAGE_SENT -> "MessageWebhookEvent";
			default -> "ConversationWebhookEvent";
		};
		String camel = camel(type.typeName());
		Operation operation = new Operation().operationId("on" + Character.toUpperCase(camel.charAt(0)) + camel.substring(1))
			.summary("The " + type.typeName() + " event")
			.description("Convonite POSTs this to each active endpoint subscribed to " + type.typeName() + ". Verify "
					+ "Convonite-Signature before trusting the body; answer any 2xx within 10 seconds.")
			.tags(List.of("Webhook events"))
			.requestBody(new RequestBody().required(true).content(new Content().addMediaType("application/json",
					new MediaType().schema(new Schema<>().$ref(SCHEMAS + name)))))
			.responses(new ApiResponses()
				.addApiResponse("200", new ApiResponse().description("Any 2xx acknowledges the delivery; any other "
						+ "answer, a redirect or no answer within 10 seconds is retried for 24 hours")));
		operation.setSecurity(List.of());
		Map<String, String> headers = Map.of("Convonite-Event-Id", "The event's id, as the body's id",
				"Convonite-Event-Type", "The event type, as the body's type",
				"Convonite-Delivery-Id", "This endpoint's delivery of the event, as in its delivery log",
				"Convonite-Timestamp", "When this attempt was signed, in Unix seconds; refuse one far from your clock",
				"Convonite-Signature", "v1= and the lower-case hex HMAC-SHA256 of timestamp + \".\" + body, keyed with "
						+ "the endpoint's secret");
		headers.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach((header) -> operation
			.addParametersItem(new Parameter().in("header").name(header.getKey()).required(true)
				.description(header.getValue()).schema(new StringSchema())));
		return operation;
	}

	private static String camel(String typeName) {
		StringBuilder result = new StringBuilder();
		boolean upper = false;
		for (char c : typeName.toCharArray()) {
			if (c == '.') {
				upper = true;
			}
			else {
				result.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return result.toString();
	}

}
