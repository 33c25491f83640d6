package org.afterimage.search.alert;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses webhook URLs that would make the server call into its own network (SSRF): every address the host
 * resolves to must be public, unless the host or the address is allow-listed. Checked at creation and again before
 * every delivery attempt (DNS can change). Numeric host forms that some resolvers read as IPv4 (decimal
 * {@code 2130706433}, hex {@code 0x7f.1}, octal {@code 0177.0.0.1}, short {@code 127.1}) are refused outright: the
 * JDK would look them up as names, other software would read them as addresses, and either reading is a trap.
 *
 * <p>The allow-list ({@code alerts.webhook.allowPrivateHosts}) matches the URL's host as written, never the
 * addresses it resolves to: allowing {@code 127.0.0.1} admits {@code http://127.0.0.1:9000/} but not
 * {@code http://localhost:9000/} nor any other name that happens to resolve there (DNS rebinding).
 */
final class Ssrf {
    /** The outcome of a check. */
    sealed interface Verdict {
        record Allowed(URI uri, List<InetAddress> addresses) implements Verdict {
        }

        record Refused(String reason) implements Verdict {
        }
    }

    /** Name resolution (the system resolver in production). */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    static final int MAX_URL_LENGTH = 2000;

    private final Set<String> allowed;
    private final Resolver resolver;

    Ssrf(List<String> allowPrivateHosts, Resolver resolver) {
        this.allowed = allowPrivateHosts.stream().map(h -> strip(h.strip().toLowerCase(Locale.ROOT))).collect(Collectors.toSet());
        this.resolver = resolver;
    }

    static Ssrf system(List<String> allowPrivateHosts) {
        return new Ssrf(allowPrivateHosts, InetAddress::getAllByName);
    }

    Verdict check(String url) {
        if (url == null || url.isBlank()) return new Verdict.Refused("URL is empty");
        if (url.length() > MAX_URL_LENGTH) return new Verdict.Refused("URL longer than " + MAX_URL_LENGTH + " characters");
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return new Verdict.Refused("not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) return new Verdict.Refused("scheme must be http or https");
        if (uri.getRawUserInfo() != null) return new Verdict.Refused("credentials in the URL are not allowed (use the secret)");
        String host = uri.getHost();
        if (host == null && uri.getRawAuthority() != null) host = hostOf(uri.getRawAuthority());   // 0x7f.1 is no RFC host name
        if (host == null || host.isEmpty()) return new Verdict.Refused("URL has no host");
        if (uri.getRawFragment() != null) return new Verdict.Refused("URL must not have a fragment");
        host = strip(host.toLowerCase(Locale.ROOT));
        if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
        boolean hostAllowed = allowed.contains(host);
        Optional<byte[]> legacy = legacyIpv4(host);
        if (legacy.isPresent() && !isDottedQuad(host)) {
            String as = InetAddressFormat.v4(legacy.get());
            Optional<String> why = classify(legacy.get());
            return new Verdict.Refused("host " + host + " is a non-canonical IPv4 literal (" + as
                    + why.map(w -> ", " + w).orElse("") + ")");
        }
        if (host.contains(":")) {
            try {
                // the JDK turns ::ffff:a.b.c.d into an IPv4 address: an IPv6 literal that comes back as IPv4 was mapped
                InetAddress lit = InetAddress.getByName(host);
                if (lit instanceof Inet4Address) {
                    String as = lit.getHostAddress();
                    if (!hostAllowed) {
                        return new Verdict.Refused("host " + host + " is an IPv4-mapped IPv6 address of " + as
                                + classify(lit).map(w -> " (" + w + ")").orElse(""));
                    }
                }
            } catch (UnknownHostException e) {
                return new Verdict.Refused("host " + host + " is not a valid IPv6 literal");
            }
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return new Verdict.Refused("host " + host + " does not resolve");
        } catch (RuntimeException e) {
            return new Verdict.Refused("host " + host + " cannot be resolved: " + e.getMessage());
        }
        if (addresses == null || addresses.length == 0) return new Verdict.Refused("host " + host + " does not resolve");
        List<InetAddress> out = new ArrayList<>();
        for (InetAddress a : addresses) {
            Optional<String> why = classify(a);
            if (why.isPresent() && !hostAllowed) {
                return new Verdict.Refused("host " + host + " resolves to " + a.getHostAddress() + " (" + why.get()
                        + "); allow it with alerts.webhook.allowPrivateHosts");
            }
            out.add(a);
        }
        return new Verdict.Allowed(uri, List.copyOf(out));
    }

    /** The host of an authority the URI class would not parse as a server name ({@code 0x7f.1:80}). */
    static String hostOf(String authority) {
        String a = authority;
        if (a.contains("@")) return null;
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            return end < 0 ? null : a.substring(0, end + 1);
        }
        int colon = a.lastIndexOf(':');
        String h = colon >= 0 ? a.substring(0, colon) : a;
        return h.matches("[A-Za-z0-9._-]{1,253}") ? h : null;
    }

    private static String strip(String h) {
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        int pct = h.indexOf('%');
        return pct >= 0 && h.contains(":") ? h.substring(0, pct) : h;
    }

    private static boolean isDottedQuad(String h) {
        String[] p = h.split("\\.", -1);
        if (p.length != 4) return false;
        for (String s : p) {
            if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(Character::isDigit)) return false;
            if (s.length() > 1 && s.charAt(0) == '0') return false;   // 010 is octal to inet_aton
            if (Integer.parseInt(s) > 255) return false;
        }
        return true;
    }

    /** The address {@code inet_aton} would read from {@code h} (1 to 4 parts, each decimal, 0x-hex or 0-octal). */
    static Optional<byte[]> legacyIpv4(String h) {
        if (h.isEmpty() || h.length() > 64) return Optional.empty();
        String[] parts = h.split("\\.", -1);
        if (parts.length > 4) return Optional.empty();
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String s = parts[i];
            if (s.isEmpty()) return Optional.empty();
            try {
                if (s.startsWith("0x") || s.startsWith("0X")) {
                    v[i] = s.length() == 2 ? 0 : Long.parseLong(s.substring(2), 16);
                } else if (s.length() > 1 && s.startsWith("0")) {
                    v[i] = Long.parseLong(s.substring(1), 8);
                } else {
                    v[i] = Long.parseLong(s, 10);
                }
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (v[i] < 0) return Optional.empty();
        }
        long addr;
        int n = parts.length;
        for (int i = 0; i < n - 1; i++) if (v[i] > 255) return Optional.empty();
        long lastMax = n == 1 ? 0xFFFFFFFFL : n == 2 ? 0xFFFFFFL : n == 3 ? 0xFFFFL : 0xFFL;
        if (v[n - 1] > lastMax) return Optional.empty();
        addr = v[n - 1];
        for (int i = 0; i < n - 1; i++) addr |= v[i] << (24 - 8 * i);
        return Optional.of(new byte[]{(byte) (addr >>> 24), (byte) (addr >>> 16), (byte) (addr >>> 8), (byte) addr});
    }

    /** Why {@code a} is not a public unicast address, or empty when it is. */
    static Optional<String> classify(InetAddress a) {
        if (a instanceof Inet4Address) return classify(a.getAddress());
        if (a instanceof Inet6Address) return classify6(a.getAddress());
        return Optional.of("unknown address family");
    }

    static Optional<String> classify(byte[] b) {
        if (b.length == 16) return classify6(b);
        int a0 = b[0] & 0xff, a1 = b[1] & 0xff, a2 = b[2] & 0xff, a3 = b[3] & 0xff;
        if (a0 == 169 && a1 == 254 && a2 == 169 && a3 == 254) return Optional.of("cloud metadata");
        if (a0 == 0) return Optional.of("unspecified / this network");
        if (a0 == 127) return Optional.of("loopback");
        if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) return Optional.of("private");
        if (a0 == 100 && a1 >= 64 && a1 <= 127) return Optional.of("carrier-grade NAT");
        if (a0 == 169 && a1 == 254) return Optional.of("link-local");
        if (a0 == 192 && a1 == 0 && a2 == 0) return Optional.of("IETF protocol assignments");
        if ((a0 == 192 && a1 == 0 && a2 == 2) || (a0 == 198 && a1 == 51 && a2 == 100) || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return Optional.of("documentation");
        }
        if (a0 == 198 && (a1 == 18 || a1 == 19)) return Optional.of("benchmarking");
        if (a0 >= 224 && a0 <= 239) return Optional.of("multicast");
        if (a0 >= 240) return Optional.of(a0 == 255 && a1 == 255 && a2 == 255 && a3 == 255 ? "broadcast" : "reserved");
        return Optional.empty();
    }

    private static Optional<String> classify6(byte[] b) {
        boolean zero10 = true;
        for (int i = 0; i < 10; i++) zero10 &= b[i] == 0;
        if (zero10 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            byte[] v4 = {b[12], b[13], b[14], b[15]};
            return Optional.of("IPv4-mapped IPv6 of " + InetAddressFormat.v4(v4) + classify(v4).map(w -> ", " + w).orElse(""));
        }
        boolean zero12 = zero10 && b[10] == 0 && b[11] == 0;
        if (zero12) {
            boolean allZero = b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1);
            if (allZero) return Optional.of(b[15] == 1 ? "loopback" : "unspecified");
            return Optional.of("IPv4-compatible IPv6 (deprecated)");
        }
        int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        int w1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if (w0 == 0xfd00 && w1 == 0x0ec2) {
            boolean meta = true;
            for (int i = 4; i < 14; i++) meta &= b[i] == 0;
            if (meta && b[14] == 0x02 && (b[15] & 0xff) == 0x54) return Optional.of("cloud metadata");
        }
        if ((b[0] & 0xfe) == 0xfc) return Optional.of("unique local (IPv6 ULA)");
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) return Optional.of("link-local");
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) return Optional.of("site-local (deprecated)");
        if ((b[0] & 0xff) == 0xff) return Optional.of("multicast");
        if (w0 == 0x0064 && w1 == 0xff9b) {
            byte[] v4 = {b[12], b[13], b[14], b[15]};
            return Optional.of("NAT64 of " + InetAddressFormat.v4(v4) + classify(v4).map(w -> ", " + w).orElse(""));
        }
        if (w0 == 0x2002) {
            byte[] v4 = {b[2], b[3], b[4], b[5]};
            Optional<String> inner = classify(v4);
            if (inner.isPresent()) return Optional.of("6to4 of " + InetAddressFormat.v4(v4) + ", " + inner.get());
        }
        if (w0 == 0x2001 && w1 == 0x0000) return Optional.of("Teredo");
        if (w0 == 0x2001 && w1 == 0x0db8) return Optional.of("documentation");
        if (w0 == 0x0100 && w1 == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0) return Optional.of("discard-only");
        return Optional.empty();
    }

    /** Dotted-quad text of four bytes. */
    static final class InetAddressFormat {
        private InetAddressFormat() {
        }

        static String v4(byte[] b) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
    }
}
