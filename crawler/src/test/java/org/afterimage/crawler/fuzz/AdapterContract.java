package org.afterimage.crawler.fuzz;

import org.afterimage.testkit.fuzz.Bounded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.afterimage.crawler.parse.Adapter;
import org.afterimage.crawler.parse.ParsedPost;
import org.afterimage.crawler.parse.Response;
import org.afterimage.crawler.parse.UnparseableException;
import org.afterimage.model.Capture;
import org.afterimage.model.json.Codecs;

/**
 * The property every adapter keeps for any input: it returns posts, or throws its documented
 * {@link UnparseableException} with a message; nothing else escapes, it ends (see {@link Bounded}), and what it returns
 * is usable downstream (each post becomes a {@link Capture} that survives the capture codec) and is not larger than
 * a small multiple of the input (no expansion bomb).
 */
final class AdapterContract {
    /** Text out per byte in, plus slack: markup only ever shrinks to text; entities expand at most a few times. */
    static final long EXPANSION = 16;
    static final long SLACK = 1 << 20;

    private AdapterContract() {
    }

    static void holds(String target, Adapter adapter, Response r) {
        Bounded.Outcome<List<ParsedPost>> o = Bounded.call(target, () -> adapter.parse(r));
        try {
            check(adapter, r, o);
        } catch (AssertionError | RuntimeException e) {
            Path saved = save(target, r);
            throw new AssertionError(target + " (input saved to " + saved + ", status " + r.status() + "): " + e, e);
        }
    }

    private static void check(Adapter adapter, Response r, Bounded.Outcome<List<ParsedPost>> o) {
        if (o.thrown() != null) {
            if (o.thrown() instanceof UnparseableException u) {
                if (u.getMessage() == null || u.getMessage().isBlank()) throw new AssertionError("UnparseableException without a message");
                return;
            }
            throw new AssertionError("undocumented exception " + o.thrown(), o.thrown());
        }
        List<ParsedPost> posts = o.value();
        if (posts == null) throw new AssertionError("null result");
        long chars = 0;
        for (ParsedPost p : posts) {
            if (p == null) throw new AssertionError("null post in result");
            chars += len(p.text()) + len(p.author()) + len(p.url());
            Capture c = p.toCapture(Instant.EPOCH, null, "fuzz");
            Codecs.CAPTURE.decode(Codecs.CAPTURE.encode(c));
            adapter.postUrl(p.key());
        }
        adapter.olderPage(r.url(), posts);
        long bound = EXPANSION * r.body().length + SLACK;
        if (chars > bound) throw new AssertionError(chars + " characters out of " + r.body().length + " bytes in");
    }

    private static long len(String s) {
        return s == null ? 0 : s.length();
    }

    /** Keeps a failing input under target/fuzz-failures/, ready to become a regression fixture. */
    static Path save(String target, Response r) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(r.body());
            Path dir = Path.of("target", "fuzz-failures", target);
            Files.createDirectories(dir);
            Path f = dir.resolve(HexFormat.of().formatHex(hash, 0, 8) + ".bin");
            Files.write(f, r.body());
            return f.toAbsolutePath();
        } catch (IOException | NoSuchAlgorithmException e) {
            return Path.of("(not saved: " + e + ")");
        }
    }
}
