package com.convonite.shared;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the limit (1 MiB by default) with 413, whether the client declares the
 * length up front or streams the body in chunks. An endpoint that takes larger bodies (a file upload)
 * declares its own {@link RequestBodyLimit}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestSizeLimitFilter extends OncePerRequestFilter {

	private final RequestBodyLimit defaultLimit;

	private final List<RequestBodyLimit> endpointLimits;

	RequestSizeLimitFilter(@Value("${convonite.api.max-body-bytes:1048576}") long maxBytes,
			List<RequestBodyLimit> endpointLimits) {
		this.defaultLimit = new RequestBodyLimit("*", "*", maxBytes, "The request body is larger than the "
				+ (maxBytes / 1024) + " KiB this API accepts; send less.");
		this.endpointLimits = List.copyOf(endpointLimits);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		RequestBodyLimit limit = this.endpointLimits.stream()
			.filter((candidate) -> candidate.matches(request.getMethod(), path))
			.findFirst()
			.orElse(this.defaultLimit);
		if (request.getContentLengthLong() > limit.maxBytes()) {
			Problems.write(response, tooLarge(limit));
			return;
		}
		LimitedRequest limited = new LimitedRequest(request, limit.maxBytes());
		try {
			chain.doFilter(limited, response);
		}
		catch (ServletException | IOException | RuntimeException ex) {
			if (!limited.exceeded) {
				throw ex;
			}
			if (!response.isCommitted()) {
				response.reset();
				Problems.write(response, tooLarge(limit));
			}
		}
		if (limited.exceeded && !response.isCommitted()) {
			response.reset();
			Problems.write(response, tooLarge(limit));
		}
	}

	static org.springframework.http.ProblemDetail tooLarge(RequestBodyLimit limit) {
		return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large",
				limit.detail());
	}

	static org.springframework.http.ProblemDetail tooLarge(long maxBytes) {
		return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large",
				"The request body is larger than the " + (maxBytes / 1024) + " KiB this API accepts; send less.");
	}

	/** Raised while reading a body past the limit; the exception handler answers it with 413. */
	static final class BodyTooLargeException extends IOException {

		private final long maxBytes;

		BodyTooLargeException(long maxBytes) {
			super("Request body exceeds " + maxBytes + " bytes");
			this.maxBytes = maxBytes;
		}

		long maxBytes() {
			return this.maxBytes;
		}

	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long maxBytes;

		private boolean exceeded;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long maxBytes) {
			super(request);
			this.maxBytes = maxBytes;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				ServletInputStream delegate = super.getInputStream();
				this.stream = new ServletInputStream() {

					private long count;

					@Override
					public int read() throws IOException {
						int b = delegate.read();
						if (b >= 0) {
							count(1);
						}
						return b;
					}

					@Override
					public int read(byte[] buffer, int offset, int length) throws IOException {
						int n = delegate.read(buffer, offset, length);
						if (n > 0) {
							count(n);
						}
						return n;
					}

					private void count(int n) throws IOException {
						this.count += n;
						if (this.count > LimitedRequest.this.maxBytes) {
							LimitedRequest.this.exceeded = true;
							throw new BodyTooLargeException(LimitedRequest.this.maxBytes);
						}
					}

					@Override
					public boolean isFinished() {
						return delegate.isFinished();
					}

					@Override
					public boolean isReady() {
						return delegate.isReady();
					}

					@Override
					public void setReadListener(ReadListener listener) {
						delegate.setReadListener(listener);
					}
				};
			}
			return this.stream;
		}

	}

}
