package org.afterimage.search.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import org.afterimage.search.index.DocJson;
import org.afterimage.search.service.InvalidParameterException;
import org.junit.jupiter.api.Test;

class ExporterTest {
    @Test
    void csvQuotesAndDefusesFormulas() {
        assertThat(Exporter.csvCell("plain")).isEqualTo("plain");
        assertThat(Exporter.csvCell("a,b")).isEqualTo("\"a,b\"");
        assertThat(Exporter.csvCell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Exporter.csvCell("line\nbreak")).isEqualTo("\"line\nbreak\"");
        assertThat(Exporter.csvCell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(Exporter.csvCell("-0.5")).isEqualTo("-0.5");
        assertThat(Exporter.csvCell("@cmd")).isEqualTo("'@cmd");
    }

    @Test
    void csvRowFollowsTheColumnsWithArraysJoined() throws Exception {
        var d = DocJson.MAPPER.readTree("{\"key\":\"wechat:mp/1\",\"countries\":[\"CN\",\"HK\"],\"text\":\"维权, 律师\"}");
        StringWriter w = new StringWriter();
        Exporter.csvRow(w, d);
        String row = w.toString();
        assertThat(row).startsWith("wechat:mp/1,").endsWith(",\"维权, 律师\"\r\n").contains(",CN;HK,");
        assertThat(row.split(",", -1).length).isEqualTo(Exporter.CSV_COLUMNS.size() + 1);   // one comma inside the quoted text
    }

    @Test
    void formatParsing() {
        assertThat(Format.of(null)).isEqualTo(Format.JSONL);
        assertThat(Format.of("CSV")).isEqualTo(Format.CSV);
        assertThatThrownBy(() -> Format.of("xml")).isInstanceOf(InvalidParameterException.class).hasMessageStartingWith("format:");
    }
}
