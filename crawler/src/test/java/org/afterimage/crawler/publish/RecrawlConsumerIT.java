package org.afterimage.crawler.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.RecrawlRequest;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.kafka.TopicAdmin;
import org.afterimage.model.kafka.Topics;
import org.afterimage.testkit.Engines;
import org.afterimage.testkit.RealEngines;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression for "recrawl requests due later were lost on a crash": their offsets were committed as soon as they
 * were read, while the requests themselves only waited in memory.
 */
@RealEngines
@Timeout(180)
class RecrawlConsumerIT {
    private record Handed(RecrawlRequest request, Runnable done) {
    }

    @Test
    void requestsNotYetFetchedAreReadAgainAfterTheConsumerCloses(Engines engines) throws Exception {
        Topics topics = Topics.in(Engines.uniqueName("recrawl-it"));
        String bootstrap = engines.kafkaBootstrapServers();
        String group = Engines.uniqueName("recrawl-group");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicAdmin.ensure(admin, topics, 1, Duration.ofSeconds(60));
        }
        RecrawlRequest later = request("durov/1", Instant.now().plus(Duration.ofDays(1)));
        RecrawlRequest now = request("durov/2", Instant.now());
        RecrawlRequest alsoLater = request("durov/3", Instant.now().plus(Duration.ofHours(2)));
        send(bootstrap, topics, later, now, alsoLater);

        try (CapturePublisher publisher = new CapturePublisher(bootstrap, topics, "recrawl-it")) {
            // first run: only the request due now is fetched; the process "stops" with the other two waiting
            List<Handed> first = consume(bootstrap, topics, group, publisher, 3, h -> {
                if (h.request().equals(now)) h.done().run();
            });
            assertThat(first).extracting(Handed::request).containsExactly(later, now, alsoLater);

            // second run: both waiting requests come back (the one fetched may come back too: duplicates are fine)
            List<Handed> second = consume(bootstrap, topics, group, publisher, 3, h -> h.done().run());
            assertThat(second).extracting(Handed::request).contains(later, alsoLater);

            // third run: everything was done and committed, so only a new request is read (proving the run was live)
            RecrawlRequest marker = request("durov/4", Instant.now());
            send(bootstrap, topics, marker);
            List<Handed> third = consume(bootstrap, topics, group, publisher, 1, h -> h.done().run());
            assertThat(third).extracting(Handed::request).containsExactly(marker);
        }
    }

    /** Runs a consumer until it has been handed {@code expect} requests (then a little longer), and closes it. */
    private static List<Handed> consume(String bootstrap, Topics topics, String group, CapturePublisher publisher, int expect,
                                        java.util.function.Consumer<Handed> onHanded) throws Exception {
        BlockingQueue<Handed> handed = new LinkedBlockingQueue<>();
        RecrawlConsumer consumer = new RecrawlConsumer(bootstrap, topics, group, Engines.uniqueName("recrawl-client"),
                (r, done) -> {
                    Handed h = new Handed(r, done);
                    onHanded.accept(h);
                    handed.add(h);
                }, publisher, InstantSource.system());
        Thread t = Thread.ofPlatform().name("recrawl-it-consumer").start(consumer);
        List<Handed> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (out.size() < expect && System.nanoTime() < deadline) {
            Handed h = handed.poll(200, TimeUnit.MILLISECONDS);
            if (h != null) out.add(h);
        }
        Thread.sleep(1_000);   // a short grace for anything extra
        handed.drainTo(out);
        consumer.close();
        t.join(Duration.ofSeconds(20));
        assertThat(t.isAlive()).as("consumer thread stopped").isFalse();
        return out;
    }

    private static void send(String bootstrap, Topics topics, RecrawlRequest... requests) throws Exception {
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (RecrawlRequest r : requests) {
                producer.send(new ProducerRecord<>(topics.recrawlRequests(), r.key().toString().getBytes(StandardCharsets.UTF_8),
                        Codecs.RECRAWL_REQUEST.encode(r))).get();
            }
        }
    }

    private static RecrawlRequest request(String id, Instant due) {
        return new RecrawlRequest(PostKey.of(Platform.TELEGRAM, id), "https://t.me/" + id + "?embed=1", due, 1, 1, RecrawlRequest.Purpose.SCHEDULED);
    }
}
