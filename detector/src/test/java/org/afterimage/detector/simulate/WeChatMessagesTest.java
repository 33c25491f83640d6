package org.afterimage.detector.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.afterimage.model.RemovalReason;
import org.junit.jupiter.api.Test;

class WeChatMessagesTest {
    @Test
    void everyRemovalMessageInTheWeChatScopeFileMapsToItsReason() throws Exception {
        RemovalRows.Loaded l;
        try (var in = getClass().getResourceAsStream("/fixtures/wechat/wechatscope-removals-2018-2019H1.csv")) {
            l = RemovalRows.parse(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        assertThat(l.skipped()).as(l.problems().toString()).isZero();
        assertThat(l.rows()).hasSize(9370);
        Map<String, RemovalReason> seen = new HashMap<>();
        l.rows().forEach(r -> seen.put(r.message(), r.reason()));
        assertThat(seen).containsOnly(
                Map.entry("该内容已被发布者删除", RemovalReason.DELETED_BY_AUTHOR),
                Map.entry("此内容因违规无法查看", RemovalReason.CENSORED),
                Map.entry("此帐号已被屏蔽,", RemovalReason.ACCOUNT_SUSPENDED),
                Map.entry("此内容被投诉且经审核涉嫌侵权，无法查看。", RemovalReason.CENSORED),
                Map.entry("该公众号已迁移", RemovalReason.ACCOUNT_GONE),
                Map.entry("此内容被多人投诉，相关的内容无法进行查看。", RemovalReason.CENSORED));
    }

    @Test
    void malformedRowsAreCountedNotFatal() throws Exception {
        String csv = "title,nickname,created_at,censored_date,censored_msg\n"
                + "\"a, with comma\",n,2018-07-06,2018-07-07 15:07:27,此内容因违规无法查看\n"
                + "b,n,not-a-date,2018-07-07 15:07:27,此内容因违规无法查看\n"
                + "c,n,2018-07-06,2018-07-05 15:07:27,此内容因违规无法查看\n"
                + "d,n,2018-07-06,2018-07-07 15:07:27,some message nobody knows\n"
                + "e,n\n"
                + "\"f \"\"quoted\"\"\",n,2018-07-06,2018-07-06 01:00:00,该内容已被发布者删除\r\n";
        RemovalRows.Loaded l = RemovalRows.parse(new StringReader(csv));
        assertThat(l.rows()).hasSize(2);
        assertThat(l.skipped()).isEqualTo(4);
        assertThat(l.rows().get(1).removedAfterDayStartS()).isEqualTo(3600);
    }

    @Test
    void aFileWithoutTheColumnsIsRejectedClearly() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RemovalRows.parse(new StringReader("a,b,c\n1,2,3\n")))
                .hasMessageContaining("created_at");
    }

    @Test
    void anOversizedFieldIsRejected() {
        String csv = "title,nickname,created_at,censored_date,censored_msg\n" + "x".repeat(100_000) + "\n";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RemovalRows.parse(new StringReader(csv)))
                .hasMessageContaining("longer than");
    }

    @Test
    void unknownMessagesAreEmptyAndVariantsAreRecognised() {
        assertThat(WeChatMessages.reasonFor("hello")).isEmpty();
        assertThat(WeChatMessages.reasonFor(null)).isEmpty();
        assertThat(WeChatMessages.reasonFor(" 此帐号已被屏蔽， ")).contains(RemovalReason.ACCOUNT_SUSPENDED);
        assertThat(WeChatMessages.reasonFor("该内容因违规无法查看")).contains(RemovalReason.CENSORED);
    }
}
