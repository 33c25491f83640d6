package org.afterimage.search.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.afterimage.search.index.DocJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API keys in one small JSON file under the data dir ({@code keys.json}), holding SHA-256 hashes only.
 *
 * <p>Why a file and not an Elasticsearch index: Elasticsearch here is a derived view that can be dropped and rebuilt
 * from Kafka at any time, and keys are not in Kafka; and the API must still authenticate (and answer 503 with the
 * right error) while Elasticsearch is down. The file is replaced atomically on every change and re-read when another
 * process ({@code afterimage keys create}) changed it. Several API replicas need a shared volume for it.
 *
 * <p>Lookup hashes the presented secret and compares hashes with {@link MessageDigest#isEqual} (constant time).
 */
public final class KeyStore {
    private static final Logger log = LoggerFactory.getLogger(KeyStore.class);
    static final String PREFIX = "aik_";
    static final int MAX_SECRET = 200;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final InstantSource clock;
    private volatile Map<String, ApiKey> byHash = Map.of();
    private volatile FileTime loadedMtime;
    private volatile long lastCheckNanos;

    /** A new key: {@code secret} is shown once, then only its hash exists. */
    public record Created(ApiKey key, String secret) {
    }

    public KeyStore(Path file, InstantSource clock) {
        this.file = Objects.requireNonNull(file, "file");
        this.clock = clock;
        reload();
    }

    public synchronized Created create(Role role, String name) {
        return create(role, name, Optional.empty());
    }

    /** A new key that stops working {@code validFor} after now (when given). */
    public synchronized Created create(Role role, String name, Optional<java.time.Duration> validFor) {
        reload();
        if (validFor.isPresent() && (validFor.get().isNegative() || validFor.get().isZero())) {
            throw new IllegalArgumentException("a key's validity must be positive, got " + validFor.get());
        }
        String secret = PREFIX + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random(24));
        java.time.Instant now = clock.instant();
        ApiKey k = new ApiKey(HexFormat.of().formatHex(random(6)), name, role, sha256(secret), now, null,
                validFor.map(now::plus).orElse(null));
        Map<String, ApiKey> next = new LinkedHashMap<>(byHash);
        next.put(k.sha256(), k);
        save(next);
        log.info("API key {} created with role {}", k.id(), role.id());
        return new Created(k, secret);
    }

    /** Adds {@code secret} (from {@code AFTERIMAGE_ADMIN_KEY}) as an admin key if it is not there yet. */
    public synchronized ApiKey ensure(String secret, Role role, String name) {
        reload();
        if (secret.length() < 16 || secret.length() > MAX_SECRET) {
            throw new IllegalArgumentException("AFTERIMAGE_ADMIN_KEY must be 16 to " + MAX_SECRET + " characters");
        }
        String h = sha256(secret);
        ApiKey existing = byHash.get(h);
        if (existing != null && !existing.revoked() && !existing.expired(clock.instant())) return existing;
        ApiKey k = new ApiKey(HexFormat.of().formatHex(random(6)), name, role, h, clock.instant(), null, null);
        Map<String, ApiKey> next = new LinkedHashMap<>(byHash);
        next.put(h, k);
        save(next);
        return k;
    }

    public synchronized boolean revoke(String id) {
        reload();
        Map<String, ApiKey> next = new LinkedHashMap<>(byHash);
        for (var e : next.entrySet()) {
            if (e.getValue().id().equals(id) && !e.getValue().revoked()) {
                e.setValue(e.getValue().revoke(clock.instant()));
                save(next);
                log.info("API key {} revoked", id);
                return true;
            }
        }
        return false;
    }

    public List<ApiKey> list() {
        maybeReload();
        return List.copyOf(byHash.values());
    }

    public boolean hasActiveAdmin() {
        maybeReload();
        return byHash.values().stream().anyMatch(k -> k.role() == Role.ADMIN && !k.revoked() && !k.expired(clock.instant()));
    }

    /** The live key whose secret this is. */
    public Optional<ApiKey> authenticate(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > MAX_SECRET) return Optional.empty();
        maybeReload();
        byte[] presented = HexFormat.of().parseHex(sha256(secret));
        ApiKey k = byHash.get(sha256(secret));
        // the map lookup is by hash (leaks nothing about the secret); the final check is constant time anyway
        if (k == null || !MessageDigest.isEqual(presented, HexFormat.of().parseHex(k.sha256())) || k.revoked()
                || k.expired(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(k);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private void maybeReload() {
        long now = System.nanoTime();
        if (now - lastCheckNanos < 1_000_000_000L) return;
        lastCheckNanos = now;
        synchronized (this) {
            reload();
        }
    }

    private void reload() {
        try {
            if (!Files.exists(file)) {
                byHash = Map.of();
                return;
            }
            FileTime m = Files.getLastModifiedTime(file);
            if (m.equals(loadedMtime)) return;
            List<ApiKey> keys = DocJson.MAPPER.readValue(file.toFile(), new TypeReference<List<ApiKey>>() { });
            Map<String, ApiKey> next = new LinkedHashMap<>();
            for (ApiKey k : keys) next.put(k.sha256(), k);
            byHash = Map.copyOf(next);
            loadedMtime = m;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read API keys from " + file + ": " + e.getMessage(), e);
        }
    }

    private void save(Map<String, ApiKey> next) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, DocJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(new ArrayList<>(next.values())));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            byHash = Map.copyOf(next);
            loadedMtime = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write API keys to " + file + ": " + e.getMessage(), e);
        }
    }
}
