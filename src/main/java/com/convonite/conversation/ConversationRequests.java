package com.convonite.conversation;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.convonite.shared.FieldProblem;
import com.convonite.shared.Ids;
import com.convonite.shared.JsonInputProblems;
import com.convonite.shared.PatchBody;
import com.convonite.shared.ProblemException;
import com.convonite.workspace.SignedInMember;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON shapes of conversation requests, and their translation into the module's commands. */
final class ConversationRequests {

	private ConversationRequests() {
	}

	@Schema(description = "An optional follow-up task saved together with the conversation.")
	record FollowUpTaskRequest(@Schema(description = "Defaults to \"Follow up: \" + subject") String title,
			@Schema(description = "A member id; defaults to you") String assigneeId,
			@Schema(example = "2026-12-01T09:00:00Z") OffsetDateTime dueAt, String notes) {

		FollowUp toFollowUp(String prefix) {
			return new FollowUp(this.title, (this.assigneeId != null) ? Ids.fieldId(this.assigneeId, prefix + "assigneeId")
					: null, this.dueAt, this.notes);
		}

	}

	@Schema(description = "A conversation to log. chatId, subject and purposeId are required.")
	record LogConversationRequest(@Schema(example = "42") String chatId,
			@Schema(description = "Optional; must be the chat's contact") String contactId,
			@Schema(example = "Pricing enquiry for Plan A") String subject,
			@Schema(example = "Asked for a quotation; sent prices, customer will decide by Friday.") String summary,
			@Schema(example = "1") String purposeId, @Schema(description = "Defaults to OPEN") ConversationStatus status,
			@Schema(description = "Defaults to you") String ownerId,
			@Schema(description = "Defaults to the first message's time, else now") OffsetDateTime startTime,
			OffsetDateTime endTime, String firstMessageId, String lastMessageId, FollowUpTaskRequest followUpTask,
			@Schema(description = "Custom field values by key (see /conversation-fields)",
					example = "{\"channel\": \"Phone\", \"tags\": [\"VIP\"], \"callback\": true}") Map<String, Object> fields) {

		LogConversation toCommand() {
			return new LogConversation(id(this.chatId, "chatId"), id(this.contactId, "contactId"), this.subject,
					this.summary, id(this.purposeId, "purposeId"), this.status, id(this.ownerId, "ownerId"),
					this.startTime, this.endTime, id(this.firstMessageId, "firstMessageId"),
					id(this.lastMessageId, "lastMessageId"),
					(this.followUpTask != null) ? this.followUpTask.toFollowUp("followUpTask.") : null, this.fields);
		}

	}

	@Schema(description = "Send only the fields to change, with the version you last read (or If-Match). "
			+ "null clears summary, endTime, firstMessageId and lastMessageId. chatId and contactId never change.")
	record ConversationPatch(Integer version, String subject, @Schema(nullable = true) String summary, String purposeId, ConversationStatus status,
			String ownerId, OffsetDateTime startTime, @Schema(nullable = true) OffsetDateTime endTime, @Schema(nullable = true) String firstMessageId,
			@Schema(nullable = true) String lastMessageId, @Schema(nullable = true) FollowUpTaskRequest followUpTask,
			@Schema(description = "Custom field values to set by key; null (or an empty value) clears one, and keys "
					+ "left out stay as they are") Map<String, Object> fields) {
	}

	@Schema(description = "Optionally, a conversation to log on the chat before closing it, in one step.")
	record CloseChatRequest(LogConversationRequest conversation) {
	}

	static final Set<String> PATCH_FIELDS = Set.of("subject", "summary", "purposeId", "status", "ownerId", "startTime",
			"endTime", "firstMessageId", "lastMessageId", "followUpTask", "chatId", "contactId", "fields");

	record ParsedPatch(int version, ConversationChanges changes) {
	}

