package com.convonite.conversation;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A custom field of the workspace's conversations. Values are kept under {@code key} in every conversation's
 * {@code fields}; an archived field keeps its values on the conversations that have them but takes no new ones.
 */
public record ConversationFieldView(String id,
		@Schema(description = "Name of the value in a conversation's fields; never changes", example = "channel")
		String key, @Schema(example = "Contact channel") String name, Type type,
		@Schema(nullable = true, description = "Shown under the input") String helpText, Requirement requirement,
		int position, boolean archived, int version,
		@Schema(description = "The choices of a select field, in order; empty for other types") List<Option> options) {

	/** What a field holds, and so how its value is written in {@code fields}. */
	@Schema(description = "TEXT and LONG_TEXT: a string; NUMBER: a number; DATE: \"YYYY-MM-DD\"; SINGLE_SELECT: "
			+ "an option's label; MULTI_SELECT: an array of labels; CHECKBOX: true or false")
	public enum Type {

		TEXT, LONG_TEXT, NUMBER, DATE, SINGLE_SELECT, MULTI_SELECT, CHECKBOX;

		boolean selects() {
			return this == SINGLE_SELECT || this == MULTI_SELECT;
		}

		/** The types the Conversations tab filters by. */
		boolean filters() {
			return selects() || this == CHECKBOX;
		}

	}

	/** When a value must be given. */
	public enum Requirement {

		OPTIONAL, REQUIRED_ON_LOG, REQUIRED_ON_CLOSE

	}

	/** A choice of a select field; an archived one stays on the conversations that have it. */
	public record Option(String id, String label, int position, boolean archived) {
	}

	List<Option> activeOptions() {
		return this.options.stream().filter((o) -> !o.archived()).toList();
	}

}
