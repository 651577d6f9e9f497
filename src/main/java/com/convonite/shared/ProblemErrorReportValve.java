package com.convonite.shared;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's last word on a request it refused before any servlet saw it (a {@code %00}, an encoded slash or bytes
 * that are not UTF-8 in the path, a request line or headers over the 8 KiB limit): problem+json with the request
 * path as {@code instance}, like every other refusal, instead of Tomcat's HTML page. A request line too long to
 * read is 414 URI Too Long, headers too large 431 Request Header Fields Too Large.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		String path = rawPath(request);
		if (status == 400 && tooLarge(throwable, response)) {
			status = path.isEmpty() ? HttpStatus.URI_TOO_LONG.value()
					: HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.value();
			response.setStatus(status);
		}
		HttpStatus resolved = HttpStatus.resolve(status);
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "/problems/" + slug(resolved));
		problem.put("title", (resolved != null) ? resolved.getReasonPhrase() : "Error");
		problem.put("status", status);
		problem.put("detail", detail(resolved));
		problem.put("instance", path.isEmpty() ? "/" : path);
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			PrintWriter writer = response.getReporter();
			if (writer != null) {
				writer.write(JSON.writeValueAsString(problem));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response was committed meanwhile: nothing more to say
		}
	}

	/** The path as the client sent it (still percent-encoded), without the query; empty when it was not read. */
	private static String rawPath(Request request) {
		String uri = request.getCoyoteRequest().requestURI().toString();
		if (uri == null) {
			return "";
		}
		int query = uri.indexOf('?');
		return (query >= 0) ? uri.substring(0, query) : uri;
	}

	private static boolean tooLarge(Throwable throwable, Response response) {
		for (Throwable cause = throwable; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && cause.getMessage().contains("too large")) {
				return true;
			}
		}
		return response.getMessage() != null && response.getMessage().contains("too large");
	}

	private static String slug(HttpStatus status) {
		if (status == null) {
			return "request";
		}
		return switch (status) {
			case BAD_REQUEST -> "malformed-request";
			default -> status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
		};
	}

	private static String detail(HttpStatus status) {
		if (status == null) {
			return "The request was refused.";
		}
		return switch (status) {
			case BAD_REQUEST -> "The request could not be read: its path has a character that is not allowed there "
					+ "(such as %00, an encoded slash %2F, or percent-escapes that are not UTF-8), or its request line "
					+ "or headers are malformed.";
			case URI_TOO_LONG -> "The request line is longer than the 8 KiB this server reads; send long filters in "
					+ "fewer or shorter parameters.";
			case REQUEST_HEADER_FIELDS_TOO_LARGE -> "The request headers are larger than the 8 KiB this server reads; "
					+ "send fewer or shorter headers.";
			default -> status.getReasonPhrase() + ".";
		};
	}

}
