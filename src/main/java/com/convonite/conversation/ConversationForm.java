package com.convonite.conversation;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import com.convonite.shared.Ids;
import com.convonite.workspace.Times;

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

	/**
	 * The custom fields' inputs by key, as typed (a multi select's ticked choices): read from the request's
	 * {@code field.<key>} parameters by {@link #readFields}, since a value may hold commas that binding would split.
	 */
	private Map<String, List<String>> fields = new LinkedHashMap<>();

	/** The keys of the custom fields the form showed (each sends {@code fieldShown=<key>}, so an unticked box counts). */
	private List<String> fieldShown = new ArrayList<>();

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
		form.fields = inputs(c.fields());
		return form;
	}

	/** The command of a new conversation on the chat. */
	LogConversation toCommand(long chatId, Function<String, OffsetDateTime> time) {
		return new LogConversation(chatId, null, this.subject, blankToNull(lines(this.summary)), Ids.parse(this.purposeId),
				statusOrNull(), Ids.parse(this.ownerId), time.apply(this.startTime), time.apply(this.endTime),
				Ids.parse(this.firstMessageId), Ids.parse(this.lastMessageId), followUp(time), fieldValues());
	}

	/**
	 * The fields the user changed, compared with the conversation as the form showed it: a field left as it was
	 * is no change, so that a value the form cannot show exactly (a time's microseconds, a summary's line
	 * breaks, which browsers send as CR LF) is never written back. {@code lastMessageEnd} is the time of the
	 * current last message: choosing "No last message" clears the end time that came from it, and only that.
	 */
	ConversationChanges toChanges(ConversationView current, Times times, OffsetDateTime lastMessageEnd) {
		String newSummary = blankToNull(lines(this.summary));
		Long newFirst = Ids.parse(this.firstMessageId);
		Long newLast = Ids.parse(this.lastMessageId);
		Optional<OffsetDateTime> end = times.sameInput(this.endTime, current.endTime()) ? null
				: Optional.ofNullable(times.parseInput(this.endTime));
		boolean lastDropped = newLast == null && current.lastMessageId() != null;
		if (end == null && lastDropped && lastMessageEnd != null && lastMessageEnd.isEqual(current.endTime())) {
			end = Optional.empty();
		}
		return new ConversationChanges(
				unchanged(lines(this.subject), current.subject()) ? null : Optional.ofNullable(this.subject),
				unchanged(newSummary, current.summary()) ? null : Optional.ofNullable(newSummary),
				unchanged(this.purposeId, current.purposeId()) ? null : Optional.ofNullable(Ids.parse(this.purposeId)),
				(statusOrNull() == current.status()) ? null : Optional.ofNullable(statusOrNull()),
				unchanged(this.ownerId, current.ownerId()) ? null : Optional.ofNullable(Ids.parse(this.ownerId)),
				times.sameInput(this.startTime, current.startTime()) ? null
						: Optional.ofNullable(times.parseInput(this.startTime)),
				end, Objects.equals(str(newFirst), current.firstMessageId()) ? null : Optional.ofNullable(newFirst),
				Objects.equals(str(newLast), current.lastMessageId()) ? null : Optional.ofNullable(newLast),
				followUp(times::parseInput), changedFields(current));
	}

	/** Takes the custom fields' inputs from the request: {@code field.<key>}, once per ticked choice. */
	ConversationForm readFields(jakarta.servlet.http.HttpServletRequest request) {
		for (String key : this.fieldShown) {
			String[] values = request.getParameterValues("field." + key);
			this.fields.put(key, (values != null) ? List.of(values) : List.of());
		}
		return this;
	}

	/** The form of a saved conversation's custom field values. */
	private static Map<String, List<String>> inputs(Map<String, Object> values) {
		Map<String, List<String>> inputs = new LinkedHashMap<>();
		values.forEach((key, value) -> inputs.put(key, (value instanceof List<?> list)
				? list.stream().map(String::valueOf).toList() : List.of(ConversationFields.display(value))));
		return inputs;
	}

	/** What the form's inputs say, for the command: a checkbox unticked is false, one value is a string. */
	private Map<String, Object> fieldValues() {
		Map<String, Object> values = new LinkedHashMap<>();
		this.fields.forEach((key, typed) -> values.put(key, (typed.size() == 1) ? typed.get(0) : typed));
		return values;
	}

	/** Only the custom fields whose input differs from the saved value, so that what the form cannot show stays. */
	private Map<String, Object> changedFields(ConversationView current) {
		Map<String, List<String>> saved = inputs(current.fields());
		Map<String, Object> changed = new LinkedHashMap<>();
		fieldValues().forEach((key, value) -> {
			List<String> typed = this.fields.get(key).stream().map(String::strip).filter((t) -> !t.isEmpty()).toList();
			List<String> before = saved.getOrDefault(key, List.of());
			boolean uncheckedBox = typed.equals(List.of("false")) && before.isEmpty();
			if (!typed.equals(before) && !uncheckedBox) {
				changed.put(key, value);
			}
		});
		return changed;
	}

	public Map<String, List<String>> getFields() {
		return this.fields;
	}

	public List<String> getFieldShown() {
		return this.fieldShown;
	}

	public void setFieldShown(List<String> fieldShown) {
		this.fieldShown = fieldShown;
	}

	/** The input of a custom field, for the form to show: its one value, or "" when it has none. */
	public String field(String key) {
		List<String> values = this.fields.getOrDefault(key, List.of());
		return values.isEmpty() ? "" : values.get(0);
	}

	/** Whether a select's choice or a checkbox is on in the form. */
	public boolean fieldHas(String key, String value) {
		return this.fields.getOrDefault(key, List.of()).contains(value);
	}

	/** Text as stored: trimmed, with line breaks as LF (a browser sends a textarea's as CR LF). */
	private static boolean unchanged(String typed, String stored) {
		String a = (typed == null) ? "" : lines(typed).strip();
		String b = (stored == null) ? "" : stored.strip();
		return a.equals(b);
	}

	static String lines(String text) {
		return (text == null) ? null : text.replace("\r\n", "\n");
	}

	private static String str(Long id) {
		return (id != null) ? id.toString() : null;
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
