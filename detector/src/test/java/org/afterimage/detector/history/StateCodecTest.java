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
