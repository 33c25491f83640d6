package org.afterimage.crawler.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CharsetsTest {
    @Test
    void charsetFromHeaderMetaOrDetection() {
        byte[] gbk = "<html><body>中文内容</body></html>".getBytes(java.nio.charset.Charset.forName("GBK"));
        assertThat(Charsets.detect("text/html", gbk).name()).isEqualTo("GB18030");
        assertThat(new Response("", 200, java.util.Map.of(), gbk, null).text()).contains("中文内容");
        byte[] meta = "<html><head><meta charset=\"gbk\"></head><body>中文</body></html>".getBytes(java.nio.charset.Charset.forName("GBK"));
        assertThat(Charsets.detect("", meta).name()).isEqualTo("GB18030");
        byte[] utf8 = "<p>héllo</p>".getBytes(StandardCharsets.UTF_8);
        // a wrong label (latin-1) over valid UTF-8 is not trusted
        assertThat(Charsets.detect("text/html; charset=iso-8859-1", utf8)).isEqualTo(StandardCharsets.UTF_8);
        assertThat(Charsets.detect("text/html; charset=nonsense-42", utf8)).isEqualTo(StandardCharsets.UTF_8);
    }
}
