package com.convonite.conversation;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.convonite.chat.Chats;
import com.convonite.chat.MessageView;
import com.convonite.shared.Cursor;
import com.convonite.shared.Page;
import com.convonite.shared.PageRequest;
import com.convonite.workspace.MemberView;
import com.convonite.workspace.Members;
import com.convonite.workspace.SignedInMember;
import com.convonite.workspace.Times;

import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** What the conversation pages put in their models for the log/edit fields: choices, thread, defaults. */
@Component
class ConversationPageSupport {

	static final int THREAD_MAX = 1000;

	private final Purposes purposes;

	private final Members members;

	private final Chats chats;

	private final Times times;

	private final ConversationFields fields;

	ConversationPageSupport(Purposes purposes, Members members, Chats chats, Times times, ConversationFields fields) {
		this.fields = fields;
		this.purposes = purposes;
		this.members = members;
		this.chats = chats;
		this.times = times;
	}

	/** Every member, active or not (for filters and for names). */
	List<MemberView> allMembers(long workspaceId) {
		List<MemberView> all = new ArrayList<>();
		PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
		while (true) {
			Page<MemberView> result = this.members.list(workspaceId, page);
			all.addAll(result.items());
			if (result.nextCursor() == null || all.size() >= 2000) {
				return all;
			}
			page = new PageRequest(PageRequest.MAX_LIMIT, Cursor.decode(result.nextCursor()));
		}
	}

	/** Active members, plus the one given (such as a current owner who was deactivated since). */
	List<MemberView> assignableMembers(long workspaceId, String keep) {
		return allMembers(workspaceId).stream().filter((m) -> m.active() || m.id().equals(keep)).toList();
	}

	/** Active purposes, plus the one given (such as the archived purpose of an older conversation). */
	List<PurposeView> selectablePurposes(long workspaceId, String keep) {
		return this.purposes.list(workspaceId, true)
			.stream()
			.filter((p) -> !p.archived() || p.id().equals(keep))
			.toList();
	}

	/** The chat's thread, oldest first (the first {@value #THREAD_MAX} messages). */
	List<MessageView> thread(long workspaceId, long chatId) {
		List<MessageView> all = new ArrayList<>();
		PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
		while (true) {
			Page<MessageView> result = this.chats.messages(workspaceId, chatId, page);
			all.addAll(result.items());
			if (result.nextCursor() == null || all.size() >= THREAD_MAX) {
				return all;
			}
			page = new PageRequest(PageRequest.MAX_LIMIT, Cursor.decode(result.nextCursor()));
		}
	}

	/** A new, empty log form: owned by me, open. */
	ConversationForm newForm(SignedInMember me) {
		ConversationForm form = new ConversationForm();
		form.setOwnerId(Long.toString(me.memberId()));
		form.getFollowUpTask().setAssigneeId(Long.toString(me.memberId()));
		return form;
	}

	/**
	 * Prefills a new form from the thread: the time of the first message after {@code after} (or of the first of
	 * all) as the start time; with {@code pick}, that message picked as the first and the thread's last message
	 * as the last, with its time as the end time (closing a chat logs what happened since it was opened).
	 */
	static void prefill(ConversationForm form, List<MessageView> messages, OffsetDateTime after, boolean pick,
			java.util.function.Function<OffsetDateTime, String> input) {
		MessageView first = messages.stream()
			.filter((m) -> after == null || m.sentAt().isAfter(after))
			.findFirst()
			.orElse(null);
		if (first == null) {
			return;
		}
		form.setStartTime(input.apply(first.sentAt()));
		if (pick) {
			form.setFirstMessageId(first.id());
			MessageView last = messages.get(messages.size() - 1);
			form.setLastMessageId(last.id());
			form.setEndTime(input.apply(last.sentAt()));
		}
	}

	/** The thread, and each message's time as a {@code datetime-local} value for the pickers. */
	List<MessageView> thread(Model model, long workspaceId, long chatId) {
		List<MessageView> messages = thread(workspaceId, chatId);
		java.util.Map<String, String> inputs = new java.util.HashMap<>();
		messages.forEach((m) -> inputs.put(m.id(), this.times.input(m.sentAt())));
		model.addAttribute("messages", messages);
		model.addAttribute("sentAtInputs", inputs);
		return messages;
	}

	/** The choices of the log/edit fields. */
	void fieldChoices(Model model, long workspaceId, ConversationForm form) {
		model.addAttribute("purposes", selectablePurposes(workspaceId, form.getPurposeId()));
		model.addAttribute("owners", assignableMembers(workspaceId, form.getOwnerId()));
		model.addAttribute("assignees", assignableMembers(workspaceId, null));
		model.addAttribute("conversationFields", this.fields.list(workspaceId, false));
		model.addAttribute("closingRules", this.fields.closingRules(workspaceId));
		model.addAttribute("form", form);
	}

	OffsetDateTime parse(String input) {
		return this.times.parseInput(input);
	}

	String input(OffsetDateTime time) {
		return this.times.input(time);
	}

	Times times() {
		return this.times;
	}

}
