package org.afterimage.search.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SsrfTest {
    /** A resolver with fixed answers (no DNS in unit tests); IP literals parse as the JDK would. */
    static final Map<String, String[]> NAMES = Map.of(
            "hooks.example.org", new String[]{"93.184.216.34"},
            "rebind.example.org", new String[]{"93.184.216.34", "10.0.0.7"},
            "internal.example.org", new String[]{"192.168.1.10"},
            "v6only.example.org", new String[]{"fd12:3456::1"},
            "localhost", new String[]{"127.0.0.1", "::1"});

    static InetAddress[] resolve(String host) throws UnknownHostException {
        String[] a = NAMES.get(host);
        if (a == null) {
            if (host.matches("[0-9.]+") || host.contains(":")) return new InetAddress[]{InetAddress.getByName(host)};
            throw new UnknownHostException(host);
        }
        InetAddress[] out = new InetAddress[a.length];
        for (int i = 0; i < a.length; i++) out[i] = InetAddress.getByName(a[i]);
        return out;
    }

    final Ssrf ssrf = new Ssrf(List.of(), SsrfTest::resolve);

    String refused(String url) {
        Ssrf.Verdict v = ssrf.check(url);
        assertThat(v).as(url).isInstanceOf(Ssrf.Verdict.Refused.class);
        return ((Ssrf.Verdict.Refused) v).reason();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://127.0.0.1/", "http://127.255.0.9:8080/x", "http://10.1.2.3/", "http://172.16.0.1/", "http://172.31.255.255/",
        "http://192.168.0.1/", "http://100.64.0.1/", "http://169.254.1.1/", "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0/", "http://224.0.0.1/", "http://239.255.255.250/", "http://255.255.255.255/", "http://240.0.0.1/",
        "http://192.0.2.1/", "http://198.18.0.1/",
        "http://[::1]/", "http://[::]/", "http://[fc00::1]/", "http://[fd00:ec2::254]/", "http://[fe80::1]/",
        "http://[ff02::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[::ffff:169.254.169.254]/",
        "http://[0:0:0:0:0:ffff:a00:1]/", "http://[::127.0.0.1]/", "http://[64:ff9b::a00:1]/", "http://[2002:c0a8:101::1]/",
        "http://[2001:db8::1]/", "http://[fec0::1]/",
        "http://localhost:8080/", "http://LOCALHOST/", "http://localhost./", "http://internal.example.org/",
        "http://v6only.example.org/", "http://rebind.example.org/"})
    void refusesPrivateLoopbackLinkLocalMetadataAndFriends(String url) {
        refused(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/", "http://0x7f.1/", "http://127.1/",
        "http://0x7f.0.0.1/", "http://017700000001/", "http://3232235777/", "http://0xa9fea9fe/", "http://0251.0376.0251.0376/",
        "http://127.000.000.001/", "http://1.2.3/"})
    void refusesNonCanonicalIpv4LiteralsWhateverTheyPointAt(String url) {
        assertThat(refused(url)).contains("non-canonical IPv4");
    }

    @Test
    void namesTheAddressAndTheKindOfRefusal() {
        assertThat(refused("http://169.254.169.254/")).contains("cloud metadata");
        assertThat(refused("http://[fd00:ec2::254]/")).contains("cloud metadata");
        assertThat(refused("http://localhost/")).contains("127.0.0.1").contains("loopback").contains("allowPrivateHosts");
        assertThat(refused("http://100.100.1.1/")).contains("carrier-grade NAT");
        assertThat(refused("http://[::ffff:10.0.0.1]/")).contains("IPv4-mapped").contains("private");
        assertThat(refused("http://2130706433/")).contains("127.0.0.1").contains("loopback");
        assertThat(refused("http://rebind.example.org/")).contains("10.0.0.7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://hooks.example.org/", "file:///etc/passwd", "gopher://x/", "http:///nohost", "not a url",
        "http://user:pw@hooks.example.org/", "", "   ", "http://nxdomain.invalid/", "http://hooks.example.org/#frag",
        "javascript:alert(1)", "//hooks.example.org/"})
    void refusesBadSchemesCredentialsAndUnresolvableHosts(String url) {
        refused(url);
    }

    @Test
    void refusesOverlongUrls() {
        assertThat(refused("http://hooks.example.org/" + "a".repeat(3000))).contains("longer");
    }

    @Test
    void allowsPublicHosts() {
        assertThat(ssrf.check("https://hooks.example.org/afterimage?x=1")).isInstanceOf(Ssrf.Verdict.Allowed.class);
        assertThat(ssrf.check("http://93.184.216.34:8443/")).isInstanceOf(Ssrf.Verdict.Allowed.class);
        assertThat(ssrf.check("http://[2606:4700::1111]/")).isInstanceOf(Ssrf.Verdict.Allowed.class);
        assertThat(ssrf.check("http://8.8.8.8/")).isInstanceOf(Ssrf.Verdict.Allowed.class);
    }

    @Test
    void allowListExemptsTheListedHostOrAddressOnly() {
        Ssrf byAddress = new Ssrf(List.of("127.0.0.1"), SsrfTest::resolve);
        assertThat(byAddress.check("http://127.0.0.1:9000/hook")).isInstanceOf(Ssrf.Verdict.Allowed.class);
        assertThat(byAddress.check("http://localhost:9000/hook")).as("::1 is not listed").isInstanceOf(Ssrf.Verdict.Refused.class);
        assertThat(byAddress.check("http://10.0.0.1/")).isInstanceOf(Ssrf.Verdict.Refused.class);
        assertThat(byAddress.check("http://2130706433/")).as("odd literal forms stay refused").isInstanceOf(Ssrf.Verdict.Refused.class);
        Ssrf byName = new Ssrf(List.of("localhost", "::1"), SsrfTest::resolve);
        assertThat(byName.check("http://localhost:9000/")).isInstanceOf(Ssrf.Verdict.Allowed.class);
        assertThat(byName.check("http://[::1]:9000/")).isInstanceOf(Ssrf.Verdict.Allowed.class);
        assertThat(byName.check("http://127.0.0.1/")).isInstanceOf(Ssrf.Verdict.Refused.class);
    }

    @Test
    void inetAtonParsing() {
        assertThat(Ssrf.legacyIpv4("0x7f.1")).hasValueSatisfying(b -> assertThat(Ssrf.InetAddressFormat.v4(b)).isEqualTo("127.0.0.1"));
        assertThat(Ssrf.legacyIpv4("10.1")).hasValueSatisfying(b -> assertThat(Ssrf.InetAddressFormat.v4(b)).isEqualTo("10.0.0.1"));
        assertThat(Ssrf.legacyIpv4("4294967296")).isEmpty();
        assertThat(Ssrf.legacyIpv4("256.1.1.1")).isEmpty();
        assertThat(Ssrf.legacyIpv4("example.org")).isEmpty();
        assertThat(Ssrf.legacyIpv4("1.2.3.4.5")).isEmpty();
        assertThat(Ssrf.legacyIpv4("08.1.1.1")).as("8 is no octal digit").isEmpty();
    }
}
