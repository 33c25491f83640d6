package org.afterimage.search.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import org.afterimage.search.SearchConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatekeeperTest {
    @TempDir
    Path dir;

    private static AuthException.Kind refusal(Runnable r) {
        try {
            r.run();
        } catch (AuthException e) {
            return e.kind();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void everyRoleAgainstEveryPermission() {
        KeyStore keys = new KeyStore(dir.resolve("k.json"), InstantSource.system());
        Gatekeeper g = new Gatekeeper(keys, new RateLimiter(InstantSource.system()), SearchConfig.defaults().auth());
        for (Role role : Role.values()) {
            String secret = keys.create(role, role.id()).secret();
            for (Role.Permission p : Role.Permission.values()) {
                boolean allowed = switch (role) {
                    case READER -> p == Role.Permission.READ;
                    case SUBSCRIBER -> p == Role.Permission.READ || p == Role.Permission.SUBSCRIBE;
                    case EXPORTER -> p == Role.Permission.READ || p == Role.Permission.EXPORT;
                    case ADMIN -> true;
                };
                if (allowed) assertThat(g.admit(Optional.of(secret), "1.2.3.4", Optional.of(p)).role()).isEqualTo(role);
                else assertThat(refusal(() -> g.admit(Optional.of(secret), "1.2.3.4", Optional.of(p)))).isEqualTo(AuthException.Kind.FORBIDDEN);
            }
        }
    }

    @Test
    void anonymousReadOnlyWhenConfiguredAndUnknownKeysAlwaysRefused() {
        KeyStore keys = new KeyStore(dir.resolve("k.json"), InstantSource.system());
        Gatekeeper closed = new Gatekeeper(keys, new RateLimiter(InstantSource.system()), SearchConfig.defaults().auth());
        assertThat(refusal(() -> closed.admit(Optional.empty(), "ip", Optional.of(Role.Permission.READ)))).isEqualTo(AuthException.Kind.UNAUTHENTICATED);
        Gatekeeper open = new Gatekeeper(keys, new RateLimiter(InstantSource.system()),
                SearchConfig.fromYaml("auth: {anonymousRead: true}").auth());
        assertThat(open.admit(Optional.empty(), "ip", Optional.of(Role.Permission.READ)).anonymous()).isTrue();
        assertThat(refusal(() -> open.admit(Optional.empty(), "ip", Optional.of(Role.Permission.EXPORT)))).isEqualTo(AuthException.Kind.UNAUTHENTICATED);
        assertThat(refusal(() -> open.admit(Optional.of("aik_bogus"), "ip", Optional.of(Role.Permission.READ)))).isEqualTo(AuthException.Kind.UNAUTHENTICATED);
    }

    @Test
    void rateLimitIsPerKeyWithRetryAfter() {
        KeyStore keys = new KeyStore(dir.resolve("k.json"), InstantSource.system());
        Gatekeeper g = new Gatekeeper(keys, new RateLimiter(() -> java.time.Instant.EPOCH),
                SearchConfig.fromYaml("auth: {rateLimits: {reader: {perMinute: 2, burst: 2}}}").auth());
        String a = keys.create(Role.READER, "a").secret();
        String b = keys.create(Role.READER, "b").secret();
        g.admit(Optional.of(a), "ip", Optional.of(Role.Permission.READ));
        g.admit(Optional.of(a), "ip", Optional.of(Role.Permission.READ));
        assertThatThrownBy(() -> g.admit(Optional.of(a), "ip", Optional.of(Role.Permission.READ)))
                .isInstanceOfSatisfying(AuthException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AuthException.Kind.RATE_LIMITED);
                    assertThat(e.retryAfterSeconds()).isEqualTo(30);
                });
        assertThat(g.admit(Optional.of(b), "ip", Optional.of(Role.Permission.READ)).role()).isEqualTo(Role.READER);
    }
}
