package org.afterimage.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.Refresh;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.afterimage.model.Capture;
import org.afterimage.model.Platform;
import org.afterimage.model.PostKey;
import org.afterimage.model.kafka.AfterimageSerdes;
import org.afterimage.model.kafka.TopicAdmin;
import org.afterimage.model.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The engines the extension hands out are real: a record goes through Kafka, a document through Elasticsearch. */
@RealEngines
class RealEnginesIT {

    @Test
    void capturesRoundTripThroughKafkaRightAfterTopicCreation(Engines engines) throws Exception {
        Topics topics = Topics.in(Engines.uniqueName("testkit"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrapServers()))) {
            TopicAdmin.ensure(admin, topics, 3, Duration.ofSeconds(60));
        }
        List<Capture> sent = new ArrayList<>();
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrapServers());
        pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (var producer = new KafkaProducer<>(pp, AfterimageSerdes.postKey().serializer(), AfterimageSerdes.capture().serializer())) {
            for (int i = 0; i < 500; i++) {
                PostKey key = PostKey.of(Platform.TELEGRAM, "chan/" + i);
                Capture c = Capture.present(key, "https://t.me/chan/" + i, Instant.parse("2026-11-28T10:00:00Z"),
                        "chan", "post 帖子 " + i, Instant.parse("2026-11-28T09:00:00Z"), null);
                sent.add(c);
                producer.send(new ProducerRecord<>(topics.captures(), key, c));
            }
            producer.flush();
        }
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrapServers());
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, Engines.uniqueName("g"));
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<Capture> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(cp, AfterimageSerdes.postKey().deserializer(), AfterimageSerdes.capture().deserializer())) {
            consumer.subscribe(List.of(topics.captures()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received.size() < sent.size() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> received.add(r.value()));
            }
        }
        assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void documentsRoundTripThroughElasticsearch(Engines engines) throws Exception {
        String index = Engines.uniqueName("testkit-docs");
        try (ElasticsearchClient es = ElasticsearchClient.of(b -> b.host(engines.elasticsearchUrl()))) {
            assertThat(es.cluster().health(h -> h.waitForStatus(HealthStatus.Yellow).timeout(t -> t.time("30s"))).timedOut()).isFalse();
            es.index(i -> i.index(index).id("1").document(Map.of("text", "网络审查 removed post")).refresh(Refresh.True));
            var hits = es.search(s -> s.index(index).query(q -> q.matchPhrase(m -> m.field("text").query("审查"))), Map.class);
            assertThat(hits.hits().total().value()).isEqualTo(1);
            es.indices().delete(d -> d.index(index));
        }
    }
}
