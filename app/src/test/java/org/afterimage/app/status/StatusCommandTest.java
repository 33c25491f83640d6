package org.afterimage.app.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.afterimage.app.Main;
import org.afterimage.model.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code afterimage status} against a loopback server answering well, badly, or not at all. */
class StatusCommandTest {
    private HttpServer server;
    private volatile int code = 200;
    private volatile String body = "";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/status", ex -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
            if (b.length > 0) ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setOut(oldOut);
        System.setErr(oldErr);
        server.stop(0);
    }

    private int run(String... args) {
        return Main.commandLine().execute(args);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void printsTheLineOfARunningInstance() throws Exception {
        body = Json.MAPPER.writeValueAsString(new Status(Instant.parse("2026-11-28T12:00:00Z"), 12, 3456, 90, 10_000, 7,
                42, 5, 0, "http://127.0.0.1:8080"));
        assertThat(run("status", "--url", url())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(
                "sources 12 · posts 3456 · fetches/min 90 · due 7 · removals 42 · alterations 5 · indexer lag 0 · http://127.0.0.1:8080");
    }

    @Test
    void unknownValuesShowAsQuestionMarks() {
        Status s = new Status(Instant.EPOCH, 0, -1, -1, -1, -1, -1, -1, -1, "http://h:1");
        assertThat(s.line()).isEqualTo("sources 0 · posts ? · fetches/min ? · due ? · removals ? · alterations ? · indexer lag ? · http://h:1");
    }

    @Test
    void startingInstanceIsAClearErrorNotAStackTrace() {
        code = 503;
        body = "{\"error\":\"starting\"}";
        assertThat(run("status", "--url", url())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("answered HTTP 503").doesNotContain("Exception");
    }

    @Test
    void somethingElseOnThePortIsNamed() {
        body = "<html>" + "x".repeat(10_000);
        assertThat(run("status", "--url", url())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("did not answer with a status");
    }

    @Test
    void nothingListeningSaysSo() {
        server.stop(0);
        assertThat(run("status", "--url", url())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no instance answered");
    }

    @Test
    void badUrlIsAUsageError() {
        assertThat(run("status", "--url", "not a url")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--url not a url is not an http(s) URL");
    }
}
