package org.afterimage.crawler.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.afterimage.crawler.fetch.Exchange;
import org.afterimage.model.WarcRef;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each exchange as a WARC/1.1 request record and a response record (gzip per record, so each is readable
 * from its offset alone), in files {@code warc/afterimage-<time>-<instance>-<seq>.warc.gz} that rotate at a size.
 * The response record keeps the body bytes exactly as received (compressed if the server compressed them), with the
 * server's headers: that is the evidence. Thread-safe; one writer per instance.
 *
 * <p>Never a half-written record: a write that fails (disk full, I/O error) is cut back off the file and the next
 * write starts a new file; below {@code minFreeBytes} of free space nothing is written at all (a clear error, the
 * capture goes out without archived bytes); and at start the newest file of this instance is mended if a crash cut
 * its last record off ({@link WarcRecovery}).
 */
public final class WarcArchive implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WarcArchive.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    /** Hop-by-hop and framing headers that no longer describe the stored bytes. */
    private static final Set<String> DROP = Set.of("transfer-encoding", "connection", "keep-alive", ":status");

    private final Path dir;
    private final long rotateBytes;
    private final String instance;
    private final long minFreeBytes;
    private boolean recovered;
    private int sequence;
    private FileChannel channel;
    private WarcWriter writer;
    private String fileName;

    public WarcArchive(Path dataDir, long rotateBytes, String instance) {
        this(dataDir, rotateBytes, 0, instance);
    }

    /** With {@code minFreeBytes}: refuse to write while the file system has less free space than that. */
    public WarcArchive(Path dataDir, long rotateBytes, long minFreeBytes, String instance) {
        if (minFreeBytes < 0) throw new IllegalArgumentException("minFreeBytes must be 0 or more");
        this.minFreeBytes = minFreeBytes;
        if (rotateBytes < 1024) throw new IllegalArgumentException("rotateBytes must be at least 1024");
        if (!instance.matches("[A-Za-z0-9_-]{1,64}")) throw new IllegalArgumentException("bad instance name '" + instance + "'");
        this.dir = dataDir.resolve("warc");
        this.rotateBytes = rotateBytes;
        this.instance = instance;
    }

    /** The directory WARC file names in {@link WarcRef#file()} are relative to. */
    public Path directory() {
        return dir;
    }

    /** Archives {@code e}; returns where its response record is. */
    public synchronized WarcRef write(Exchange e) throws IOException {
        if (!recovered) recoverNewest();
        if (minFreeBytes > 0 && Files.isDirectory(dir)) {
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < minFreeBytes) {
                throw new IOException(String.format(java.util.Locale.ROOT,
                        "not archived: %s has %.1f MiB free, below warc.minFreeBytes (%.1f MiB); free space or lower the limit",
                        dir, free / 1048576.0, minFreeBytes / 1048576.0));
            }
        }
        if (writer == null || writer.position() >= rotateBytes) rotate(e);
        URI target = e.uri();
        byte[] requestBlock = requestBlock(e);
        WarcRequest request = new WarcRequest.Builder(target)
                .date(e.fetchedAt())
                .body(MediaType.HTTP_REQUEST, requestBlock)
                .build();
        byte[] payload = e.rawBody();
        WarcDigest digest = sha1(payload);
        WarcResponse response = new WarcResponse.Builder(target)
                .date(e.fetchedAt())
                .recordId(UUID.randomUUID())
                .concurrentTo(request.id())
                .payloadDigest(digest)
                .body(MediaType.HTTP_RESPONSE, responseBlock(e))
                .build();
        long offset = writer.position();
        long fileOffset = channel.position();
        try {
            writer.write(response);
            writer.write(request);
        } catch (IOException | RuntimeException failed) {
            // Cut the partial record off and start a fresh file next time (the writer's own position is now wrong).
            // Close first: closing the gzip writer may still write a partial member after the cut point (seen on a
            // really full disk), so the cut comes last, through a fresh handle. A file left empty is deleted.
            Path file = dir.resolve(fileName);
            try {
                closeWriter();
            } catch (IOException | RuntimeException ignored) {
                failed.addSuppressed(ignored);
            }
            try {
                if (fileOffset == 0) {
                    Files.deleteIfExists(file);
                } else {
                    try (FileChannel cut = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        cut.truncate(fileOffset);
                    }
                }
            } catch (IOException ignored) {
                failed.addSuppressed(ignored);
            }
            throw failed;
        }
        return new WarcRef(fileName, offset, response.id().toString(), digest.prefixedBase32());
    }

    /** Mends this instance's newest file if a crash cut its last record (the only one that can have been open). */
    private void recoverNewest() throws IOException {
        recovered = true;
        if (!Files.isDirectory(dir)) return;
        Path newest = null;
        try (var files = Files.list(dir)) {
            newest = files.filter(f -> f.getFileName().toString().matches("afterimage-\\d{14}-" + java.util.regex.Pattern.quote(instance) + "-\\d{5,}\\.warc\\.gz"))
                    .max(java.util.Comparator.comparing((Path f) -> {
                        try {
                            return Files.getLastModifiedTime(f);
                        } catch (IOException ex) {
                            return java.nio.file.attribute.FileTime.fromMillis(0);
                        }
                    }).thenComparing(Path::toString))
                    .orElse(null);
        }
        if (newest == null) return;
        long cut = WarcRecovery.recover(newest);
        if (cut > 0) log.warn("recovered WARC {}: cut {} bytes of a record left incomplete by a crash (never published)", newest.getFileName(), cut);
    }

    private void rotate(Exchange e) throws IOException {
        closeWriter();
        Files.createDirectories(dir);
        do {
            fileName = "afterimage-" + STAMP.format(e.fetchedAt()) + "-" + instance + "-" + String.format("%05d", sequence++) + ".warc.gz";
        } while (Files.exists(dir.resolve(fileName)));
        channel = FileChannel.open(dir.resolve(fileName), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        writer = new WarcWriter(channel, WarcCompression.GZIP);
        log.info("writing WARC {}", fileName);
    }

    private static byte[] requestBlock(Exchange e) {
        StringBuilder sb = new StringBuilder();
        String path = e.uri().getRawPath() == null || e.uri().getRawPath().isEmpty() ? "/" : e.uri().getRawPath();
        if (e.uri().getRawQuery() != null) path += "?" + e.uri().getRawQuery();
        sb.append(e.method()).append(' ').append(path).append(" HTTP/1.1\r\n");
        sb.append("Host: ").append(e.uri().getHost()).append(e.uri().getPort() < 0 ? "" : ":" + e.uri().getPort()).append("\r\n");
        headers(sb, e.requestHeaders());
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] responseBlock(Exchange e) {
        StringBuilder sb = new StringBuilder();
        // WARC readers expect an HTTP/1.x status line; the protocol actually used is kept in a header
        sb.append("HTTP/1.1 ").append(e.response().status()).append(' ').append(reason(e.response().status())).append("\r\n");
        Map<String, List<String>> h = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(e.response().headers());
        h.keySet().removeIf(k -> DROP.contains(k.toLowerCase(java.util.Locale.ROOT)));
        h.put("Content-Length", List.of(Long.toString(e.rawBody().length)));
        if (!"HTTP/1.1".equals(e.httpVersion())) h.put("X-Afterimage-Protocol", List.of(e.httpVersion()));
        headers(sb, h);
        sb.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(sb.length() + e.rawBody().length);
        out.writeBytes(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(e.rawBody());
        return out.toByteArray();
    }

    private static void headers(StringBuilder sb, Map<String, List<String>> headers) {
        headers.forEach((k, vs) -> {
            for (String v : vs) {
                // header values with line breaks would forge records: fold them away
                sb.append(k).append(": ").append(v.replaceAll("[\\r\\n]+", " ")).append("\r\n");
            }
        });
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 404 -> "Not Found";
            case 410 -> "Gone";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    static WarcDigest sha1(byte[] bytes) {
        try {
            return new WarcDigest("sha1", MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every JDK", e);
        }
    }

    private void closeWriter() throws IOException {
        WarcWriter w = writer;
        FileChannel c = channel;
        writer = null;
        channel = null;
        try {
            if (w != null) w.close();
        } finally {
            if (c != null) c.close();
        }
    }

    @Override
    public synchronized void close() {
        try {
            closeWriter();
        } catch (IOException e) {
            throw new UncheckedIOException("closing WARC " + fileName, e);
        }
    }
}
