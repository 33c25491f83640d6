package org.afterimage.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void helpListsTheCommands() {
        StringWriter out = new StringWriter();
        int rc = Main.commandLine().setOut(new PrintWriter(out)).execute("--help");
        assertThat(rc).isZero();
        assertThat(out.toString()).contains("run", "crawler", "detector", "indexer", "api", "classify", "simulate", "keys",
                "reindex", "version");
    }

    @Test
    void badOptionsAreNamedAndExitNonZero() {
        StringWriter err = new StringWriter();
        int rc = Main.commandLine().setErr(new PrintWriter(err)).execute("run", "--port", "eighty");
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains("--port").contains("eighty");
    }

    @Test
    void versionNamesTheEngines() {
        assertThat(String.join("\n", new org.afterimage.app.cli.VersionCommand.Provider().getVersion()))
                .contains("afterimage", "kafka 4.4.0", "elasticsearch 9.2.0");
    }
}
