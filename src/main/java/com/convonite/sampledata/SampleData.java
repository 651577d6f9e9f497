package com.convonite.sampledata;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.convonite.chat.ChatHistory;
import com.convonite.chat.Chats;
import com.convonite.chat.InboundMessages;
import com.convonite.chat.InboundMessages.InboundMessage;
import com.convonite.conversation.ConversationStatus;
import com.convonite.conversation.Conversations;
import com.convonite.conversation.FollowUp;
import com.convonite.conversation.LogConversation;
import com.convonite.conversation.PurposeView;
import com.convonite.conversation.Purposes;
import com.convonite.task.FollowUpTasks;
import com.convonite.workspace.Members;
import com.convonite.workspace.Role;
import com.convonite.workspace.SignedInMember;
import com.convonite.workspace.WorkspaceCreated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fills a new workspace with about three months of a small shop's customer service: 3 members, 40 contacts,
 * 60 chats (threads in both directions, some waiting for a reply, some closed), one conversation per chat over every
 * purpose and status, and follow-up tasks, some due soon and some overdue. Everything goes through the
 * modules' facades, so the sample obeys the same rules as real data. Seeded, so every workspace gets the same
 * story.
 */
@Component
class SampleData {

	static final String MEMBER_PASSWORD = "convonite-sample";

	private static final Logger log = LoggerFactory.getLogger(SampleData.class);

	private final Members members;

	private final InboundMessages inbound;

	private final ChatHistory history;

	private final Chats chats;

	private final Purposes purposes;

	private final Conversations conversations;

	private final FollowUpTasks tasks;

	private final TransactionTemplate transaction;

	SampleData(Members members, InboundMessages inbound, ChatHistory history, Chats chats, Purposes purposes,
			Conversations conversations, FollowUpTasks tasks, PlatformTransactionManager transactions) {
		this.members = members;
		this.inbound = inbound;
		this.history = history;
		this.chats = chats;
		this.purposes = purposes;
		this.conversations = conversations;
		this.tasks = tasks;
		this.transaction = new TransactionTemplate(transactions);
		this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/** Runs once the new workspace is committed, in a transaction of its own: all of the sample or none. */
	@TransactionalEventListener
	void onWorkspaceCreated(WorkspaceCreated created) {
		if (!created.sampleDataRequested()) {
			return;
		}
		long started = System.nanoTime();
		SignedInMember admin = new SignedInMember(created.workspaceId(), created.adminId(), Role.ADMIN, "Admin");
		this.transaction.executeWithoutResult((status) -> load(admin));
		log.info("Loaded sample data into workspace {} in {} ms", created.workspaceId(),
				(System.nanoTime() - started) / 1_000_000);
	}

	void load(SignedInMember admin) {
		Random random = new Random(20261125L);
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
		List<SignedInMember> team = new ArrayList<>(List.of(admin));
		for (String[] person : SampleStories.MEMBERS) {
			var member = this.members.add(admin, new Members.NewMember(person[0],
					person[1] + "." + admin.workspaceId() + "@sample.convonite.test", MEMBER_PASSWORD, Role.AGENT));
			team.add(new SignedInMember(admin.workspaceId(), Long.parseLong(member.id()), Role.AGENT, member.name()));
		}
		List<PurposeView> purposeList = this.purposes.list(admin.workspaceId(), false);
		List<long[]> chatThreads = new ArrayList<>();
		int chatCount = 0;
		for (int c = 0; c < SampleStories.CONTACTS.length; c++) {
			String phone = "+1201555" + (2000 + c);
			int channels = (c % 2 == 0) ? 2 : 1;
			for (int channel = 0; channel < channels && chatCount < 60; channel++, chatCount++) {
				chatThreads.add(thread(admin, team, random, now, SampleStories.CONTACTS[c], phone,
						(channel == 0) ? "whatsapp" : "sms", chatCount));
			}
		}
		// One conversation per chat, about what its thread says (a first look should not contradict itself).
		for (int i = 0; i < chatThreads.size(); i++) {
			logConversation(admin, team, random, purposeList, chatThreads.get(i), i, now);
		}
	}

	/** One chat: a thread of 3 to 8 messages ending at a time spread over the last 90 days; returns ids. */
	private long[] thread(SignedInMember admin, List<SignedInMember> team, Random random, OffsetDateTime now,
			String name, String phone, String channel, int index) {
		String[] story = SampleStories.THREADS[index % SampleStories.THREADS.length];
		// The first chats are recent (still within the 24-hour reply window); later ones go back in time. The
		// thread ends before now: no message lies in the future.
		OffsetDateTime end = (index < 12) ? now.minusMinutes(5L + index * 40L)
				: now.minusHours(24L + random.nextInt(90 * 24));
		long[] gaps = new long[story.length];
		long total = 0;
		for (int m = 1; m < story.length; m++) {
			gaps[m] = 2 + random.nextInt(20);
			total += gaps[m];
		}
		OffsetDateTime start = end.minusMinutes(total);
		long chatId = 0;
		long firstId = 0;
		long lastId = 0;
		SignedInMember assignee = team.get(index % team.size());
		OffsetDateTime at = start;
		for (int m = 0; m < story.length; m++) {
			long messageId;
			if (m % 2 == 0) {
				var delivery = this.inbound.receive(admin, new InboundMessage(channel,
						"sample-" + admin.workspaceId() + "-" + index + "-" + m, phone, name, "text", story[m], at, null));
				chatId = Long.parseLong(delivery.chat().id());
				messageId = Long.parseLong(delivery.message().id());
				if (m == 0 && index % 7 != 6) {
					this.chats.assign(admin, chatId, assignee.memberId());
				}
			}
			else {
				messageId = this.history.recordReply(assignee, chatId, story[m], at);
			}
			firstId = (m == 0) ? messageId : firstId;
			lastId = messageId;
			if (m + 1 < story.length) {
				at = at.plusMinutes(gaps[m + 1]);
			}
		}
		boolean assigned = index % 7 != 6;
		if (index >= 20 && index % 3 == 0 && assigned) {
			this.chats.close(assignee, chatId);
		}
		if (assigned && index >= 12) {
			// Older chats were read by their assignee long ago (closed ones all the more); recent ones wait.
			this.chats.markRead(assignee, chatId);
		}
		return new long[] { chatId, firstId, lastId, assignee.memberId() };
	}

	private void logConversation(SignedInMember admin, List<SignedInMember> team, Random random,
			List<PurposeView> purposeList, long[] thread, int index, OffsetDateTime now) {
		// TOPICS[k] is the conversation of THREADS[k]: chat index picks both.
		String[] topic = SampleStories.TOPICS[index % SampleStories.THREADS.length];
		PurposeView purpose = purposeList.stream()
			.filter((p) -> p.name().equals(topic[0]))
			.findFirst()
			.orElse(purposeList.get(index % purposeList.size()));
		SignedInMember owner = team.get((int) ((thread[3] + index) % team.size()));
		ConversationStatus status = (index % 3 == 0) ? ConversationStatus.OPEN : ConversationStatus.CLOSED;
		FollowUp followUp = null;
		if (index % 4 == 0) {
			// Some due in the coming days, some already overdue.
			OffsetDateTime due = now.plusHours((index % 8 == 0) ? 20 + random.nextInt(72) : -(2 + random.nextInt(48)));
			followUp = new FollowUp(null, team.get((index / 4) % team.size()).memberId(), due, topic[2]);
		}
		this.conversations.log(owner, new LogConversation(thread[0], null, topic[1], topic[3], Long.valueOf(purpose.id()),
				status, owner.memberId(), null, null, thread[1], thread[2], followUp));
	}

}
