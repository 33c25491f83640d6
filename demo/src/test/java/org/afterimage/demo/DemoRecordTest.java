package org.afterimage.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoRecordTest {
    private static List<DemoRecord> parse(String csv) throws Exception {
        return DemoRecord.parse(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bundledRecordsAreTheRealSubset() {
        List<DemoRecord> all = DemoRecord.bundled();
        assertThat(all).hasSize(293);
        assertThat(all).allSatisfy(r -> assertThat(r.timeToRemoval()).isBetween(Duration.ofHours(1), Duration.ofDays(2)));
        assertThat(all).extracting(DemoRecord::message).contains("此内容因违规无法查看", "该内容已被发布者删除", "此帐号已被屏蔽,");
    }

    @Test
    void quotedFieldsAndMalformedLines() throws Exception {
        String h = "title,nickname,created_at,censored_date,censored_msg\n";
        assertThat(parse(h + "\"a, \"\"b\"\"\",n,2018-07-06,2018-07-07 15:07:27,此内容因违规无法查看\n").get(0).title()).isEqualTo("a, \"b\"");
        assertThatThrownBy(() -> parse("nope\n")).hasMessageContaining("line 1").hasMessageContaining("header");
        assertThatThrownBy(() -> parse(h + "a,b,c\n")).hasMessageContaining("line 2").hasMessageContaining("5 fields");
        assertThatThrownBy(() -> parse(h + "a,n,yesterday,2018-07-07 15:07:27,m\n")).hasMessageContaining("line 2");
        assertThatThrownBy(() -> parse(h + "a,n,2018-07-08,2018-07-07 15:07:27,m\n")).hasMessageContaining("removed before");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("got nothing");
    }
}
