package com.convonite.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Which URLs webhooks may be sent to: http or https only, and unless {@code convonite.webhooks.allow-private-targets}
 * is on, never a host that resolves to a loopback, private, link-local, shared or otherwise non-public address
 * (IPv4 and IPv6), so that a workspace admin cannot make the product probe its own network. The URL is checked when
 * an endpoint is saved and before every attempt, for a clear message; what binds is {@link #connectableAddresses}:
 * the sender's HTTP client resolves names only through it, so the connection goes to the very addresses that were
 * checked, and a name that resolves to a public address first and to 127.0.0.1 a moment later (DNS rebinding) is
 * refused at connection time rather than reached.
 */
@Component
class WebhookTargets {

	static final int URL_MAX = 2000;

	private final boolean allowPrivate;

	private final HostResolver resolver;

	/** How a host name becomes addresses; the system's resolver, replaced only by tests. */
	@FunctionalInterface
	interface HostResolver {

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

	/** A host refused as a webhook target: resolving it found a non-public address. */
	static final class RefusedTarget extends UnknownHostException {

		RefusedTarget(String message) {
			super(message);
		}

	}

	@Autowired
	WebhookTargets(@Value("${convonite.webhooks.allow-private-targets:false}") boolean allowPrivate) {
		this(allowPrivate, InetAddress::getAllByName);
	}

	WebhookTargets(boolean allowPrivate, HostResolver resolver) {
		this.allowPrivate = allowPrivate;
		this.resolver = resolver;
	}

	/** Why the URL cannot be a webhook target, or null when it can. */
	String problem(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			return "must be a URL such as https://example.com/webhooks";
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			return "must start with https:// or http://";
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			return "must name a host, such as https://example.com/webhooks";
		}
		if (uri.getRawUserInfo() != null) {
			return "must not carry a user name or password; use the signing secret to authenticate deliveries";
		}
		if (uri.getRawFragment() != null) {
			return "must not have a #fragment";
		}
		return this.allowPrivate ? null : addressProblem(uri.getHost());
	}

	private String addressProblem(String host) {
		try {
			connectableAddresses(host);
			return null;
		}
		catch (RefusedTarget ex) {
			return ex.getMessage();
		}
		catch (UnknownHostException ex) {
			return "has a host name that cannot be resolved: " + host;
		}
	}

	/**
	 * Resolves the host once and returns the addresses a delivery may connect to: all of them, or none (an
	 * exception) when one is not public and private targets are not allowed. The sender connects only to what
	 * this returns, so the check and the connection see the same answer.
	 */
	InetAddress[] connectableAddresses(String host) throws UnknownHostException {
		InetAddress[] addresses = this.resolver.resolve(host);
		if (addresses == null || addresses.length == 0) {
			throw new UnknownHostException(host);
		}
		if (!this.allowPrivate) {
			for (InetAddress address : addresses) {
				if (!isPublic(address)) {
					throw new RefusedTarget("points to a loopback, private or link-local address ("
							+ address.getHostAddress() + "); webhooks are sent only to public addresses");
				}
			}
		}
		return addresses;
	}

	static boolean isPublic(InetAddress address) {
		if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return false;
		}
		byte[] b = address.getAddress();
		if (address instanceof Inet4Address) {
			int first = b[0] & 0xff;
			int second = b[1] & 0xff;
			return !(first == 0 // "this" network
					|| (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT, 100.64.0.0/10
					|| (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
					|| (first == 198 && (second == 18 || second == 19)) // benchmarking
					|| first >= 240); // reserved and broadcast
		}
		if (address instanceof Inet6Address) {
			int first = b[0] & 0xff;
			if ((first & 0xfe) == 0xfc) {
				return false; // unique local, fc00::/7
			}
			if (isIpv4Embedded(b)) {
				try {
					return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
				}
				catch (UnknownHostException ex) {
					return false;
				}
			}
		}
		return true;
	}

	/** IPv4-compatible (::a.b.c.d), IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) addresses. */
	private static boolean isIpv4Embedded(byte[] b) {
		boolean zeroPrefix = true;
		for (int i = 0; i < 10; i++) {
			zeroPrefix &= b[i] == 0;
		}
		boolean mapped = zeroPrefix && (((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) || (b[10] == 0 && b[11] == 0));
		boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
		return mapped || nat64;
	}

}
