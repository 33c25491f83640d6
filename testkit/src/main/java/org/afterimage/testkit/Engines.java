package org.afterimage.testkit;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the real engines of this test run are.
 *
 * @param kafkaBootstrapServers {@code host:port[,host:port]}
 * @param elasticsearchUrl      {@code http://host:port}
 * @param source                {@code external}, {@code testcontainers} or {@code embedded}: printed, never branched on
 */
public record Engines(String kafkaBootstrapServers, String elasticsearchUrl, String source) {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    /**
     * A name no other test in any run on the same engines uses, for a topic namespace, a Streams application id or
     * an index prefix: {@code prefix-<pid>-<n>-<random>}, lower case.
     */
    public static String uniqueName(String prefix) {
        return (prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-"
                + Long.toString(System.nanoTime() & 0xffffff, 36)).toLowerCase(Locale.ROOT);
    }
}
