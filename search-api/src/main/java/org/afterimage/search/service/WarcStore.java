package org.afterimage.search.service;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;

/**
 * Reads one WARC record back from the crawler's files ({@code <data dir>/warc/<file>}, gzip per record, so a record
 * is readable from its offset alone) and writes it out as an uncompressed WARC record. File names come from our own
 * index, but are still confined to the WARC directory: no path may escape it.
 */
public final class WarcStore {
    private final Path dir;

    public WarcStore(Path warcDir) {
        this.dir = warcDir.toAbsolutePath().normalize();
    }

    /** @throws NotFoundException when the file or record is not there (moved, withheld, or never written) */
    public void copy(SearchService.WarcLocation at, OutputStream out) throws IOException {
        Path file = dir.resolve(at.file()).normalize();
        if (!file.startsWith(dir) || !Files.isRegularFile(file)) throw new NotFoundException("WARC file " + at.file() + " not available");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (at.offset() >= ch.size()) throw new NotFoundException("WARC record " + at.recordId() + " not found in " + at.file());
            ch.position(at.offset());
            try (WarcReader reader = new WarcReader(ch)) {
                WarcRecord rec;
                try {
                    rec = reader.next().orElseThrow(() -> new NotFoundException("no WARC record at offset " + at.offset()));
                } catch (IOException | RuntimeException e) {
                    if (e instanceof NotFoundException nf) throw nf;
                    throw new NotFoundException("no readable WARC record at offset " + at.offset() + " of " + at.file());
                }
                if (!at.recordId().isEmpty() && !bare(rec.id().toString()).equals(bare(at.recordId()))) {
                    throw new NotFoundException("WARC record at offset " + at.offset() + " is " + rec.id() + ", not " + at.recordId());
                }
                out.write(rec.serializeHeader());
                rec.body().stream().transferTo(out);
                out.write("\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
        }
    }

    /** {@code <urn:uuid:x>} and {@code urn:uuid:x} name the same record (WARC headers bracket it, URIs do not). */
    static String bare(String id) {
        String s = id.strip();
        return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
    }

    /** The record's position before any byte is written, so a missing record is a clean 404. */
    public void check(SearchService.WarcLocation at) {
        Path file = dir.resolve(at.file()).normalize();
        if (!file.startsWith(dir) || !Files.isRegularFile(file)) throw new NotFoundException("WARC file " + at.file() + " not available");
    }
}
