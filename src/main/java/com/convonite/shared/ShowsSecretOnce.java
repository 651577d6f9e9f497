package com.convonite.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an API operation whose answer carries a secret shown only this once (a new API token, a webhook
 * signing secret). Such an answer is never kept anywhere: a retry with the same {@code Idempotency-Key}
 * learns that the record was created, not the secret again.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ShowsSecretOnce {

	/** Set on the request (to true) once such an operation writes its answer. */
	String REQUEST_ATTRIBUTE = ShowsSecretOnce.class.getName();

}
