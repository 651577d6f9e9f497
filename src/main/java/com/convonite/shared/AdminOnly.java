package com.convonite.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an API operation only admins may call. The web layer refuses anyone else with 403 before the
 * operation runs (the module's own rule stays too), and the OpenAPI document lists the operation as
 * {@code x-admin-only}, which the isolation tests read to check every such operation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AdminOnly {

	/** What the operation does, for the refusal: "Only an admin can {action}." */
	String value();

}
