package org.afterimage.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import org.afterimage.search.auth.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
    @TempDir
    Path dir;

    @Test
    void createPrintsSecretOnceAndStoresOnlyItsHash() throws Exception {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int rc = KeysCommand.run(new String[] {"create", "--role", "exporter", "--name", "lab", "--data-dir", dir.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).isZero();
        String secret = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(secret).startsWith("aik_");
        String file = Files.readString(dir.resolve("keys.json"));
        assertThat(file).doesNotContain(secret).contains("EXPORTER");
        assertThat(new KeyStore(dir.resolve("keys.json"), InstantSource.system()).authenticate(secret)).isPresent();
    }

    @Test
    void badUsageIsExitCode2WithMessage() {
        var err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(KeysCommand.run(new String[] {"create", "--role", "king", "--data-dir", dir.toString()}, o, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown role 'king'");
        assertThat(KeysCommand.run(new String[] {"create", "--role"}, o, e)).isEqualTo(2);
        assertThat(KeysCommand.run(new String[] {}, o, e)).isEqualTo(2);
        assertThat(KeysCommand.run(new String[] {"explode"}, o, e)).isEqualTo(2);
    }
}
