package com.convonite.whatsapp;

import java.time.Duration;
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

import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;

/**
 * Hands the team's messages in WhatsApp chats to the Cloud API once they are committed (and again on a
 * retry). The result goes back to the chat module: SENT with the wamid, or FAILED with the reason. No
 * transaction is held open while the Cloud API answers. A message no longer PENDING is left alone, and one is
 * claimed for the time a send can take before the Cloud API is called, so the same event delivered twice,
 * even at once on two instances, sends it once. A delivery that finds the claim held by another fails, so that
 * the outbox delivers the event again later: if the holder died, the claim has ended by then and the message
 * is sent (possibly twice, if the holder died after WhatsApp took it and before that was saved).
 */
@Component
class WhatsAppSender {

	private static final Logger log = LoggerFactory.getLogger(WhatsAppSender.class);

	private final Chats chats;

	private final OutgoingMessages outgoing;

	private final WhatsAppChannels channels;

	private final CloudApiClient cloudApi;

	/** Longer than a send can take: the Cloud API's connect and read time-outs, and a margin. */
	private final Duration claim;

	WhatsAppSender(Chats chats, OutgoingMessages outgoing, WhatsAppChannels channels, CloudApiClient cloudApi,
			@Value("${convonite.whatsapp.connect-timeout:PT5S}") Duration connectTimeout,
			@Value("${convonite.whatsapp.read-timeout:PT20S}") Duration readTimeout) {
		this.claim = connectTimeout.plus(readTimeout).plusSeconds(30);
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
		OutgoingMessages.SendClaim claimed = this.outgoing.claimForSending(workspaceId, messageId, this.claim);
		if (claimed == OutgoingMessages.SendClaim.NOT_PENDING) {
			return;
		}
		if (claimed == OutgoingMessages.SendClaim.HELD) {
			throw new SendInProgress(workspaceId, messageId);
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

	/**
	 * Another delivery of the same send is handing the message to WhatsApp: this one ends unfinished, and the
	 * outbox delivers the event again later. One line in the log, no stack trace.
	 */
	static final class SendInProgress extends IllegalStateException {

		SendInProgress(long workspaceId, long messageId) {
			super("WhatsApp message " + messageId + " of workspace " + workspaceId
					+ " is being sent by another delivery of the same event; it is tried again later if that one never finishes");
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}

	}

}
