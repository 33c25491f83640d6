package org.afterimage.search;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import org.afterimage.search.auth.ApiKey;
import org.afterimage.search.auth.KeyStore;
import org.afterimage.search.auth.Role;

/**
 * {@code afterimage keys ...}: manage API keys in the data dir's key file (a running server picks changes up within a
 * second). Usage: {@code create --role reader|subscriber|exporter|admin [--name N]}, {@code list},
 * {@code revoke ID}; each with {@code --data-dir DIR} (default {@code data}) and {@code --config FILE}.
 */
public final class KeysCommand {
    private KeysCommand() {
    }

    /** Returns the exit code: 0 done, 2 usage error, 1 failure. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            return runChecked(args, out, err);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
    }

    private static int runChecked(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) return usage(err, "missing subcommand");
        String cmd = args[0];
        Optional<String> role = Optional.empty();
        String name = "";
        Optional<java.time.Duration> validFor = Optional.empty();
        Path dataDir = Path.of("data");
        Optional<Path> configFile = Optional.empty();
        String id = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--role" -> role = Optional.of(value(args, ++i, a));
                case "--name" -> name = value(args, ++i, a);
                case "--valid-for" -> {
                    String v = value(args, ++i, a);
                    try {
                        validFor = Optional.of(java.time.Duration.parse(v));
                    } catch (java.time.format.DateTimeParseException e) {
                        return usage(err, "--valid-for " + v + " is not an ISO-8601 duration (e.g. P90D, PT12H)");
                    }
                }
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, a));
                case "--config" -> configFile = Optional.of(Path.of(value(args, ++i, a)));
                default -> {
                    if (a.startsWith("--") || id != null) return usage(err, "unexpected argument '" + a + "'");
                    id = a;
                }
            }
        }
        try {
            SearchConfig config = configFile.map(SearchConfig::load).orElseGet(SearchConfig::defaults);
            KeyStore keys = new KeyStore(SearchApi.keysFile(config, dataDir), InstantSource.system());
            switch (cmd) {
                case "create" -> {
                    if (role.isEmpty()) return usage(err, "create needs --role reader|subscriber|exporter|admin");
                    KeyStore.Created c = keys.create(Role.of(role.get()), name, validFor);
                    out.println(c.secret());
                    err.println("key " + c.key().id() + " (" + c.key().role().id() + ") created; the secret above is shown once");
                    return 0;
                }
                case "list" -> {
                    for (ApiKey k : keys.list()) {
                        out.println(k.id() + "\t" + k.role().id() + "\t" + k.createdAt() + "\t"
                                + (k.revoked() ? "revoked " + k.revokedAt() : k.expired(java.time.Instant.now()) ? "expired " + k.expiresAt()
                                : k.expiresAt() != null ? "active until " + k.expiresAt() : "active") + "\t" + k.name());
                    }
                    return 0;
                }
                case "revoke" -> {
                    if (id == null) return usage(err, "revoke needs a key id");
                    if (!keys.revoke(id)) {
                        err.println("no active key " + id);
                        return 1;
                    }
                    out.println("revoked " + id);
                    return 0;
                }
                default -> {
                    return usage(err, "unknown subcommand '" + cmd + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        } catch (RuntimeException e) {
            err.println("keys: " + e.getMessage());
            return 1;
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) throw new IllegalArgumentException(flag + " needs a value");
        return args[i];
    }

    private static int usage(PrintStream err, String problem) {
        err.println("keys: " + problem);
        err.println("usage: keys create --role reader|subscriber|exporter|admin [--name N] [--valid-for P90D] [--data-dir DIR] [--config FILE]");
        err.println("       keys list [--data-dir DIR]");
        err.println("       keys revoke ID [--data-dir DIR]");
        return 2;
    }
}
