package org.afterimage.crawler.classify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.afterimage.crawler.parse.Adapter;
import org.afterimage.crawler.parse.Adapters;
import org.afterimage.crawler.parse.ParsedPost;
import org.afterimage.crawler.parse.Response;
import org.afterimage.crawler.parse.UnparseableException;
import org.afterimage.crawler.parse.html.SiteProfile;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;

/**
 * {@code afterimage classify --platform P [--status CODE] [--url URL] [--profile FILE] FILE}: reads one saved response
 * body (or a twarc JSONL file, one response per line) and prints one JSON object per post, one per line:
 * {@code {"platform","postId","outcome","reason","author","text","publishedAt","editedAt","countries"}} (every key
 * always present, {@code null} when unknown; unreachable results add {@code "cause"} and {@code "detail"}). A line
 * that cannot be parsed gives {@code FILE:LINE: reason} on stderr and the rest is still processed. Exit code 0 when
 * everything parsed, 1 otherwise, 2 for bad options.
 */
public final class Classify {
    /** Largest saved body read whole; larger files are refused, not truncated (a truncated page could look like a removal). */
    static final long MAX_FILE = 256L << 20;
    /** Longest single line of a JSONL file. */
    static final int MAX_LINE = 64 << 20;

    private static final ObjectMapper OUT = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    private Classify() {
    }

    /** Parses {@code args} (the same flags as the CLI) and runs. For the app's picocli command, prefer {@link #run(ClassifyOptions, PrintStream, PrintStream)}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        ClassifyOptions o;
        try {
            o = parseArgs(args);
        } catch (IllegalArgumentException e) {
            err.println("classify: " + e.getMessage());
            err.println("usage: classify --platform <telegram|mastodon|reddit|twitter|wechat|weibo|html|rss> [--status CODE] [--url URL] [--profile FILE] FILE");
            return 2;
        }
        return run(o, out, err);
    }

    static ClassifyOptions parseArgs(String[] args) {
        Platform platform = null;
        Integer status = null;
        String url = null;
        Path profile = null;
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--platform" -> platform = Platform.of(value(args, ++i, a));
                case "--status" -> {
                    String v = value(args, ++i, a);
                    try {
                        status = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--status must be a number, got '" + v + "'");
                    }
                }
                case "--url" -> url = value(args, ++i, a);
                case "--profile" -> profile = Path.of(value(args, ++i, a));
                default -> {
                    if (a.startsWith("--")) throw new IllegalArgumentException("unknown option " + a);
                    if (file != null) throw new IllegalArgumentException("only one FILE, got '" + file + "' and '" + a + "'");
                    file = Path.of(a);
                }
            }
        }
        if (platform == null) throw new IllegalArgumentException("--platform is required");
        if (file == null) throw new IllegalArgumentException("FILE is required");
        return new ClassifyOptions(platform, status, url, profile, file);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) throw new IllegalArgumentException(flag + " needs a value");
        return args[i];
    }

    public static int run(ClassifyOptions o, PrintStream out, PrintStream err) {
        Adapter adapter;
        try {
            if (o.platform() == Platform.HTML) {
                if (o.profile() == null) {
                    err.println("classify: --platform html needs --profile FILE");
                    return 2;
                }
                adapter = Adapters.html(SiteProfile.load(o.profile()));
            } else {
                adapter = Adapters.of(o.platform());
            }
        } catch (IOException | IllegalArgumentException e) {
            err.println("classify: " + e.getMessage());
            return 2;
        }
        int status = o.status() == null ? 200 : o.status();
        String name = o.file().toString();
        boolean ok = true;
        try {
            if (adapter.lineOriented()) {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(o.file()), 1 << 16)) {
                    long lineNo = 0;
                    while (true) {
                        byte[] line;
                        lineNo++;
                        try {
                            line = readLine(in);
                        } catch (LineTooLongException e) {
                            err.println(name + ":" + lineNo + ": line longer than " + MAX_LINE + " bytes, skipped");
                            ok = false;
                            continue;
                        }
                        if (line == null) break;
                        if (isBlank(line)) continue;
                        ok &= emit(adapter, Response.saved(o.url(), status, line), name, lineNo, out, err);
                    }
                }
            } else {
                long size = Files.size(o.file());
                if (size > MAX_FILE) {
                    err.println(name + ":1: file is " + size + " bytes, over the " + MAX_FILE + "-byte limit");
                    return 1;
                }
                ok = emit(adapter, Response.saved(o.url(), status, Files.readAllBytes(o.file())), name, 0, out, err);
            }
        } catch (NoSuchFileException e) {
            err.println("classify: no such file: " + name);
            return 1;
        } catch (IOException e) {
            err.println("classify: cannot read " + name + ": " + e.getMessage());
            return 1;
        }
        out.flush();
        return ok ? 0 : 1;
    }

    private static boolean emit(Adapter adapter, Response r, String name, long lineNo, PrintStream out, PrintStream err) {
        List<ParsedPost> posts;
        try {
            posts = adapter.parse(r);
        } catch (UnparseableException e) {
            long line = lineNo > 0 ? lineNo : Math.max(1, e.line());
            err.println(name + ":" + line + ": " + e.getMessage());
            return false;
        } catch (RuntimeException e) {
            // an adapter bug must not hide the rest of the file; say where it happened
            long line = Math.max(1, lineNo);
            err.println(name + ":" + line + ": internal error: " + e);
            return false;
        }
        for (ParsedPost p : posts) out.println(json(p));
        return true;
    }

    /** One output line. Every key always present so that tools (jq, CSV converters) see one shape. */
    public static String json(ParsedPost p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("platform", p.key().platform().id());
        m.put("postId", p.key().postId());
        m.put("outcome", p.outcome().kind());
        m.put("reason", p.outcome() instanceof FetchOutcome.Gone g ? g.reason().name() : null);
        m.put("author", p.author());
        m.put("text", p.text());
        m.put("publishedAt", p.publishedAt() == null ? null : p.publishedAt().toString());
        m.put("editedAt", p.editedAt() == null ? null : p.editedAt().toString());
        m.put("countries", new ArrayList<>(p.countries()));
        if (p.outcome() instanceof FetchOutcome.Unreachable u) {
            m.put("cause", u.cause().name());
            m.put("detail", u.detail());
        }
        try {
            return OUT.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a map of strings as JSON", e);
        }
    }

    private static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;
    }

    /** The next line without its terminator, {@code null} at end of input; skips the rest of an over-long line. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(1024);
        int b;
        boolean any = false;
        boolean tooLong = false;
        while ((b = in.read()) != -1) {
            any = true;
            if (b == '\n') break;
            if (buf.size() >= MAX_LINE) {
                tooLong = true;
                continue;
            }
            buf.write(b);
        }
        if (tooLong) throw new LineTooLongException();
        if (!any) return null;
        byte[] line = buf.toByteArray();
        if (line.length > 0 && line[line.length - 1] == '\r') line = java.util.Arrays.copyOf(line, line.length - 1);
        return line;
    }

    private static boolean isBlank(byte[] line) {
        for (byte x : line) if (x != ' ' && x != '\t' && x != '\r') return false;
        return true;
    }
}
