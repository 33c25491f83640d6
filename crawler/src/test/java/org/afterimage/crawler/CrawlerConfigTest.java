package org.afterimage.crawler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CrawlerConfigTest {
    @Test
    void defaultsBindAndValidate() {
        CrawlerConfig c = CrawlerConfig.defaults();
        assertThat(c.instance()).isEqualTo("crawler-1");
        assertThat(c.userAgent()).contains("afterimage").contains("https://");
        assertThat(c.politeness().defaultInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.politenessSettings().robotsErrorTtl()).isLessThan(c.politenessSettings().robotsTtl());
        assertThat(c.fetchLimits().maxBodyBytes()).isEqualTo(10L << 20);
        assertThat(c.watch()).isEmpty();
        assertThat(c.optOutList().hosts()).isEmpty();
    }

    private static String defaults() throws Exception {
        return new String(CrawlerConfigTest.class.getResourceAsStream("/crawler-defaults.yaml").readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void badValuesNameTheKeyAndTheValue() throws Exception {
        String y = defaults();
        assertThatThrownBy(() -> CrawlerConfig.bind(y.replace("retryAttempts: 3", "retryAttempts: 0").getBytes(StandardCharsets.UTF_8), "t.yaml"))
                .hasMessageContaining("politeness.retryAttempts").hasMessageContaining("'0'");
        assertThatThrownBy(() -> CrawlerConfig.bind(y.replace("maxRedirects: 5", "maxRedirectz: 5").getBytes(StandardCharsets.UTF_8), "t.yaml"))
                .hasMessageContaining("fetch.maxRedirect");
        assertThatThrownBy(() -> CrawlerConfig.bind(y.replace("totalTimeout: PT30S", "totalTimeout: soon").getBytes(StandardCharsets.UTF_8), "t.yaml"))
                .hasMessageContaining("fetch.totalTimeout");
        assertThatThrownBy(() -> CrawlerConfig.bind(y.replace("watch: []", "watch: [{platform: myspace, source: x, every: PT1M}]").getBytes(StandardCharsets.UTF_8), "t.yaml"))
                .hasMessageContaining("myspace");
        assertThatThrownBy(() -> CrawlerConfig.bind(y.replace("accounts: []", "accounts: [durov]").getBytes(StandardCharsets.UTF_8), "t.yaml"))
                .hasMessageContaining("durov").hasMessageContaining("platform:account");
        assertThatThrownBy(() -> CrawlerConfig.bind(y.replace("userAgent: \"afterimage/0.1 (+https://github.com/afterimage-archive/afterimage; research archive of public posts)\"", "userAgent: bot").getBytes(StandardCharsets.UTF_8), "t.yaml"))
                .hasMessageContaining("userAgent").hasMessageContaining("contact URL");
        assertThatThrownBy(() -> CrawlerConfig.bind(": : :".getBytes(StandardCharsets.UTF_8), "t.yaml")).hasMessageContaining("t.yaml");
    }

    @Test
    void rewriteRulesAreUrlPrefixes() {
        assertThat(CrawlerConfig.defaults().fetch().rewrite()).isEmpty();
        CrawlerConfig ok = CrawlerConfig.fromYaml("fetch: {rewrite: {\"https://t.me/\": \"http://127.0.0.1:8081/telegram/\"}}");
        assertThat(ok.fetch().rewrite()).containsEntry("https://t.me/", "http://127.0.0.1:8081/telegram/");
        assertThatThrownBy(() -> CrawlerConfig.fromYaml("fetch: {rewrite: {\"https://t.me/\": \"ftp://x/\"}}"))
                .hasMessageContaining("fetch.rewrite.https://t.me/").hasMessageContaining("ftp://x/");
        assertThatThrownBy(() -> CrawlerConfig.fromYaml("fetch: {rewrite: {\"t.me\": \"http://127.0.0.1:1/\"}}"))
                .hasMessageContaining("fetch.rewrite key").hasMessageContaining("t.me");
    }
}
