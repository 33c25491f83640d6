package org.afterimage.crawler.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.afterimage.model.WarcRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;

/** A crawler killed mid-record, or a full disk: the WARC files stay valid and every published reference resolves. */
class WarcRecoveryTest {
    @TempDir
    Path data;

    @Test
    void aRecordCutOffByACrashIsRemovedAtTheNextStartAndEveryPublishedRecordStillReads() throws Exception {
        List<WarcRef> published = new ArrayList<>();
        try (WarcArchive warc = new WarcArchive(data, 1 << 20, "crashy")) {
            for (int i = 0; i < 5; i++) published.add(warc.write(WarcArchiveTest.exchange(i, "<p>post " + i + "</p>")));
        }
        Path file = only(data.resolve("warc"));
        long whole = Files.size(file);
        // the crash: the next record's write died halfway (bytes of a gzip member, but not all of them)
        byte[] next = oneMoreRecord();
        Files.write(file, java.util.Arrays.copyOf(next, next.length / 2), StandardOpenOption.APPEND);
        assertThat(WarcRecovery.completeLength(file)).isEqualTo(whole);

        try (WarcArchive restarted = new WarcArchive(data, 1 << 20, "crashy")) {
            published.add(restarted.write(WarcArchiveTest.exchange(9, "<p>after the restart</p>")));
        }
        assertThat(Files.size(file)).as("the cut-off record is gone, nothing else").isEqualTo(whole);
        assertThat(records(file)).isEqualTo(10);
        for (WarcRef ref : published) {
            try (FileChannel ch = FileChannel.open(data.resolve("warc").resolve(ref.file()))) {
                ch.position(ref.offset());
                assertThat(new WarcReader(ch).next().orElseThrow().id().toString()).isEqualTo(ref.recordId());
            }
        }
    }

    @Test
    void garbageAfterTheLastRecordAndAnEmptyFileAreHandled() throws Exception {
        try (WarcArchive warc = new WarcArchive(data, 1 << 20, "g")) {
            warc.write(WarcArchiveTest.exchange(1, "<p>one</p>"));
        }
        Path file = only(data.resolve("warc"));
        long whole = Files.size(file);
        Files.write(file, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff, 1, 2, 3}, StandardOpenOption.APPEND);
        assertThat(WarcRecovery.recover(file)).isEqualTo(13);
        assertThat(Files.size(file)).isEqualTo(whole);
        Path empty = Files.createFile(data.resolve("empty.warc.gz"));
        assertThat(WarcRecovery.recover(empty)).isZero();
    }

    @Test
    void belowTheFreeSpaceLimitNothingIsWrittenAndTheErrorSaysWhy() throws Exception {
        try (WarcArchive warc = new WarcArchive(data, 1 << 20, "full")) {
            warc.write(WarcArchiveTest.exchange(1, "<p>one</p>"));
        }
        Path file = only(data.resolve("warc"));
        long before = Files.size(file);
        long free = Files.getFileStore(data).getUsableSpace();
        try (WarcArchive nearlyFull = new WarcArchive(data, 1 << 20, free + (1L << 30), "full")) {
            assertThatThrownBy(() -> nearlyFull.write(WarcArchiveTest.exchange(2, "<p>two</p>")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("below warc.minFreeBytes");
        }
        assertThat(Files.size(file)).isEqualTo(before);
        assertThat(records(file)).isEqualTo(2);
    }

    private byte[] oneMoreRecord() throws IOException {
        Path other = Files.createTempDirectory(data, "other");
        try (WarcArchive w = new WarcArchive(other, 1 << 20, "crashy")) {
            w.write(WarcArchiveTest.exchange(7, "<p>never finished " + "z".repeat(4000) + "</p>"));
        }
        return Files.readAllBytes(only(other.resolve("warc")));
    }

    private static Path only(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.toList();
            assertThat(files).hasSize(1);
            return files.get(0);
        }
    }

    private static int records(Path file) throws IOException {
        int n = 0;
        try (WarcReader r = new WarcReader(FileChannel.open(file))) {
            for (WarcRecord ignored : r) n++;
        }
        return n;
    }
}
