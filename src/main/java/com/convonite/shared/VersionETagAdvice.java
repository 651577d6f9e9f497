package com.convonite.shared;

import java.lang.reflect.RecordComponent;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Every API answer that carries one versioned record (a record with a {@code version}) carries that version as
 * its {@code ETag} too, whichever operation answered: reads, creations and changes alike, so that a client can
 * send it back as {@code If-Match}. The OpenAPI document declares the header on exactly those answers.
 */
@RestControllerAdvice(annotations = RestController.class)
class VersionETagAdvice implements ResponseBodyAdvice<Object> {

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
			Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
			ServerHttpResponse response) {
		if (body instanceof Record record && response.getHeaders().getETag() == null) {
			Integer version = version(record);
			if (version != null) {
				response.getHeaders().setETag(Versions.etag(version));
			}
		}
		return body;
	}

	private static Integer version(Record record) {
		for (RecordComponent component : record.getClass().getRecordComponents()) {
			if (component.getName().equals("version")
					&& (component.getType() == int.class || component.getType() == Integer.class)) {
				try {
					component.getAccessor().trySetAccessible();
					return (Integer) component.getAccessor().invoke(record);
				}
				catch (ReflectiveOperationException ex) {
					return null;
				}
			}
		}
		return null;
	}

}
