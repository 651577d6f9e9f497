package com.convonite.whatsapp;

import java.util.Optional;

import com.convonite.chat.ChatView;
import com.convonite.chat.Chats;
import com.convonite.chat.DeliveryStatus;
import com.convonite.chat.MessageDirection;
import com.convonite.chat.MessageRetried;
import com.convonite.chat.MessageSent;
import com.convonite.chat.MessageType;
import com.convonite.chat.MessageView;
import com.convonite.chat.OutgoingMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;

/**
 * Hands the team's messages in WhatsApp chats to the Cloud API once they are committed (and again on a
 * retry). The result goes back to the chat module: SENT with the wamid, or FAILED with the reason. No
 * transaction is held open while the Cloud API answers. A message no longer PENDING is left alone, so a
 * repeated event sends nothing twice.
 */
@Component
class WhatsAppSender {

	private static final Logger log = LoggerFactory.getLogger(WhatsAppSender.class);

	private final Chats chats;

	private final OutgoingMessages outgoing;

	private final WhatsAppChannels channels;

	private final CloudApiClient cloudApi;

	WhatsAppSender(Chats chats, OutgoingMessages outgoing, WhatsAppChannels channels, CloudApiClient cloudApi) {
		this.chats = chats;
		this.outgoing = outgoing;
		this.channels = channels;
		this.cloudApi = cloudApi;
	}

	@ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
	void on(MessageSent event) {
		send(event.workspaceId(), event.chatId(), event.messageId());
	}

	@ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
	void on(MessageRetried event) {
		send(event.workspaceId(), event.chatId(), event.messageId());
	}

	void send(long workspaceId, long chatId, long messageId) {
		Optional<MessageView> found = this.chats.findMessage(workspaceId, messageId);
		Optional<ChatView> chat = this.chats.find(workspaceId, chatId);
		if (found.isEmpty() || chat.isEmpty() || !WebhookPayloads.CHANNEL.equals(chat.get().channel())) {
			return;
		}
		MessageView message = found.get();
		if (message.direction() != MessageDirection.OUT || message.deliveryStatus() != DeliveryStatus.PENDING) {
			return;
		}
		Optional<WhatsAppChannels.Channel> channel = this.channels.ofWorkspace(workspaceId);
		if (channel.isEmpty()) {
			this.outgoing.failed(workspaceId, messageId, "The WhatsApp channel is not set up in this workspace; "
					+ "an admin can set it up under Settings → WhatsApp, then retry.");
			return;
		}
		if (message.type() != MessageType.TEXT) {
			this.outgoing.failed(workspaceId, messageId, "Only text messages can be sent to WhatsApp from Convonite.");
			return;
		}
		String to = chat.get().contactPhone().replaceAll("[^0-9]", "");
		try {
			String wamid = this.cloudApi.sendText(channel.get(), to, message.body());
			this.outgoing.accepted(workspaceId, messageId, wamid);
		}
		catch (CloudApiClient.SendFailed ex) {
			log.info("WhatsApp message {} of workspace {} not sent: {}", messageId, workspaceId, ex.getMessage());
			this.outgoing.failed(workspaceId, messageId, ex.getMessage());
		}
	}

}
