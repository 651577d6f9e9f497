package com.convonite.shared;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.util.HtmlUtils;

/**
 * A 503 written whole, here, for whoever asked: the problem for the API, the "Temporarily unavailable" page for
 * the web app, both with {@code Retry-After}. Never through the container's error page: that dispatch runs the
 * security filters, which read the web session from the database (unreachable in an outage, and a 503 is often
 * about it), and when it fails the container answers with a generic problem of its own instead.
 */
final class UnavailableAnswer {

	static final String TITLE = "Temporarily unavailable";

	private UnavailableAnswer() {
	}

	static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
			throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS);
		if (isApi(request)) {
			problem.setInstance(Problems.instance(request));
			Problems.write(response, problem);
			return;
		}
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		response.setContentType("text/html;charset=UTF-8");
		String context = HtmlUtils.htmlEscape(request.getContextPath());
		response.getWriter().write("""
				<!DOCTYPE html>
				<html lang="en">
				<head>
				  <meta charset="utf-8">
				  <meta name="viewport" content="width=device-width, initial-scale=1">
				  <title>%1$s</title>
				  <link rel="stylesheet" href="%3$s/webjars/bootstrap/css/bootstrap.min.css">
				  <link rel="stylesheet" href="%3$s/css/app.css">
				</head>
				<body>
				<main id="main" class="container py-5">
				  <h1 class="h3">%1$s</h1>
				  <p class="lead">%2$s</p>
				  <a class="btn btn-primary" href="">Try again</a>
				</main>
				</body>
				</html>
				""".formatted(TITLE, HtmlUtils.htmlEscape(problem.getDetail()), context));
	}

	/** Whether the request (on an error dispatch: the request that failed) is one of the API's. */
	static boolean isApi(HttpServletRequest request) {
		Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String path = (original instanceof String text) ? text : request.getRequestURI();
		return path.startsWith(request.getContextPath() + "/api/");
	}

}
