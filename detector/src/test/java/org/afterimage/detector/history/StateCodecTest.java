package org.afterimage.detector.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.afterimage.model.Evidence;
import org.afterimage.model.EvidenceItem;
import org.afterimage.model.PostStatus;
import org.afterimage.model.Removal;
import org.afterimage.model.RemovalReason;
import org.junit.jupiter.api.Test;

class StateCodecTest {
    private static final PostHistory REMOVED = new PostHistory("https://x/1", "alice", 1, 2, 3, 3, PostStatus.REMOVED,
            List.of(new PostHistory.Version("sha256:ab", "text 文字", 2, 3)),
            new Removal(RemovalReason.CENSORED, Instant.parse("2026-01-01T00:00:00Z"), 0.93,
                    new Evidence(200, "weibo:20112", "permission denied", ""), List.of(new EvidenceItem("reason", "r", 3.5))),
            List.of("DE"), "gone", 0, 2, 5, 4, 12345, 1.5);
    private static final PostHistory LIVE = new PostHistory("https://t.me/c/9", null, 0, 1_767_225_600_000L,
            1_767_225_900_000L, 1_767_225_900_000L, PostStatus.LIVE,
            List.of(new PostHistory.Version("sha256:01", "", 1, 2), new PostHistory.Version("sha256:02", "второй", -5, Long.MAX_VALUE)),
            null, List.of(), "present", 0, 0, Integer.MAX_VALUE, Long.MIN_VALUE, 0, 1.0);

    @Test
    void historiesAreWrittenBinaryAndRoundTrip() {
        for (PostHistory h : List.of(REMOVED, LIVE)) {
            byte[] b = StateCodec.HISTORY.encode(h);
            assertThat(b[0]).isEqualTo(HistoryBinary.FORMAT);
            assertThat(StateCodec.HISTORY.decodeOrNull(b)).isEqualTo(h);
            assertThat(b.length).isLessThan(StateCodec.HISTORY.encodeJson(h).length);
        }
    }

    @Test
    void historiesWrittenAsJsonByEarlierBuildsStillRead() {
        for (PostHistory h : List.of(REMOVED, LIVE)) {
            byte[] json = StateCodec.HISTORY.encodeJson(h);
            assertThat(json[0]).isEqualTo((byte) '{');
            assertThat(StateCodec.HISTORY.decodeOrNull(json)).isEqualTo(h);
        }
    }

    @Test
    void truncatedExtendedOrHostileBinaryValuesDecodeToNull() {
        byte[] b = StateCodec.HISTORY.encode(REMOVED);
        for (int n = 0; n < b.length; n++) {
            assertThat(StateCodec.HISTORY.decodeOrNull(java.util.Arrays.copyOf(b, n))).as("prefix %d", n).isNull();
        }
        assertThat(StateCodec.HISTORY.decodeOrNull(java.util.Arrays.copyOf(b, b.length + 1))).isNull();
        // a huge declared length must not allocate: format byte, then a url "length" of ~2^62
        assertThat(StateCodec.HISTORY.decodeOrNull(new byte[] {1, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F})).isNull();
        // a varint that never ends, and a bad status ordinal
        byte[] endless = new byte[40];
        java.util.Arrays.fill(endless, (byte) 0xFF);
        endless[0] = 1;
        assertThat(StateCodec.HISTORY.decodeOrNull(endless)).isNull();
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] x = b.clone();
            x[1 + r.nextInt(x.length - 1)] = (byte) r.nextInt(256);
            StateCodec.HISTORY.decodeOrNull(x);   // null or some history, never an exception
        }
    }

    @Test
    void historyRoundTrips() {
        PostHistory h = new PostHistory("https://x/1", "alice", 1, 2, 3, 3, PostStatus.REMOVED,
                List.of(new PostHistory.Version("sha256:ab", "text 文字", 2, 3)),
                new Removal(RemovalReason.CENSORED, Instant.parse("2026-01-01T00:00:00Z"), 0.93,
                        new Evidence(200, "weibo:20112", "permission denied", ""), List.of(new EvidenceItem("reason", "r", 3.5))),
                List.of("DE"), "gone", 0, 2, 5, 4, 12345, 1.5);
        assertThat(StateCodec.HISTORY.decodeOrNull(StateCodec.HISTORY.encode(h))).isEqualTo(h);
    }

    @Test
    void corruptValuesDecodeToNullNotAnException() {
        assertThat(StateCodec.HISTORY.decodeOrNull(null)).isNull();
        assertThat(StateCodec.HISTORY.decodeOrNull("garbage".getBytes())).isNull();
        assertThat(StateCodec.HISTORY.decodeOrNull("{}".getBytes())).isNull();
    }

    @Test
    void versionsKeepTheFirstAndTheLatest() {
        List<PostHistory.Version> vs = List.of();
        for (int i = 0; i < 6; i++) vs = PostHistory.append(vs, new PostHistory.Version("h" + i, "", i, i), 3);
        assertThat(vs).extracting(PostHistory.Version::hash).containsExactly("h0", "h4", "h5");
    }
}
