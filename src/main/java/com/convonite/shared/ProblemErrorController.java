package com.convonite.shared;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers errors raised outside Spring MVC (the servlet container, filters) with problem+json instead of
 * the container's HTML page, and never with a stack trace.
 */
@org.springframework.stereotype.Controller
class ProblemErrorController implements ErrorController {

	/** Browsers get a page. */
	@RequestMapping(path = "/error", produces = MediaType.TEXT_HTML_VALUE)
	org.springframework.web.servlet.ModelAndView errorPage(HttpServletRequest request) {
		ProblemDetail problem = error(request).getBody();
		var page = new org.springframework.web.servlet.ModelAndView("error");
		page.addObject("status", problem.getStatus());
		page.addObject("title", problem.getTitle());
		page.addObject("detail", problem.getDetail());
		page.setStatus(HttpStatus.valueOf(problem.getStatus()));
		return page;
	}

	@RequestMapping(path = "/error", produces = { MediaType.APPLICATION_PROBLEM_JSON_VALUE,
			MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE })
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = HttpStatus.resolve((code instanceof Integer value) ? value : 500);
		if (status == null || status.value() < 400) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			ProblemDetail unavailable = DatabaseUnavailable.problem();
			unavailable.setInstance(Problems.instance(request));
			return ResponseEntity.status(status)
				.headers(DatabaseUnavailable.headers())
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(unavailable);
		}
		String detail = switch (status) {
			case NOT_FOUND -> "There is nothing at this address.";
			case BAD_REQUEST -> "The request could not be read; check its address, headers and body.";
			case CONTENT_TOO_LARGE -> "The request body is larger than the 1 MiB this API accepts.";
			case INTERNAL_SERVER_ERROR -> "Something went wrong on our side; the error has been logged.";
			default -> status.getReasonPhrase() + ".";
		};
		ProblemDetail problem = Problems.of(status, status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
				status.getReasonPhrase(), detail);
		problem.setInstance(Problems.instance(request));
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
