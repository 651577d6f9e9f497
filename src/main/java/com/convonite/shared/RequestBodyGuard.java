package com.convonite.shared;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.servlet.ServletException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.apache.coyote.InputBuffer;
import org.apache.tomcat.util.net.ApplicationBufferHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps clients that send request bodies slowly from holding the server's request threads (a "slow POST"
 * attack): without it, a couple of hundred connections trickling a body to {@code /login} occupy every
 * thread of the connector on a JDK without virtual threads, and nobody else is served.
 * <ul>
 * <li>A body must arrive at an average of at least {@code minBytesPerSecond} once its first
 * {@code gracePeriod} has passed (a smaller body must be complete by then); a slower one is cut off (the connection closed, one line in the log). A read
 * that blocks returns within the connector's socket timeout ({@code server.tomcat.connection-timeout}), so
 * the check runs at least that often.</li>
 * <li>At most {@code perClient} requests with a body from one client address, and {@code overall} in all, are
 * read at once; beyond, the request is answered 503 with {@code Retry-After} before its body is read (the
 * product's problem for the API, its "Temporarily unavailable" page for a browser), and the connection is
 * closed instead of drained.</li>
 * </ul>
 * A request counts while its body is being read, and for its first {@link #ARRIVAL_WINDOW} before that, so that
 * connections opened all at once cannot pass before any of them begins to read. A request that waits for
 * something else before it reads its body (for the database: an API token's or a web session's look-up, 2
 * seconds in an outage) does not count while it waits, nor does one answered after its body was read: neither
 * holds back its client's other requests. Counted from arrival to the end of the body, 16 API requests waiting
 * on an unreachable database had the 17th request of their address (a sign-in) refused as "too many bodies".
 * A Tomcat valve rather than a servlet filter: Tomcat reads form posts itself (for
 * {@code getParameter}), past any wrapper a filter could put around the request's input stream; here the
 * body is paced wherever it is read from.
 */
class RequestBodyGuard extends ValveBase {

	private static final Logger log = LoggerFactory.getLogger(RequestBodyGuard.class);

	/** How long a request counts after its arrival, before it begins to read its body. */
	static final Duration ARRIVAL_WINDOW = Duration.ofSeconds(1);

	/**
	 * The most of an unread body drained after the answer so that the client receives it: a body refused before
	 * it is read (the API's 413 for a body over 1 MiB, a 403) is read to its end, paced, when it is no larger;
	 * above that the connection is closed with the body unread, and the client's TCP stack may discard the answer.
	 */
	private final long drainLimit;

	private final Duration gracePeriod;

	private final long minBytesPerSecond;

	private final int perClient;

	private final int overall;

	/** The requests with a body not yet read to its end; only some of them count against the limits. */
	private final Set<Body> bodies = ConcurrentHashMap.newKeySet();

	/** Makes checking the limits and joining {@link #bodies} one step. */
	private final ReentrantLock admission = new ReentrantLock();

	RequestBodyGuard(Duration gracePeriod, long minBytesPerSecond, int perClient, int overall, long drainLimit) {
		super(true);
		this.drainLimit = drainLimit;
		this.gracePeriod = gracePeriod;
		this.minBytesPerSecond = minBytesPerSecond;
		this.perClient = perClient;
		this.overall = overall;
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		org.apache.coyote.Request coyote = request.getCoyoteRequest();
		if (coyote.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
			getNext().invoke(request, response);
			return;
		}
		Body body = new Body(String.valueOf(request.getRemoteAddr()), System.nanoTime());
		Refusal refusal = admit(body);
		Runnable bodyRead = () -> this.bodies.remove(body);
		InputBuffer original = coyote.getInputBuffer();
		PacedBody paced = null;
		try {
			if (refusal != null) {
				refuse(request, response, refusal);
				// close the connection after the answer instead of draining the body (which a slow client
				// would make take as long as it likes)
				closeAfter(response);
				return;
			}
			paced = new PacedBody(original, coyote, body, request.getRequestURI(), bodyRead);
			coyote.setInputBuffer(paced);
			getNext().invoke(request, response);
		}
		finally {
			if (paced != null && !paced.cut && !request.isAsync() && !coyote.isFinished()) {
				// The application answered without reading the whole body (a 403 before the body is read, say):
				// read the rest, still paced and only up to DRAIN_LIMIT, so that the connection can be closed or
				// kept cleanly. Closing it with unread bytes makes the client's TCP stack discard the answer
				// (a reset), and the client sees a broken response instead of the refusal.
				long declared = coyote.getContentLengthLong();
				if (declared <= this.drainLimit) {
					paced.drain(this.drainLimit);
				}
			}
			coyote.setInputBuffer(original);
			if (paced != null && (paced.cut || (!request.isAsync() && !coyote.isFinished()))) {
				// a body cut off, or larger than the drain limit: close the connection instead of draining the
				// rest, which Tomcat would do at whatever pace the client likes, holding this thread
				try {
					if (!response.isCommitted()) {
						// say so in the answer: without it the client kept the connection for its next request,
						// which the closed connection then never answered
						response.setHeader("Connection", "close");
					}
					response.finishResponse(); // the answer whole (its last chunk too) before the connection closes
				}
				catch (IOException ex) {
					// the client is gone
				}
				closeAfter(response);
			}
			bodyRead.run();
		}
	}

	/** Joins the bodies in progress, or says why not: too many of its client's, or too many in all. */
	private Refusal admit(Body body) {
		this.admission.lock();
		try {
			long now = System.nanoTime();
			int ofClient = 0;
			int all = 0;
			for (Body other : this.bodies) {
				if (other.counts(now)) {
					all++;
					if (other.client.equals(body.client)) {
						ofClient++;
					}
				}
			}
			if (ofClient >= this.perClient) {
				return Refusal.CLIENT;
			}
			if (all >= this.overall) {
				return Refusal.ALL;
			}
			this.bodies.add(body);
			return null;
		}
		finally {
			this.admission.unlock();
		}
	}

	private enum Refusal {

		CLIENT, ALL

	}

	/** A request with a body, from its arrival until its body is read (or the request ends). */
	private static final class Body {

		private final String client;

		private final long arrivedAt;

		private volatile boolean reading;

		Body(String client, long arrivedAt) {
			this.client = client;
			this.arrivedAt = arrivedAt;
		}

		boolean counts(long now) {
			return this.reading || now - this.arrivedAt < ARRIVAL_WINDOW.toNanos();
		}

	}

	/**
	 * Refused before the body is read: 503 with {@code Retry-After}, the product's problem for the API and its
	 * "Temporarily unavailable" page for a browser.
	 */
	private void refuse(Request request, Response response, Refusal refusal) throws IOException {
		String detail = (refusal == Refusal.CLIENT)
				? "Too many requests from your address are sending a body at once; retry in a few seconds."
				: "The server is reading too many request bodies at once; retry in a few seconds.";
		log.debug("Refused a request body from {} to {}: {}", request.getRemoteAddr(), request.getRequestURI(), detail);
		UnavailableAnswer.write(request, response, Problems.of(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE,
				"busy", "Too many requests at once", detail));
	}

	/**
	 * Closes the connection after the answer, without reading the rest of the body. Tomcat takes that for an
	 * error of the request: left so, it would throw the answer away and render its error page instead (a
	 * dispatch that reads the web session, from the database; while the database was away that failed too, and
	 * the browser got Tomcat's generic problem). An answer given here is the answer: marked as reported, no error
	 * page is made for it. An error the application itself sent ({@code sendError}) still gets its page.
	 */
	private static void closeAfter(Response response) {
		boolean errorSentByTheApplication = response.isError();
		response.getCoyoteResponse().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
		if (!errorSentByTheApplication) {
			response.setErrorReported();
		}
	}

	/** The connector's input for one request, cut off when the body arrives slower than allowed. */
	private final class PacedBody implements InputBuffer {

		private final InputBuffer delegate;

		private final org.apache.coyote.Request coyote;

		private final Body body;

		private final String path;

		private long startedAt;

		private long bytes;

		private boolean cut;

		private final Runnable bodyRead;

		PacedBody(InputBuffer delegate, org.apache.coyote.Request coyote, Body body, String path,
				Runnable bodyRead) {
			this.bodyRead = bodyRead;
			this.delegate = delegate;
			this.coyote = coyote;
			this.body = body;
			this.path = path;
		}

		@Override
		public int doRead(ApplicationBufferHandler handler) throws IOException {
			long now = System.nanoTime();
			if (this.startedAt == 0) {
				this.startedAt = now;
				this.body.reading = true;
			}
			checkPace(now);
			int n = this.delegate.doRead(handler);
			if (n > 0) {
				this.bytes += n;
				checkPace(System.nanoTime());
			}
			long declared = this.coyote.getContentLengthLong();
			if (n < 0 || (declared > 0 && this.bytes >= declared)) {
				this.bodyRead.run();
			}
			return n;
		}

		private void checkPace(long now) throws SlowRequestBodyException {
			if (this.cut) {
				throw new SlowRequestBodyException();
			}
			long elapsedNanos = now - this.startedAt;
			if (elapsedNanos <= RequestBodyGuard.this.gracePeriod.toNanos()) {
				return;
			}
			double seconds = elapsedNanos / 1e9;
			// a body smaller than the rate asks for must simply be complete by then
			double required = RequestBodyGuard.this.minBytesPerSecond * seconds;
			long declared = this.coyote.getContentLengthLong();
			if (this.bytes >= ((declared > 0) ? Math.min(declared, required) : required)) {
				return;
			}
			this.cut = true;
			log.warn("Cut off a request body arriving too slowly: {} bytes in {} s from {} to {} (at least {} bytes/s "
					+ "after {} s are required)", this.bytes, Math.round(seconds), this.body.client, this.path,
					RequestBodyGuard.this.minBytesPerSecond, RequestBodyGuard.this.gracePeriod.toSeconds());
			throw new SlowRequestBodyException();
		}

		/** Reads and discards what is left of the body, at the required pace, up to {@code limit} bytes. */
		void drain(long limit) {
			ApplicationBufferHandler discard = new ApplicationBufferHandler() {

				private java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(0);

				@Override
				public void setByteBuffer(java.nio.ByteBuffer buffer) {
					this.buffer = buffer;
				}

				@Override
				public java.nio.ByteBuffer getByteBuffer() {
					return this.buffer;
				}

				@Override
				public void expand(int size) {
				}

			};
			long drained = 0;
			try {
				while (drained < limit && !this.coyote.isFinished()) {
					int n = doRead(discard);
					if (n < 0) {
						return;
					}
					drained += n;
				}
			}
			catch (IOException ex) {
				// cut off for pace, or the client went away: the connection is closed after the answer
			}
		}

		@Override
		public int available() {
			return this.delegate.available();
		}

	}

	/** Ends the reading of a body that arrives too slowly; logged once, by the guard, without a stack trace. */
	static final class SlowRequestBodyException extends IOException {

		SlowRequestBodyException() {
			super("Request body arrived too slowly", null);
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}

	}

}
