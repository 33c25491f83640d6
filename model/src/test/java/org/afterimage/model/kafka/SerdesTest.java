package org.afterimage.model.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.afterimage.model.PostKey;
import org.afterimage.model.Samples;
import org.afterimage.model.json.MalformedRecordException;
import org.junit.jupiter.api.Test;

class SerdesTest {

    @Test
    void everySerdeRoundTrips() {
        var key = AfterimageSerdes.postKey();
        assertThat(key.deserializer().deserialize("t", key.serializer().serialize("t", Samples.KEY))).isEqualTo(Samples.KEY);
        var capture = AfterimageSerdes.capture();
        for (var c : Samples.captures()) {
            assertThat(capture.deserializer().deserialize("t", capture.serializer().serialize("t", c))).isEqualTo(c);
        }
        var event = AfterimageSerdes.event();
        for (var e : Samples.events()) {
            assertThat(event.deserializer().deserialize("t", event.serializer().serialize("t", e))).isEqualTo(e);
        }
        var post = AfterimageSerdes.post();
        assertThat(post.deserializer().deserialize("t", post.serializer().serialize("t", Samples.post()))).isEqualTo(Samples.post());
        var recrawl = AfterimageSerdes.recrawlRequest();
        assertThat(recrawl.deserializer().deserialize("t", recrawl.serializer().serialize("t", Samples.recrawl()))).isEqualTo(Samples.recrawl());
        var dead = AfterimageSerdes.deadLetter();
        assertThat(dead.deserializer().deserialize("t", dead.serializer().serialize("t", Samples.deadLetter()))).isEqualTo(Samples.deadLetter());
    }

    @Test
    void tombstonesPassThroughAsNull() {
        assertThat(AfterimageSerdes.post().serializer().serialize("t", null)).isNull();
        assertThat(AfterimageSerdes.post().deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void malformedKeysAndValuesRaiseTheOneException() {
        assertThatThrownBy(() -> AfterimageSerdes.postKey().deserializer().deserialize("t", "no-colon".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRecordException.class).hasMessageContaining("platform:postId");
        assertThatThrownBy(() -> AfterimageSerdes.capture().deserializer().deserialize("t", new byte[] {(byte) 0xff, 0x00}))
                .isInstanceOf(MalformedRecordException.class);
    }

    @Test
    void topicNamesComeFromOneNamespace() {
        assertThat(Topics.DEFAULT.captures()).isEqualTo("afterimage.captures");
        assertThat(Topics.DEFAULT.deadLetters()).isEqualTo("afterimage.dead-letters");
        assertThat(Topics.in("ci-1").posts()).isEqualTo("ci-1.posts");
        assertThat(Topics.DEFAULT.specs(3)).filteredOn(Topics.Spec::compacted).extracting(Topics.Spec::name).containsExactly("afterimage.posts");
        assertThatThrownBy(() -> Topics.in("bad name")).isInstanceOf(IllegalArgumentException.class);
        assertThat(PostKey.parse("twitter:1:2").postId()).isEqualTo("1:2");
    }
}
