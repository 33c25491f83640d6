package org.afterimage.crawler.publish;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Future;
import org.afterimage.model.Capture;
import org.afterimage.model.DeadLetter;
import org.afterimage.model.PostKey;
import org.afterimage.model.kafka.AfterimageSerdes;
import org.afterimage.model.kafka.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends captures to {@code captures}, keyed by post key so every fetch of a post lands on one partition, in order.
 * Idempotent with {@code acks=all}: a retried send is never a duplicate.
 */
public final class CapturePublisher implements AutoCloseable {
    private final KafkaProducer<PostKey, Capture> producer;
    private final KafkaProducer<String, DeadLetter> deadLetters;
    private final Topics topics;

    public CapturePublisher(String bootstrapServers, Topics topics, String clientId) {
        this.topics = topics;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(2).toMillis());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20);
        this.producer = new KafkaProducer<>(p, AfterimageSerdes.postKey().serializer(), AfterimageSerdes.capture().serializer());
        Properties d = new Properties();
        d.putAll(p);
        d.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-dlq");
        this.deadLetters = new KafkaProducer<>(d, new StringSerializer(), AfterimageSerdes.deadLetter().serializer());
    }

    public Future<RecordMetadata> publish(Capture c) {
        return producer.send(new ProducerRecord<>(topics.captures(), c.key(), c));
    }

    public Future<RecordMetadata> deadLetter(DeadLetter d) {
        return deadLetters.send(new ProducerRecord<>(topics.deadLetters(), d.key(), d));
    }

    public void flush() {
        producer.flush();
        deadLetters.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        deadLetters.close(Duration.ofSeconds(10));
    }
}
