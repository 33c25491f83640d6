package org.afterimage.search.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

class WarcStoreTest {
    @TempDir
    Path dir;

    private SearchService.WarcLocation write(String name) throws Exception {
        try (FileChannel ch = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             WarcWriter w = new WarcWriter(ch, WarcCompression.GZIP)) {
            w.write(new Warcinfo.Builder().fields(Map.of("software", List.of("test"))).build());
            long offset = w.position();
            WarcResponse r = new WarcResponse.Builder(URI.create("https://weibo.com/1")).date(Instant.EPOCH)
                    .body(MediaType.HTTP_RESPONSE, "HTTP/1.1 200 OK\r\n\r\n此内容因违规无法查看".getBytes(StandardCharsets.UTF_8)).build();
            w.write(r);
            return new SearchService.WarcLocation(name, offset, r.id().toString());
        }
    }

    @Test
    void readsOneGzipRecordFromItsOffset() throws Exception {
        var at = write("a.warc.gz");
        var out = new ByteArrayOutputStream();
        new WarcStore(dir).copy(at, out);
        String s = out.toString(StandardCharsets.UTF_8);
        assertThat(s).startsWith("WARC/1.").contains("WARC-Type: response").contains("此内容因违规无法查看").doesNotContain("warcinfo");
        // the id as a WARC header writes it, in brackets, names the same record
        new WarcStore(dir).copy(new SearchService.WarcLocation(at.file(), at.offset(), "<" + at.recordId() + ">"), new ByteArrayOutputStream());
    }

    @Test
    void refusesPathsOutsideTheWarcDirectoryAndBadOffsets() throws Exception {
        var at = write("b.warc.gz");
        Files.writeString(dir.getParent().resolve("secret.txt"), "no");
        WarcStore store = new WarcStore(dir);
        assertThatThrownBy(() -> store.copy(new SearchService.WarcLocation("../secret.txt", 0, ""), new ByteArrayOutputStream()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.copy(new SearchService.WarcLocation("/etc/passwd", 0, ""), new ByteArrayOutputStream()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.copy(new SearchService.WarcLocation(at.file(), 1 << 30, at.recordId()), new ByteArrayOutputStream()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.copy(new SearchService.WarcLocation(at.file(), 3, at.recordId()), new ByteArrayOutputStream()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.copy(new SearchService.WarcLocation(at.file(), at.offset(), "urn:uuid:other"), new ByteArrayOutputStream()))
                .isInstanceOf(NotFoundException.class);
    }
}
