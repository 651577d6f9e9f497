package com.convonite.shared;

import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One page of a list: its items and the cursor of the next page ({@code null} on the last page, always present).
 * A list that counts its matches gives {@code total}, or {@code totalMoreThan} when it stopped counting at that
 * many; lists that do not count leave both out.
 */
public record Page<T>(List<T> items,
		@Schema(nullable = true, description = "The cursor of the next page; null on the last page") String nextCursor,
		@JsonInclude(JsonInclude.Include.NON_NULL)
		@Schema(description = "How many items match, on the first page of a list that counts them") Long total,
		@JsonInclude(JsonInclude.Include.NON_NULL)
		@Schema(description = "Instead of total, when more than this many match") Long totalMoreThan) {

	public Page(List<T> items, String nextCursor) {
		this(items, nextCursor, null, null);
	}

	public Page(List<T> items, String nextCursor, Long total) {
		this(items, nextCursor, total, null);
	}

	public <R> Page<R> map(Function<T, R> mapper) {
		return new Page<>(this.items.stream().map(mapper).toList(), this.nextCursor, this.total, this.totalMoreThan);
	}

	public Page<T> withTotal(Long total) {
		return new Page<>(this.items, this.nextCursor, total, null);
	}

}
