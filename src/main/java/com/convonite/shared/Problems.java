package com.convonite.shared;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Builds the {@code application/problem+json} bodies of RFC 9457. The {@code type} of each problem is a
 * stable relative URI, {@code /problems/<slug>}, that clients may switch on.
 */
public final class Problems {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Problems() {
	}

	public static URI type(String slug) {
		return URI.create("/problems/" + slug);
	}

	public static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type(slug));
		problem.setTitle(title);
		return problem;
	}

	public static ProblemDetail of(ProblemException ex) {
		ProblemDetail problem = of(ex.status(), ex.type(), ex.title(), ex.getMessage());
		if (!ex.errors().isEmpty()) {
			problem.setProperty("errors", ex.errors());
		}
		return problem;
	}

	/**
	 * The path a problem is about: the request's, or on an error dispatch the original request's (never
	 * {@code /error}), as the client sent it.
	 */
	public static URI instance(HttpServletRequest request) {
		Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String path = (original instanceof String text) ? text : request.getRequestURI();
		try {
			return URI.create(path);
		}
		catch (IllegalArgumentException ex) {
			return URI.create(java.net.URLEncoder.encode(path, java.nio.charset.StandardCharsets.UTF_8)
				.replace("%2F", "/"));
		}
	}

	public static ProblemDetail validation(List<FieldProblem> errors) {
		return of(ProblemException.invalid(errors));
	}

	/**
	 * Writes a problem straight to the response, for filters that run before Spring MVC. Its {@code instance} is
	 * the path of the request being answered, when the request is known to this thread.
	 */
	public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		if (problem.getInstance() == null
				&& RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			problem.setInstance(instance(attributes.getRequest()));
		}
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		Map<String, Object> body = new java.util.LinkedHashMap<>();
		body.put("type", String.valueOf(problem.getType()));
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		body.put("detail", problem.getDetail());
		if (problem.getInstance() != null) {
			body.put("instance", problem.getInstance().toString());
		}
		if (problem.getProperties() != null) {
			body.putAll(problem.getProperties());
		}
		JSON.writeValue(response.getOutputStream(), body);
	}

}