	static ConversationChanges changes(PatchBody patch, JsonNode body, JsonMapper json) {
		List<FieldProblem> fixed = new ArrayList<>();
		for (String field : List.of("chatId", "contactId")) {
			if (body.has(field)) {
				fixed.add(new FieldProblem(field, "is set when the conversation is logged and never changes"));
			}
		}
		if (!fixed.isEmpty()) {
			throw ProblemException.invalid(fixed);
		}
		FollowUp followUp = null;
		JsonNode task = body.get("followUpTask");
		if (task != null && !task.isNull()) {
			if (!task.isObject()) {
				throw ProblemException.invalid("followUpTask", "must be an object with title, assigneeId, dueAt and notes");
			}
			FollowUpTaskRequest request;
			try {
				request = json.treeToValue(task, FollowUpTaskRequest.class);
			}
			catch (tools.jackson.core.JacksonException ex) {
				FieldProblem problem = JsonInputProblems.describe(ex);
				throw ProblemException.invalid("followUpTask." + problem.field(), problem.message());
			}
			followUp = request.toFollowUp("followUpTask.");
		}
		Map<String, Object> fields = null;
		JsonNode values = body.get("fields");
		if (values != null && !values.isNull()) {
			if (!values.isObject()) {
				throw ProblemException.invalid("fields", "must be an object of custom field values by key");
			}
			fields = json.treeToValue(values, new tools.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() {
			});
		}
		return new ConversationChanges(patch.text("subject"), patch.text("summary"), patch.id("purposeId"),
				patch.enumValue("status", ConversationStatus.class), patch.id("ownerId"), patch.dateTime("startTime"),
				patch.dateTime("endTime"), patch.id("firstMessageId"), patch.id("lastMessageId"), followUp, fields);
	}

	/** Reads the list filters of SPEC §9, each refused with its own field message when malformed. */
	static ConversationQuery query(SignedInMember me, List<String> status, List<String> purposeId, String ownerId,
			String contactId, String chatId, String createdBy, String startFrom, String startTo, String q, String sort,
			List<ConversationFieldView> definitions, List<String> field) {
		return query(me, status, purposeId, ownerId, contactId, chatId, createdBy, startFrom, startTo, q, sort,
				definitions, field, null);
	}

	static ConversationQuery query(SignedInMember me, List<String> status, List<String> purposeId, String ownerId,
			String contactId, String chatId, String createdBy, String startFrom, String startTo, String q, String sort,
			List<ConversationFieldView> definitions, List<String> field, String recontacted) {
		List<FieldProblem> problems = new ArrayList<>();
		List<ConversationQuery.FieldFilter> fieldFilters = fieldFilters(definitions, field, problems);
		List<ConversationStatus> statuses = new ArrayList<>();
		for (String value : (status != null) ? status : List.<String>of()) {
			for (String part : value.split(",")) {
				try {
					statuses.add(ConversationStatus.valueOf(part.strip().toUpperCase(Locale.ROOT)));
				}
				catch (IllegalArgumentException ex) {
					problems.add(new FieldProblem("status", "must be open or closed"));
				}
			}
		}
		List<Long> purposes = new ArrayList<>();
		for (String value : (purposeId != null) ? purposeId : List.<String>of()) {
			for (String part : value.split(",")) {
				Long id = Ids.parse(part.strip());
				if (id == null) {
					problems.add(new FieldProblem("purposeId", "must be purpose ids"));
				}
				else {
					purposes.add(id);
				}
			}
		}
		List<Long> owners = new ArrayList<>();
		if (ownerId != null) {
			// repeated parameters arrive joined with commas
			for (String part : ownerId.split(",")) {
				Long owner = memberOrMe(me, part, "ownerId", problems);
				if (owner != null && !owners.contains(owner)) {
					owners.add(owner);
				}
			}
		}
		Long creator = memberOrMe(me, createdBy, "createdBy", problems);
		Long contact = optionalId(contactId, "contactId", problems);
		Long chat = optionalId(chatId, "chatId", problems);
		OffsetDateTime from = time(startFrom, "startFrom", problems);
		OffsetDateTime to = time(startTo, "startTo", problems);
		ConversationQuery.Sort order = null;
		if (sort != null && !sort.isBlank()) {
			order = ConversationQuery.Sort.parse(sort.strip());
			if (order == null) {
				problems.add(new FieldProblem("sort",
						"must be one of startTime, createdAt, updatedAt (prefix - for newest first) or relevance"));
			}
		}
		Boolean recontact = null;
		if (recontacted != null && !recontacted.isBlank()) {
			recontact = switch (recontacted.strip().toLowerCase(Locale.ROOT)) {
				case "true" -> true;
				case "false" -> false;
				default -> {
					problems.add(new FieldProblem("recontacted", "must be true or false"));
					yield null;
				}
			};
		}
		if (q != null && q.length() > 500) {
			problems.add(new FieldProblem("q", "must be at most 500 characters"));
		}
		if (!problems.isEmpty()) {
			throw ProblemException.invalid(problems);
		}
		if (order == ConversationQuery.Sort.RELEVANCE && (q == null || q.isBlank())) {
			order = null;
		}
		return new ConversationQuery(statuses, purposes, owners, contact, chat, creator, from, to,
				(q != null && !q.isBlank()) ? q.strip() : null, order, fieldFilters, recontact);
	}

