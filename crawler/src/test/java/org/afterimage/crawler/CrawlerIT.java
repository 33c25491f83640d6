package org.afterimage.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.afterimage.crawler.politeness.HostileServer;
import org.afterimage.model.Capture;
import org.afterimage.model.DeadLetter;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.RecrawlRequest;
import org.afterimage.model.UnreachableCause;
import org.afterimage.model.WarcRef;
import org.afterimage.model.json.Codecs;
import org.afterimage.model.kafka.AfterimageSerdes;
import org.afterimage.model.kafka.TopicAdmin;
import org.afterimage.model.kafka.Topics;
import org.afterimage.testkit.Engines;
import org.afterimage.testkit.RealEngines;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

/** Crawls the in-process hostile server through real Kafka: captures arrive, WARC files are readable and match. */
@RealEngines
@Timeout(180)
class CrawlerIT {
    @TempDir
    Path data;

    @Test
    void watchListsAndRecrawlRequestsBecomeCapturesWithMatchingWarcRecords(Engines engines) throws Exception {
        Topics topics = Topics.in(Engines.uniqueName("crawler-it"));
        String bootstrap = engines.kafkaBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicAdmin.ensure(admin, topics, 2, Duration.ofSeconds(60));
        }
        try (HostileServer server = new HostileServer()) {
            CrawlerConfig defaults = CrawlerConfig.defaults();
            CrawlerConfig.Politeness p = defaults.politeness();
            CrawlerConfig config = defaults
                    .withInstance("it")
                    .withPoliteness(new CrawlerConfig.Politeness(Duration.ofMillis(10), Map.of(), p.maxCrawlDelay(), p.robotsTtl(), p.robotsErrorTtl(),
                            2, Duration.ofMillis(10), p.maxRetryAfter(), 50, 100f, p.breakerOpenFor(), p.maxQueueWait(), p.robotName()))
                    .withWatch(List.of(new CrawlerConfig.Watch(Platform.RSS, server.uri("/feed.xml").toString(), Duration.ofSeconds(2), null)));
            config = new CrawlerConfig(config.instance(), config.vantage(), config.userAgent(), config.fetch(), config.politeness(), config.warc(),
                    new CrawlerConfig.Kafka(Engines.uniqueName("crawler-group"), 8), config.optOut(), config.watch());

            try (Crawler crawler = Crawler.start(config, topics, bootstrap, data)) {
                Properties pp = new Properties();
                pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
                    send(producer, topics, new RecrawlRequest(PostKey.of(Platform.TELEGRAM, "durov/1"), server.uri("/t/durov/1").toString(), Instant.now(), 1, 1, RecrawlRequest.Purpose.SCHEDULED));
                    send(producer, topics, new RecrawlRequest(PostKey.of(Platform.TELEGRAM, "durov/9"), server.uri("/500").toString(), Instant.now(), 1, 1, RecrawlRequest.Purpose.RETRY));
                    send(producer, topics, new RecrawlRequest(PostKey.of(Platform.TELEGRAM, "durov/7"), server.uri("/private/secret").toString(), Instant.now(), 1, 1, RecrawlRequest.Purpose.SCHEDULED));
                    send(producer, topics, new RecrawlRequest(PostKey.of(Platform.TELEGRAM, "durov/8"), server.uri("/404").toString(), Instant.now(), 1, 1, RecrawlRequest.Purpose.CONFIRM));
                    producer.send(new ProducerRecord<>(topics.recrawlRequests(), "telegram:durov/6".getBytes(StandardCharsets.UTF_8), "{\"schema\":1,\"key\":".getBytes(StandardCharsets.UTF_8))).get();
                }
                Map<PostKey, Capture> captures = consumeCaptures(bootstrap, topics, 6);
                assertThat(captures.keySet()).containsExactlyInAnyOrder(
                        PostKey.of(Platform.RSS, "https://blog.example/1"), PostKey.of(Platform.RSS, "https://blog.example/2"),
                        PostKey.of(Platform.TELEGRAM, "durov/1"), PostKey.of(Platform.TELEGRAM, "durov/9"),
                        PostKey.of(Platform.TELEGRAM, "durov/7"), PostKey.of(Platform.TELEGRAM, "durov/8"));

                Capture present = captures.get(PostKey.of(Platform.TELEGRAM, "durov/1"));
                assertThat(present.outcome()).isInstanceOf(FetchOutcome.Present.class);
                assertThat(present.text()).isEqualTo("Привет, мир");
                assertThat(present.author()).isEqualTo("Durov");
                assertThat(captures.get(PostKey.of(Platform.RSS, "https://blog.example/2")).text()).isEqualTo("Two\n\nsecond post");

                assertThat(captures.get(PostKey.of(Platform.TELEGRAM, "durov/9")).outcome()).isInstanceOfSatisfying(FetchOutcome.Unreachable.class,
                        u -> assertThat(u.cause()).isEqualTo(UnreachableCause.SERVER_ERROR));
                assertThat(server.hits("/500")).isEqualTo(2);   // retried once (retryAttempts 2), then reported
                Capture robots = captures.get(PostKey.of(Platform.TELEGRAM, "durov/7"));
                assertThat(robots.outcome()).isInstanceOfSatisfying(FetchOutcome.Unreachable.class,
                        u -> assertThat(u.cause()).isEqualTo(UnreachableCause.ROBOTS_DISALLOWED));
                assertThat(robots.warc()).isNull();
                assertThat(server.hits("/private/secret")).isZero();
                Capture gone = captures.get(PostKey.of(Platform.TELEGRAM, "durov/8"));
                assertThat(gone.outcome()).isInstanceOfSatisfying(FetchOutcome.Gone.class, g -> {
                    assertThat(g.evidence().httpStatus()).isEqualTo(404);
                    assertThat(g.evidence().warcRecordId()).isEqualTo(gone.warc().recordId());
                });

                // every archived capture points at a WARC response record holding exactly the bytes served
                for (Capture c : captures.values()) {
                    if (c.warc() == null) continue;
                    WarcResponse rec = responseAt(crawlerWarcDir().resolve(c.warc().file()), c.warc());
                    assertThat(rec.id().toString()).isEqualTo(c.warc().recordId());
                    assertThat(rec.payloadDigest()).hasValueSatisfying(d -> assertThat(d.prefixedBase32()).isEqualTo(c.warc().payloadDigest()));
                    byte[] body = read(rec.http().body().stream());
                    if (c.key().equals(PostKey.of(Platform.TELEGRAM, "durov/1"))) {
                        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(HostileServer.TELEGRAM_POST);
                        assertThat(rec.target()).isEqualTo(server.uri("/t/durov/1").toString());
                        assertThat(rec.http().status()).isEqualTo(200);
                    }
                    if (c.key().platform() == Platform.RSS) assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(HostileServer.FEED);
                }
                // whole files read back record by record: request and response pairs
                try (WarcReader reader = new WarcReader(crawlerWarcDir().resolve(present.warc().file()))) {
                    List<String> types = new ArrayList<>();
                    for (WarcRecord r : reader) types.add(r.type());
                    assertThat(types).contains("request", "response");
                    assertThat(types.stream().filter("response"::equals).count()).isEqualTo(types.stream().filter("request"::equals).count());
                }
                List<DeadLetter> dead = consumeDeadLetters(bootstrap, topics, 1);
                assertThat(dead).singleElement().satisfies(d -> {
                    assertThat(d.key()).isEqualTo("telegram:durov/6");
                    assertThat(d.stage()).isEqualTo("crawler");
                    assertThat(d.error()).contains("NOT_JSON");
                });
            }
        }
    }

    private Path crawlerWarcDir() {
        return data.resolve("warc");
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, Topics topics, RecrawlRequest r) throws Exception {
        producer.send(new ProducerRecord<>(topics.recrawlRequests(), r.key().toString().getBytes(StandardCharsets.UTF_8), Codecs.RECRAWL_REQUEST.encode(r))).get();
    }

    private static WarcResponse responseAt(Path file, WarcRef ref) throws Exception {
        try (FileChannel ch = FileChannel.open(file)) {
            ch.position(ref.offset());
            try (WarcReader reader = new WarcReader(ch)) {
                WarcRecord r = reader.next().orElseThrow();
                assertThat(r).isInstanceOf(WarcResponse.class);
                WarcResponse resp = (WarcResponse) r;
                resp.http();   // parse while the channel is open
                return resp;
            }
        }
    }

    private static byte[] read(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static Map<PostKey, Capture> consumeCaptures(String bootstrap, Topics topics, int expected) {
        Map<PostKey, Capture> out = new HashMap<>();
        try (KafkaConsumer<PostKey, Capture> c = new KafkaConsumer<>(consumerProps(bootstrap), AfterimageSerdes.postKey().deserializer(), AfterimageSerdes.capture().deserializer())) {
            c.subscribe(List.of(topics.captures()));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<PostKey, Capture> r : c.poll(Duration.ofMillis(500))) {
                    assertThat(r.key()).isEqualTo(r.value().key());
                    out.put(r.key(), r.value());
                }
            }
        }
        return out;
    }

    private static List<DeadLetter> consumeDeadLetters(String bootstrap, Topics topics, int expected) {
        List<DeadLetter> out = new ArrayList<>();
        try (KafkaConsumer<String, DeadLetter> c = new KafkaConsumer<>(consumerProps(bootstrap), new StringDeserializer(), AfterimageSerdes.deadLetter().deserializer())) {
            c.subscribe(List.of(topics.deadLetters()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, DeadLetter> r : c.poll(Duration.ofMillis(500))) out.add(r.value());
            }
        }
        return out;
    }

    private static Properties consumerProps(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, Engines.uniqueName("crawler-it-reader"));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }
}
