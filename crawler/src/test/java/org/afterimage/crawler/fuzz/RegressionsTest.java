package org.afterimage.crawler.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.afterimage.crawler.parse.Adapter;
import org.afterimage.crawler.parse.Response;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every input the fuzzers ever broke something with, kept under {@code src/test/resources/fuzz/regressions/}:
 * {@code <adapter>/<name>} bodies through the adapter contract, {@code crawler-config/<name>.yaml} through the config
 * loader (the first line, {@code # expect: <text>}, is what the error must name). To keep a new one, copy it from
 * {@code target/fuzz-failures/<adapter>/} into the folder of its adapter.
 */
class RegressionsTest {
    @TestFactory
    List<DynamicTest> adapterInputsThatOnceFailedNowKeepTheContract() {
        List<DynamicTest> out = new ArrayList<>();
        for (String target : Corpus.TARGETS) {
            Adapter adapter = Corpus.adapter(target);
            String url = Corpus.seeds(target).get(0).url();
            for (Path p : Corpus.files("fuzz/regressions/" + target)) {
                out.add(DynamicTest.dynamicTest(target + "/" + p.getFileName(), () -> {
                    byte[] body = Files.readAllBytes(p);
                    for (String u : List.of(url, "")) AdapterContract.holds(target, adapter, Response.saved(u, 200, body));
                }));
            }
        }
        return out;
    }

    @TestFactory
    List<DynamicTest> configsThatOnceFailedNowNameTheirKey() {
        List<DynamicTest> out = new ArrayList<>();
        for (Path p : Corpus.files("fuzz/regressions/crawler-config")) {
            out.add(DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
                String yaml = Files.readString(p);
                String expect = yaml.lines().findFirst().orElseThrow().replaceFirst("^# expect: ", "").strip();
                assertThat(CrawlerConfigFuzzTest.loads(yaml)).contains(expect);
            }));
        }
        return out;
    }

    @Test
    void theRegressionFoldersAreThere() throws IOException {
        assertThat(Corpus.files("fuzz/regressions")).isNotEmpty();
    }
}