	/**
	 * The custom field filters, {@code key:value} each (a select's choice, or true / false for a checkbox): the
	 * values of one field are alternatives, different fields must all match.
	 */
	private static List<ConversationQuery.FieldFilter> fieldFilters(List<ConversationFieldView> definitions,
			List<String> field, List<FieldProblem> problems) {
		Map<String, List<String>> asked = new LinkedHashMap<>();
		for (String value : (field != null) ? field : List.<String>of()) {
			int colon = value.indexOf(':');
			if (colon < 1) {
				problems.add(new FieldProblem("field", "must be key:value, such as channel:Phone or callback:true"));
				continue;
			}
			asked.computeIfAbsent(value.substring(0, colon).strip(), (k) -> new ArrayList<>())
				.add(value.substring(colon + 1).strip());
		}
		List<ConversationQuery.FieldFilter> filters = new ArrayList<>();
		JsonMapper json = JsonMapper.shared();
		asked.forEach((key, values) -> {
			ConversationFieldView definition = definitions.stream().filter((d) -> d.key().equals(key)).findFirst().orElse(null);
			if (definition == null || !definition.type().filters()) {
				problems.add(new FieldProblem("field", "'" + key + "' is not a select or checkbox field of this workspace"));
				return;
			}
			List<String> containments = new ArrayList<>();
			boolean unticked = false;
			for (String value : values) {
				if (definition.type() == ConversationFieldView.Type.CHECKBOX) {
					if (value.equals("true") || value.equals("false")) {
						unticked |= value.equals("false");
						if (value.equals("true")) {
							containments.add(json.writeValueAsString(Map.of(key, true)));
						}
					}
					else {
						problems.add(new FieldProblem("field", "'" + key + "' is a checkbox: filter by " + key
								+ ":true or " + key + ":false"));
					}
					continue;
				}
				String label = definition.options().stream().map(ConversationFieldView.Option::label)
					.filter((l) -> l.equalsIgnoreCase(value)).findFirst().orElse(null);
				if (label == null) {
					problems.add(new FieldProblem("field", "'" + value + "' is not a choice of '" + key + "'"));
					continue;
				}
				Object contained = (definition.type() == ConversationFieldView.Type.MULTI_SELECT) ? List.of(label) : label;
				containments.add(json.writeValueAsString(Map.of(key, contained)));
			}
			filters.add(new ConversationQuery.FieldFilter(key, values, containments, unticked));
		});
		return filters;
	}

	private static Long memberOrMe(SignedInMember me, String value, String field, List<FieldProblem> problems) {
		if (value == null || value.isBlank()) {
			return null;
		}
		if (value.strip().equalsIgnoreCase("me")) {
			return me.memberId();
		}
		return optionalId(value, field, problems);
	}

	private static Long optionalId(String value, String field, List<FieldProblem> problems) {
		if (value == null || value.isBlank()) {
			return null;
		}
		Long id = Ids.parse(value.strip());
		if (id == null) {
			problems.add(new FieldProblem(field, "must be an id"));
		}
		return id;
	}

	private static OffsetDateTime time(String value, String field, List<FieldProblem> problems) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(value.strip());
		}
		catch (java.time.DateTimeException ex) {
			problems.add(new FieldProblem(field, "must be an ISO-8601 date-time with offset, such as 2026-01-31T00:00:00Z"));
			return null;
		}
	}

	private static Long id(String value, String field) {
		return (value != null) ? Ids.fieldId(value, field) : null;
	}

}
