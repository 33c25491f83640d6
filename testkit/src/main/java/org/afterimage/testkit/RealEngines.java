package org.afterimage.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a real Kafka broker and a real Elasticsearch node: declare an {@link Engines} parameter on a
 * test, {@code @BeforeAll} or {@code @BeforeEach} method. Where they come from (in this order):
 * {@code KAFKA_BOOTSTRAP_SERVERS} / {@code ELASTICSEARCH_URL} when set, else Testcontainers when a Docker engine
 * answers, else both embedded in this JVM, started once per test run. Tests must not assume which; they share the
 * engines with other tests, so each should use its own topic namespace ({@link Engines#uniqueName}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RealEnginesExtension.class)
public @interface RealEngines {
}
