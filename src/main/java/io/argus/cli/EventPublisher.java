package io.argus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes JSON events on a Kafka topic at a steady rate (0: as fast as Kafka takes them), keyed by
 * one of their fields so a group's events stay in order on one partition. Idempotent producer, acks
 * from all replicas: an event is published once.
 */
public final class EventPublisher implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final String keyField;
    private final long nanosPerEvent;
    private long next = System.nanoTime();
    private long published;
    /** The first send Kafka refused; the next publish, or the close, reports it. */
    private volatile Exception refused;

    public EventPublisher(Map<String, Object> kafkaConfig, String topic, String keyField, double eventsPerSecond) {
        Map<String, Object> config = new java.util.HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        this.topic = topic;
        this.keyField = keyField;
        this.nanosPerEvent = eventsPerSecond > 0 ? (long) (TimeUnit.SECONDS.toNanos(1) / eventsPerSecond) : 0;
    }

    public void publish(JsonNode event) throws InterruptedException {
        if (nanosPerEvent > 0) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            next = Math.max(next + nanosPerEvent, System.nanoTime() - TimeUnit.SECONDS.toNanos(1));
        }
        JsonNode key = event.path(keyField);
        send(key.isMissingNode() ? null : key.asText(), event.toString());
    }

    /** Raw text (a malformed event, for one): published as it is. */
    public void publishRaw(String key, String text) {
        send(key, text);
    }

    private void send(String key, String value) {
        failIfRefused();
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
            if (e != null && refused == null) {
                refused = e;
            }
        });
        published++;
    }

    private void failIfRefused() {
        if (refused != null) {
            throw new IllegalStateException("Kafka refused an event for " + topic + ": " + refused.getMessage(),
                    refused);
        }
    }

    public long published() {
        return published;
    }

    /** Waits until Kafka has every event; throws if it refused one. */
    @Override
    public void close() {
        producer.flush();
        producer.close();
        failIfRefused();
    }
}
