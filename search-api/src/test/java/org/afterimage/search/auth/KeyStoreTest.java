package org.afterimage.search.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyStoreTest {
    @TempDir
    Path dir;

    @Test
    void storesHashesOnlyAndAuthenticatesBySecret() throws Exception {
        KeyStore s = new KeyStore(dir.resolve("keys.json"), InstantSource.system());
        KeyStore.Created c = s.create(Role.READER, "r");
        assertThat(Files.readString(dir.resolve("keys.json"))).doesNotContain(c.secret()).contains(KeyStore.sha256(c.secret()));
        assertThat(s.authenticate(c.secret())).get().extracting(ApiKey::role).isEqualTo(Role.READER);
        assertThat(s.authenticate(c.secret() + "x")).isEmpty();
        assertThat(s.authenticate("")).isEmpty();
        assertThat(s.authenticate("x".repeat(10_000))).isEmpty();
    }

    @Test
    void survivesRestartAndRevocation() {
        Path f = dir.resolve("keys.json");
        KeyStore s = new KeyStore(f, InstantSource.system());
        KeyStore.Created c = s.create(Role.ADMIN, "a");
        KeyStore again = new KeyStore(f, InstantSource.system());
        assertThat(again.authenticate(c.secret())).isPresent();
        assertThat(again.hasActiveAdmin()).isTrue();
        assertThat(again.revoke(c.key().id())).isTrue();
        assertThat(again.revoke(c.key().id())).isFalse();
        assertThat(new KeyStore(f, InstantSource.system()).authenticate(c.secret())).isEmpty();
    }

    @Test
    void environmentAdminKeyIsAddedOnceAndMustBeLongEnough() {
        KeyStore s = new KeyStore(dir.resolve("keys.json"), InstantSource.system());
        ApiKey a = s.ensure("correct-horse-battery-staple", Role.ADMIN, "env");
        assertThat(s.ensure("correct-horse-battery-staple", Role.ADMIN, "env").id()).isEqualTo(a.id());
        assertThat(s.list()).hasSize(1);
        assertThatThrownBy(() -> s.ensure("short", Role.ADMIN, "env")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExpiredKeyNoLongerAuthenticatesAndAKeyFileWithoutExpiryStillReads() throws Exception {
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
                new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-11-28T00:00:00Z"));
        KeyStore s = new KeyStore(dir.resolve("keys.json"), now::get);
        KeyStore.Created c = s.create(Role.READER, "short-lived", java.util.Optional.of(java.time.Duration.ofHours(12)));
        assertThat(c.key().expiresAt()).isEqualTo(java.time.Instant.parse("2026-11-28T12:00:00Z"));
        assertThat(s.authenticate(c.secret())).isPresent();
        now.set(java.time.Instant.parse("2026-11-28T12:00:00Z"));
        assertThat(s.authenticate(c.secret())).as("expired at its expiry instant").isEmpty();
        assertThatThrownBy(() -> s.create(Role.READER, "x", java.util.Optional.of(java.time.Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class);

        // a file written before keys could expire has no expiresAt: such keys never expire
        Files.writeString(dir.resolve("old.json"), "[{\"id\":\"abc\",\"name\":\"old\",\"role\":\"READER\",\"sha256\":\""
                + KeyStore.sha256("aik_old_secret_0123456789") + "\",\"createdAt\":\"2025-01-01T00:00:00Z\",\"revokedAt\":null}]");
        assertThat(new KeyStore(dir.resolve("old.json"), now::get).authenticate("aik_old_secret_0123456789")).isPresent();
    }

    @Test
    void corruptFileIsAClearError() throws Exception {
        Files.writeString(dir.resolve("keys.json"), "{not json");
        assertThatThrownBy(() -> new KeyStore(dir.resolve("keys.json"), InstantSource.system()))
                .hasMessageContaining("cannot read API keys");
    }
}
