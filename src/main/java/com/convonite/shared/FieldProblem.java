package com.convonite.shared;

/** One field of a request that is not valid, and what to fix. */
public record FieldProblem(String field, String message) {
}
