package org.afterimage.crawler.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.afterimage.crawler.fetch.Exchange;
import org.afterimage.crawler.parse.Response;
import org.afterimage.model.WarcRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;

class WarcArchiveTest {
    @TempDir
    Path data;

    static Exchange exchange(int i, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return new Exchange(URI.create("https://t.me/durov/" + i + "?embed=1"), Instant.parse("2024-01-01T00:00:00Z"), "GET",
                Map.of("User-Agent", List.of("afterimage/0.1 (+https://x)")), "HTTP/2",
                new Response("https://t.me/durov/" + i, 200, Map.of("Content-Type", List.of("text/html; charset=utf-8"), "X-Evil", List.of("a\r\nWARC-Type: forged")), b, StandardCharsets.UTF_8), b);
    }

    @Test
    void writesRequestAndResponseRecordsAndRotates() throws Exception {
        List<WarcRef> refs = new ArrayList<>();
        try (WarcArchive warc = new WarcArchive(data, 2048, "test")) {
            for (int i = 0; i < 20; i++) refs.add(warc.write(exchange(i, "<p>post " + i + " " + "x".repeat(300) + "</p>")));
        }
        try (Stream<Path> files = Files.list(data.resolve("warc"))) {
            assertThat(files.count()).isGreaterThan(1);   // rotated
        }
        for (int i = 0; i < refs.size(); i++) {
            WarcRef ref = refs.get(i);
            assertThat(ref.payloadDigest()).startsWith("sha1:");
            try (FileChannel ch = FileChannel.open(data.resolve("warc").resolve(ref.file()))) {
                ch.position(ref.offset());
                WarcReader reader = new WarcReader(ch);
                WarcRecord r = reader.next().orElseThrow();
                assertThat(r).isInstanceOf(WarcResponse.class);
                WarcResponse resp = (WarcResponse) r;
                assertThat(resp.id().toString()).isEqualTo(ref.recordId());
                assertThat(resp.target()).isEqualTo("https://t.me/durov/" + i + "?embed=1");
                assertThat(resp.http().status()).isEqualTo(200);
                assertThat(resp.http().headers().first("X-Evil")).contains("a WARC-Type: forged");
                assertThat(new String(resp.http().body().stream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("<p>post " + i + " ");
                assertThat(resp.payloadDigest().orElseThrow().prefixedBase32()).isEqualTo(ref.payloadDigest());
                WarcRecord next = reader.next().orElseThrow();
                assertThat(next).isInstanceOf(WarcRequest.class);
                assertThat(((WarcRequest) next).http().headers().first("User-Agent")).contains("afterimage/0.1 (+https://x)");
            }
        }
    }
}
