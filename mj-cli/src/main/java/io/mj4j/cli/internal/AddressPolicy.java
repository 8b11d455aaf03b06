package io.mj4j.cli.internal;

import io.mj4j.spi.ProviderProtocolException;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which hosts a result may be downloaded from. A vendor names result URLs, so a vendor (or whoever tampers
 * with its replies) could point the CLI at the user's own network: the router, a database on localhost, or a
 * cloud metadata service handing out credentials. Public addresses are always allowed; loopback, private
 * (RFC 1918, carrier-grade NAT, IPv6 unique-local) and link-local ones only when the vendor itself is on such
 * an address (the sandbox on loopback, a self-hosted proxy on the LAN); metadata addresses only when the
 * vendor is that very address. Every address a host resolves to must be allowed.
 *
 * <p>What this cannot stop: a name that resolves to a public address when checked and to a private one a
 * moment later when the HTTP client connects (DNS rebinding). The JDK client cannot be pinned to the checked
 * address without breaking TLS name checks; the window is the DNS cache lifetime of the JVM (30 s by default).
 */
public final class AddressPolicy {
    /** How reachable an address is. */
    public enum Kind { PUBLIC, LOOPBACK, PRIVATE, LINK_LOCAL, METADATA }

    private static final Set<String> METADATA = Set.of("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2:0:0:0:0:0:254");

    private final Set<Kind> allowed;
    private final Set<InetAddress> vendorAddresses;
    private final String vendor;

    private AddressPolicy(Set<Kind> allowed, Set<InetAddress> vendorAddresses, String vendor) {
        this.allowed = allowed;
        this.vendorAddresses = vendorAddresses;
        this.vendor = vendor;
    }

    /** The policy for a vendor at {@code vendorBase}: its own kind of address is allowed besides public ones. */
    public static AddressPolicy forVendor(URI vendorBase) {
        Set<Kind> allowed = EnumSet.of(Kind.PUBLIC);
        Set<InetAddress> addresses = new java.util.HashSet<>();
        String host = vendorBase.getHost();
        if (host != null) {
            try {
                for (InetAddress a : InetAddress.getAllByName(host)) {
                    allowed.add(kind(a));
                    addresses.add(a);
                }
            } catch (UnknownHostException e) {
                // the vendor's name does not resolve here: only public result hosts
            }
        }
        return new AddressPolicy(allowed, Set.copyOf(addresses), vendorBase.getHost());
    }

    /**
     * Throws unless every address of {@code url}'s host may be downloaded from.
     *
     * @throws ProviderProtocolException naming the URL, the address and its kind
     */
    public void check(URI url) {
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            throw new ProviderProtocolException("the result URL " + url + " has no host");
        }
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new ProviderProtocolException("the result host " + host + " does not resolve (" + url + ")", e);
        }
        for (InetAddress a : all) {
            Kind k = kind(a);
            boolean ok = k == Kind.METADATA ? vendorAddresses.contains(a) : allowed.contains(k);
            if (!ok) {
                throw new ProviderProtocolException("refusing to download " + url + ": " + host + " is a "
                        + k.name().toLowerCase(Locale.ROOT).replace('_', '-') + " address (" + a.getHostAddress()
                        + ") and the vendor (" + vendor + ") is not on one; a vendor's result URL may not point into"
                        + " your own network");
            }
        }
    }

    /** The kind of one address. */
    public static Kind kind(InetAddress a) {
        if (METADATA.contains(a.getHostAddress())) {
            return Kind.METADATA;
        }
        if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
            return Kind.LOOPBACK;
        }
        if (a.isLinkLocalAddress()) {
            return Kind.LINK_LOCAL;
        }
        byte[] b = a.getAddress();
        boolean cgnat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        boolean uniqueLocal = a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc;
        boolean zeroNet = b.length == 4 && b[0] == 0;
        if (a.isSiteLocalAddress() || cgnat || uniqueLocal || zeroNet || a.isMulticastAddress()) {
            return Kind.PRIVATE;
        }
        return Kind.PUBLIC;
    }
}
