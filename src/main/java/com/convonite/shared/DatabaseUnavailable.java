package com.convonite.shared;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Recognises a failure that means "the database cannot be reached right now", whichever layer reported it:
 * the pool timing out ({@code CannotGetJdbcConnectionException}), a transaction that could not begin
 * ({@code CannotCreateTransactionException}), a connection dropped in the middle of a transaction or its
 * commit (SQLSTATE class 08, or 57P01-57P03 when the server shuts down), a commit or rollback on a connection
 * that is gone ({@code TransactionSystemException}: constraint violations at commit are translated to
 * {@code DataIntegrityViolationException} before they get here), and sign-in failing because the
 * member could not be looked up. Each of these is answered with 503 and {@code Retry-After}, never 500 or 401.
 */
public final class DatabaseUnavailable {

	/** Seconds a client is asked to wait before trying again. */
	public static final String RETRY_AFTER_SECONDS = "5";

	private DatabaseUnavailable() {
	}

	/** Whether the failure, or anything that caused it, says the database is out of reach. */
	public static boolean causedBy(Throwable failure) {
		int depth = 0;
		for (Throwable cause = failure; cause != null && depth < 20; cause = cause.getCause(), depth++) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof CannotCreateTransactionException || cause instanceof TransactionSystemException
					|| cause instanceof SQLTransientConnectionException
					|| cause instanceof SQLNonTransientConnectionException || cause instanceof SQLRecoverableException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
				return true;
			}
		}
		return false;
	}

	public static ProblemDetail problem() {
		return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", UnavailableAnswer.TITLE,
				"The service cannot reach its database right now. Try again in a few seconds.");
	}

	/**
	 * Answers 503 with {@code Retry-After}: a problem for the API, a page for the web app, written whole here
	 * ({@link UnavailableAnswer}) rather than through the error page, whose dispatch would read the web session
	 * from the database that cannot be reached.
	 */
	public static void answer(jakarta.servlet.http.HttpServletRequest request,
			jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
		UnavailableAnswer.write(request, response, problem());
	}

	public static HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		return headers;
	}

}
