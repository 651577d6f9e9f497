package com.convonite.shared;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure of an API request into {@code application/problem+json}: the module's own refusals,
 * Spring MVC's (405, 415, missing parameters), unreadable bodies (malformed JSON, wrong types, unknown enum
 * values and fields), and, as a last resort, a 500 that reveals nothing of the server's insides.
 */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(ProblemException.class)
	ResponseEntity<Object> problem(ProblemException ex) {
		HttpHeaders headers = new HttpHeaders();
		if (ex.retryAfterSeconds() != null) {
			headers.set(HttpHeaders.RETRY_AFTER, ex.retryAfterSeconds());
		}
		return respond(Problems.of(ex), headers);
	}

	@ExceptionHandler(DataIntegrityViolationException.class)
	ResponseEntity<Object> integrity(DataIntegrityViolationException ex) {
		log.info("Refused a change that conflicts with stored data: {}", ex.getMostSpecificCause().getMessage());
		return respond(Problems.of(HttpStatus.CONFLICT, "conflict", "Conflicts with stored data",
				"The change conflicts with data stored meanwhile (for example a record it refers to was just removed). Reload and try again."),
				HttpHeaders.EMPTY);
	}

	@ExceptionHandler({ CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class,
			TransientDataAccessException.class, CannotCreateTransactionException.class,
			TransactionSystemException.class })
	ResponseEntity<Object> unavailable(Exception ex) {
		log.warn("Database unavailable: {}", ex.getMessage());
		return respond(DatabaseUnavailable.problem(), DatabaseUnavailable.headers());
	}

	/**
	 * A body declared as multipart that cannot be parsed as one (no boundary, cut off, malformed parts). A file
	 * over the limit is answered with 413 by its endpoint before this.
	 */
	@ExceptionHandler(MultipartException.class)
	ResponseEntity<Object> malformedMultipart(MultipartException ex) {
		log.info("Refused a malformed multipart body: {}", ex.getMostSpecificCause().getMessage());
		return respond(Problems.of(HttpStatus.BAD_REQUEST, "malformed-multipart", "Malformed upload",
				"The body is not a valid multipart/form-data form (" + ex.getMostSpecificCause().getMessage()
						+ "); send the file as a multipart form field, as a browser or curl -F does."),
				HttpHeaders.EMPTY);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex) throws Exception {
		if (ex instanceof ErrorResponse || ex instanceof org.springframework.security.access.AccessDeniedException
				|| ex instanceof org.springframework.security.core.AuthenticationException) {
			throw ex;
		}
		if (DatabaseUnavailable.causedBy(ex)) {
			return unavailable(ex);
		}
		log.error("Unexpected failure while answering a request", ex);
		return respond(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Unexpected error",
				"Something went wrong on our side; nothing you sent was at fault. The error has been logged."),
				HttpHeaders.EMPTY);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestSizeLimitFilter.BodyTooLargeException tooLarge) {
				return respond(RequestSizeLimitFilter.tooLarge(tooLarge.maxBytes()), HttpHeaders.EMPTY);
			}
		}
		// the JSON reader's own exception names the field; its cause (say a DateTimeParseException) does not
		Throwable cause = ex.getMostSpecificCause();
		for (Throwable candidate = ex.getCause(); candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof tools.jackson.core.JacksonException) {
				cause = candidate;
				break;
			}
		}
		return respond(Problems.validation(List.of(JsonInputProblems.describe(cause))), HttpHeaders.EMPTY);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> new FieldProblem(error.getField(), error.getDefaultMessage()))
			.toList();
		return respond(Problems.validation(errors), HttpHeaders.EMPTY);
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException ex) {
		Class<?> type = ex.getRequiredType();
		String message;
		if (type != null && type.isEnum()) {
			message = "must be one of: " + java.util.Arrays.stream(type.getEnumConstants())
				.map((c) -> String.valueOf(c).toLowerCase(Locale.ROOT))
				.collect(Collectors.joining(", "));
		}
		else {
			message = "must be " + JsonInputProblems.describe(type);
		}
		return respond(Problems.validation(List.of(new FieldProblem(ex.getName(), message))), HttpHeaders.EMPTY);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return respond(Problems.validation(List.of(new FieldProblem(ex.getParameterName(), "is required"))),
				HttpHeaders.EMPTY);
	}

	@ExceptionHandler(MissingRequestHeaderException.class)
	ResponseEntity<Object> missingHeader(MissingRequestHeaderException ex) {
		return respond(Problems.validation(List.of(new FieldProblem(ex.getHeaderName(), "header is required"))),
				HttpHeaders.EMPTY);
	}

	@Override
	protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String allowed = (ex.getSupportedHttpMethods() != null) ? ex.getSupportedHttpMethods()
			.stream()
			.map(Object::toString)
			.collect(Collectors.joining(", ")) : "";
		return respond(Problems.of(status, "method-not-allowed", "Method not allowed",
				ex.getMethod() + " is not supported here. Allowed: " + allowed + "."), headers);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return respond(Problems.of(status, "unsupported-media-type", "Unsupported media type",
				"Send the body as application/json" + ((ex.getContentType() != null)
						? " (this request sent " + ex.getContentType() + ")." : ".")),
				headers);
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return respond(Problems.of(status, "not-found", "Not found", "There is nothing at this address."), headers);
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ProblemDetail problem = (body instanceof ProblemDetail detail) ? detail
				: Problems.of(statusCode, "request", "Request not accepted", ex.getMessage());
		if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
			problem.setType(Problems.type(slugFor(statusCode)));
		}
		return respond(problem, headers);
	}

	private static String slugFor(HttpStatusCode status) {
		HttpStatus resolved = HttpStatus.resolve(status.value());
		return (resolved != null) ? resolved.name().toLowerCase(Locale.ROOT).replace('_', '-') : "request";
	}

	private static ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers) {
		return ResponseEntity.status(problem.getStatus())
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

}
