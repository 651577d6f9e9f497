package com.convonite.shared;

/**
 * A larger body limit for one endpoint than the API's default (such as a file upload), declared as a bean by
 * the module that owns the endpoint. {@code detail} is the sentence of the 413 answer.
 */
public record RequestBodyLimit(String method, String path, long maxBytes, String detail) {

	boolean matches(String requestMethod, String requestPath) {
		return this.method.equalsIgnoreCase(requestMethod) && this.path.equals(requestPath);
	}

}
