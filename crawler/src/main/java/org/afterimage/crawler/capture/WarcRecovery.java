package org.afterimage.crawler.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Mends a WARC file whose writer died mid-record (SIGKILL, power loss): the file is a run of gzip members, one per
 * record, so everything up to the end of the last complete member is good and whatever follows is a record cut
 * off before its capture was published (the crawler publishes only after the write returned). Truncating there
 * leaves a valid file whose every record is referenced or harmless; nothing referenced is ever cut.
 */
final class WarcRecovery {
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private WarcRecovery() {
    }

    /** The end offset of the last complete gzip member of {@code file} (0 when none is complete). */
    static long completeLength(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long good = 0;
            while (good < size) {
                long end = memberEnd(ch, good, size);
                if (end < 0) break;
                good = end;
            }
            return good;
        }
    }

    /** Truncates {@code file} to its complete members; returns the bytes cut (0 when it was whole). */
    static long recover(Path file) throws IOException {
        long keep = completeLength(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long cut = ch.size() - keep;
            if (cut > 0) {
                ch.truncate(keep);
                ch.force(true);
            }
            return cut;
        }
    }

    /** The end of the gzip member starting at {@code start}, or -1 when it is incomplete or not gzip. */
    private static long memberEnd(FileChannel ch, long start, long size) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(10);
        if (ch.read(head, start) < 10) return -1;
        head.flip();
        if ((head.get(0) & 0xff) != GZIP_MAGIC_1 || (head.get(1) & 0xff) != GZIP_MAGIC_2 || head.get(2) != 8) return -1;
        int flags = head.get(3) & 0xff;
        long pos = start + 10;
        if ((flags & 4) != 0) {                      // FEXTRA: two-byte length, then that many bytes
            ByteBuffer len = ByteBuffer.allocate(2);
            if (ch.read(len, pos) < 2) return -1;
            pos += 2 + ((len.get(0) & 0xff) | (len.get(1) & 0xff) << 8);
        }
        for (int zeroTerminated : new int[] {8, 16}) {   // FNAME, FCOMMENT
            if ((flags & zeroTerminated) != 0) {
                pos = afterZero(ch, pos, size);
                if (pos < 0) return -1;
            }
        }
        if ((flags & 2) != 0) pos += 2;              // FHCRC
        Inflater inflater = new Inflater(true);
        try {
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            byte[] out = new byte[64 * 1024];
            long read = pos;
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    in.clear();
                    int n = ch.read(in, read);
                    if (n <= 0) return -1;            // the file ends inside the member
                    read += n;
                    in.flip();
                    inflater.setInput(in);
                }
                inflater.inflate(out);
                if (inflater.needsDictionary()) return -1;
            }
            long deflateEnd = read - inflater.getRemaining();
            long end = deflateEnd + 8;                // CRC32 and ISIZE
            return end <= size ? end : -1;
        } catch (DataFormatException e) {
            return -1;
        } finally {
            inflater.end();
        }
    }

    private static long afterZero(FileChannel ch, long pos, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        for (long p = pos; p < size && p < pos + 65_536; p++) {
            one.clear();
            if (ch.read(one, p) < 1) return -1;
            if (one.get(0) == 0) return p + 1;
        }
        return -1;
    }
}
