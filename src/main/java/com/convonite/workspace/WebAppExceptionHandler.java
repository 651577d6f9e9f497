package com.convonite.workspace;

import jakarta.servlet.http.HttpServletResponse;

import com.convonite.shared.DatabaseUnavailable;
import com.convonite.shared.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Refusals in the web app's pages (not the API, whose own handler comes first) become the error page with
 * the right status and a sentence to read, never a stack trace. Forms catch validation problems themselves
 * so that what the user typed stays on screen.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class WebAppExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(WebAppExceptionHandler.class);

	@ExceptionHandler(ProblemException.class)
	ModelAndView problem(ProblemException ex, HttpServletResponse response) {
		response.setStatus(ex.status().value());
		if (ex.retryAfterSeconds() != null) {
			response.setHeader(org.springframework.http.HttpHeaders.RETRY_AFTER, ex.retryAfterSeconds());
		}
		ModelAndView page = new ModelAndView("error");
		page.addObject("status", ex.status().value());
		page.addObject("title", ex.title());
		page.addObject("detail", ex.getMessage());
		page.setStatus(ex.status());
		return page;
	}

	@ExceptionHandler(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class)
	ModelAndView badParameter(Exception ex, HttpServletResponse response) {
		return problem(ProblemException.invalid("parameter", "has a value this page cannot read"), response);
	}

	@ExceptionHandler({ org.springframework.dao.DataAccessResourceFailureException.class,
			org.springframework.transaction.CannotCreateTransactionException.class })
	ModelAndView unavailable(Exception ex, HttpServletResponse response) {
		log.warn("Database unavailable: {}", ex.getMessage());
		response.setHeader(org.springframework.http.HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS);
		var problem = DatabaseUnavailable.problem();
		return problem(new ProblemException(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
				problem.getTitle(), problem.getDetail()), response);
	}

}
