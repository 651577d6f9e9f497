package com.convonite.conversation;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The filters, search and sort of a conversation list (the Conversations tab, and the lists under a chat
 * and a contact). Empty lists and nulls mean "any". {@code recontacted} keeps the closed conversations whose contact
 * got (true) or did not get (false) another conversation with the same purpose within the workspace's recontact days
 * of their end: the rule of the recontact-rate report (migration V150).
 */
public record ConversationQuery(List<ConversationStatus> statuses, List<Long> purposeIds, List<Long> ownerIds, Long contactId,
		Long chatId, Long createdBy, OffsetDateTime startFrom, OffsetDateTime startTo, String text, Sort sort,
		List<FieldFilter> fieldFilters, Boolean recontacted) {

	public ConversationQuery(List<ConversationStatus> statuses, List<Long> purposeIds, List<Long> ownerIds,
			Long contactId, Long chatId, Long createdBy, OffsetDateTime startFrom, OffsetDateTime startTo, String text,
			Sort sort) {
		this(statuses, purposeIds, ownerIds, contactId, chatId, createdBy, startFrom, startTo, text, sort, List.of(),
				null);
	}

	/**
	 * A filter on a select or checkbox field ({@code field=key:value}, repeatable): a conversation matches when its
	 * fields contain any of {@code containments} (jsonb documents), or, when {@code unticked}, when the checkbox
	 * is not ticked. {@code values} are the values as asked for, to show the filter again.
	 */
	public record FieldFilter(String key, List<String> values, List<String> containments, boolean unticked) {
	}

	public static ConversationQuery ofChat(long chatId) {
		return new ConversationQuery(List.of(), List.of(), List.of(), null, chatId, null, null, null, null, null);
	}

	public static ConversationQuery ofContact(long contactId) {
		return new ConversationQuery(List.of(), List.of(), List.of(), contactId, null, null, null, null, null, null);
	}

	boolean searches() {
		return this.text != null && !this.text.isBlank();
	}

	/** The sort asked for, or the default: best match first when searching, else newest start first. */
	Sort effectiveSort() {
		if (this.sort != null) {
			return this.sort;
		}
		return searches() ? Sort.RELEVANCE : Sort.START_TIME_DESC;
	}

	public enum Sort {

		START_TIME_ASC("startTime", "start_time", true), START_TIME_DESC("-startTime", "start_time", false),
		CREATED_AT_ASC("createdAt", "created_at", true), CREATED_AT_DESC("-createdAt", "created_at", false),
		UPDATED_AT_ASC("updatedAt", "updated_at", true), UPDATED_AT_DESC("-updatedAt", "updated_at", false),
		RELEVANCE("relevance", null, false);

		final String parameter;

		final String column;

		final boolean ascending;

		Sort(String parameter, String column, boolean ascending) {
			this.parameter = parameter;
			this.column = column;
			this.ascending = ascending;
		}

		public static Sort parse(String value) {
			for (Sort sort : values()) {
				if (sort.parameter.equals(value)) {
					return sort;
				}
			}
			return null;
		}

		public String parameter() {
			return this.parameter;
		}

	}

}
