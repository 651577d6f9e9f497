package com.convonite.conversation;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.function.Function;

import com.convonite.shared.Ids;

/**
 * What the log and edit forms send, as typed: strings, so that a refused save shows every value again
 * exactly as the user left it. Times are {@code datetime-local} values in the workspace's time zone.
 */
class ConversationForm {

	private String subject = "";

	private String summary = "";

	private String purposeId = "";

	private String status = "OPEN";

	private String ownerId = "";

	private String startTime = "";

	private String endTime = "";

	private String firstMessageId = "";

	private String lastMessageId = "";

	private Integer version;

	private boolean addFollowUp;

	private FollowUpForm followUpTask = new FollowUpForm();

	static class FollowUpForm {

		private String title = "";

		private String assigneeId = "";

		private String dueAt = "";

		private String notes = "";

		public String getTitle() {
			return this.title;
		}

		public void setTitle(String title) {
			this.title = title;
		}

		public String getAssigneeId() {
			return this.assigneeId;
		}

		public void setAssigneeId(String assigneeId) {
			this.assigneeId = assigneeId;
		}

		public String getDueAt() {
			return this.dueAt;
		}

		public void setDueAt(String dueAt) {
			this.dueAt = dueAt;
		}

		public String getNotes() {
			return this.notes;
		}

		public void setNotes(String notes) {
			this.notes = notes;
		}

	}

	/** The form of a saved conversation, for editing it. */
	static ConversationForm of(ConversationView c, Function<OffsetDateTime, String> input) {
		ConversationForm form = new ConversationForm();
		form.subject = c.subject();
		form.summary = (c.summary() != null) ? c.summary() : "";
		form.purposeId = c.purposeId();
		form.status = c.status().name();
		form.ownerId = c.ownerId();
		form.startTime = input.apply(c.startTime());
		form.endTime = input.apply(c.endTime());
		form.firstMessageId = (c.firstMessageId() != null) ? c.firstMessageId() : "";
		form.lastMessageId = (c.lastMessageId() != null) ? c.lastMessageId() : "";
		form.version = c.version();
		return form;
	}

	/** The command of a new conversation on the chat. */
	LogConversation toCommand(long chatId, Function<String, OffsetDateTime> time) {
		return new LogConversation(chatId, null, this.subject, blankToNull(this.summary), Ids.parse(this.purposeId),
				statusOrNull(), Ids.parse(this.ownerId), time.apply(this.startTime), time.apply(this.endTime),
				Ids.parse(this.firstMessageId), Ids.parse(this.lastMessageId), followUp(time));
	}

	/** Every field of the form as a change (the facade records only what differs). */
	ConversationChanges toChanges(Function<String, OffsetDateTime> time) {
		return new ConversationChanges(Optional.ofNullable(this.subject), Optional.ofNullable(blankToNull(this.summary)),
				Optional.ofNullable(Ids.parse(this.purposeId)), Optional.ofNullable(statusOrNull()),
				Optional.ofNullable(Ids.parse(this.ownerId)), Optional.ofNullable(time.apply(this.startTime)),
				Optional.ofNullable(time.apply(this.endTime)), Optional.ofNullable(Ids.parse(this.firstMessageId)),
				Optional.ofNullable(Ids.parse(this.lastMessageId)), followUp(time));
	}

	private FollowUp followUp(Function<String, OffsetDateTime> time) {
		if (!this.addFollowUp) {
			return null;
		}
		FollowUpForm task = this.followUpTask;
		return new FollowUp(blankToNull(task.title), Ids.parse(task.assigneeId), time.apply(task.dueAt),
				blankToNull(task.notes));
	}

	private ConversationStatus statusOrNull() {
		try {
			return (this.status != null && !this.status.isBlank()) ? ConversationStatus.valueOf(this.status) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text;
	}

	public String getSubject() {
		return this.subject;
	}

	public void setSubject(String subject) {
		this.subject = subject;
	}

	public String getSummary() {
		return this.summary;
	}

	public void setSummary(String summary) {
		this.summary = summary;
	}

	public String getPurposeId() {
		return this.purposeId;
	}

	public void setPurposeId(String purposeId) {
		this.purposeId = purposeId;
	}

	public String getStatus() {
		return this.status;
	}

	public void setStatus(String status) {
		this.status = status;
	}

	public String getOwnerId() {
		return this.ownerId;
	}

	public void setOwnerId(String ownerId) {
		this.ownerId = ownerId;
	}

	public String getStartTime() {
		return this.startTime;
	}

	public void setStartTime(String startTime) {
		this.startTime = startTime;
	}

	public String getEndTime() {
		return this.endTime;
	}

	public void setEndTime(String endTime) {
		this.endTime = endTime;
	}

	public String getFirstMessageId() {
		return this.firstMessageId;
	}

	public void setFirstMessageId(String firstMessageId) {
		this.firstMessageId = firstMessageId;
	}

	public String getLastMessageId() {
		return this.lastMessageId;
	}

	public void setLastMessageId(String lastMessageId) {
		this.lastMessageId = lastMessageId;
	}

	public Integer getVersion() {
		return this.version;
	}

	public void setVersion(Integer version) {
		this.version = version;
	}

	public boolean isAddFollowUp() {
		return this.addFollowUp;
	}

	public void setAddFollowUp(boolean addFollowUp) {
		this.addFollowUp = addFollowUp;
	}

	public FollowUpForm getFollowUpTask() {
		return this.followUpTask;
	}

	public void setFollowUpTask(FollowUpForm followUpTask) {
		this.followUpTask = followUpTask;
	}

}
