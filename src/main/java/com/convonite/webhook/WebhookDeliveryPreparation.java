package com.convonite.webhook;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.convonite.chat.Chats;
import com.convonite.conversation.Conversations;
import com.convonite.shared.ProblemException;
import com.convonite.task.FollowUpTasks;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Turns a committed {@link WebhookEventOccurred} into one delivery per active endpoint that subscribed to it,
 * with the body every attempt will send. The event publication registry calls this again after a crash until it
 * completes; the unique (endpoint, event id) makes that harmless.
 * <p>
 * {@code data} is the resource as the REST API shows it, read through its module's facade here, right after the
 * change committed, and frozen in the delivery: retries and redeliveries send the very same body. A resource gone
 * by then (a deleted conversation, or one deleted right after the change) is described by its id alone.
 */
@Component
class WebhookDeliveryPreparation {

	private final JdbcWebhookRepository repository;

	private final Conversations conversations;

	private final FollowUpTasks tasks;

	private final Chats chats;

	private final JsonMapper json;

	private final WebhookSender sender;

	private final Duration retryFor;

	WebhookDeliveryPreparation(JdbcWebhookRepository repository, Conversations conversations, FollowUpTasks tasks,
			Chats chats, JsonMapper json, WebhookSender sender,
			@Value("${convonite.webhooks.retry-for:PT24H}") Duration retryFor) {
		this.repository = repository;
		this.conversations = conversations;
		this.tasks = tasks;
		this.chats = chats;
		this.json = json;
		this.sender = sender;
		this.retryFor = retryFor;
	}

	@ApplicationModuleListener
	void on(WebhookEventOccurred event) {
		List<Long> endpoints = this.repository.subscribers(event.workspaceId(), event.type().typeName());
		if (endpoints.isEmpty()) {
			return;
		}
		String payload = payload(event);
		boolean made = false;
		for (long endpointId : endpoints) {
			made |= this.repository.insertDelivery(event.workspaceId(), endpointId, event.id(), event.type().typeName(),
					event.time(), payload, event.time().plus(this.retryFor));
		}
		if (made) {
			this.sender.wakeUpAfterCommit();
		}
	}

	String payload(WebhookEventOccurred event) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", event.id().toString());
		body.put("type", event.type().typeName());
		body.put("time", event.time().toString());
		body.put("workspace", Map.of("id", Long.toString(event.workspaceId())));
		body.put("data", data(event).<Object>map((d) -> d).orElseGet(() -> Map.of("id", Long.toString(event.subjectId()))));
		return this.json.writeValueAsString(body);
	}

	private Optional<?> data(WebhookEventOccurred event) {
		long workspaceId = event.workspaceId();
		long id = event.subjectId();
		return switch (event.type()) {
			case CONVERSATION_LOGGED, CONVERSATION_UPDATED, CONVERSATION_CLOSED, CONVERSATION_REOPENED -> conversation(
					workspaceId, id);
			case CONVERSATION_DELETED -> Optional.empty();
			case TASK_CREATED, TASK_COMPLETED -> this.tasks.find(workspaceId, id);
			case CHAT_OPENED, CHAT_CLOSED, CHAT_ASSIGNED -> this.chats.find(workspaceId, id);
			case MESSAGE_RECEIVED, MESSAGE_SENT -> this.chats.findMessage(workspaceId, id);
		};
	}

	private Optional<?> conversation(long workspaceId, long id) {
		try {
			return Optional.of(this.conversations.get(workspaceId, id));
		}
		catch (ProblemException ex) {
			return Optional.empty();
		}
	}

}
