package io.argus.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.argus.bench.RunningArgus;
import io.argus.testing.KafkaEvents;
import io.argus.testing.PrometheusScrape;
import io.argus.testing.RuntimeUnderTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every flow that gives up on a message writes the same record (the index flow's rejected
 * documents are checked the same way in RejectedDocumentsIT): one schema on the dead-letter
 * topic, one object per record under errors/, one counter by flow.
 */
public class DeadLettersIT {
    /** The fields of a dead-letter record, in the order docs/operations.md lists them. */
    public static final List<String> FIELDS = List.of("flow", "reason", "original", "time", "attempt", "source");

    @TempDir
    Path dataDir;

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    @Test
    void aRejectedFileAPoisonImageEventAndAMalformedDetectionEventGiveOneRecordSchema() throws Exception {
        RunningArgus argus = runtime.start(dataDir, Map.of("argus.batch.scheduled", "false"));
        Files.writeString(argus.config().inbox().dir().resolve("notes.jpg"), "not an image");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, argus.endpoints().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(argus.config().kafka().imageTopic(), "poison", "{not json")).get();
            producer.send(new ProducerRecord<>(argus.config().kafka().detectionTopic(), "odd", "{\"labels\":{}}")).get();
        }

        List<KafkaEvents.Event> letters = KafkaEvents.read(argus.endpoints().kafkaBootstrapServers(),
                argus.config().kafka().deadLetterTopic(), 3, Duration.ofSeconds(60));
        assertThat(letters).extracting(letter -> letter.value().path("flow").asText())
                .containsExactlyInAnyOrder("ingest", "detect", "index-detections");
        for (KafkaEvents.Event letter : letters) {
            JsonNode record = letter.value();
            List<String> fields = new ArrayList<>();
            record.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).as(record.toString()).containsExactlyElementsOf(FIELDS);
            assertThat(Instant.parse(record.path("time").asText())).isBefore(Instant.now().plusSeconds(1));
            assertThat(record.path("attempt").asInt()).isEqualTo(1);
            assertThat(letter.key()).isEqualTo(record.path("source").asText());
            assertThat(record.path("reason").asText()).isNotBlank();
        }
        JsonNode ingest = byFlow(letters, "ingest");
        assertThat(ingest.path("original").asText()).isEqualTo("notes.jpg");
        assertThat(ingest.path("source").asText()).isEqualTo("inbox:notes.jpg");
        assertThat(ingest.path("reason").asText()).contains("not a supported image");
        JsonNode detect = byFlow(letters, "detect");
        assertThat(detect.path("original").asText()).isEqualTo("{not json");
        assertThat(detect.path("reason").asText()).startsWith("malformed image event: not JSON");
        JsonNode detections = byFlow(letters, "index-detections");
        assertThat(detections.path("original").asText()).isEqualTo("{\"labels\":{}}");
        assertThat(detections.path("source").asText()).startsWith("kafka:" + argus.config().kafka().detectionTopic());

        await().atMost(Duration.ofSeconds(10)).until(() -> RuntimeUnderTest.objectKeys(argus, "errors/").size() == 3);
        assertThat(RuntimeUnderTest.objectKeys(argus, "errors/")).anyMatch(key -> key.startsWith("errors/ingest/inbox/"))
                .anyMatch(key -> key.startsWith("errors/detect/kafka/"))
                .anyMatch(key -> key.startsWith("errors/index-detections/kafka/"));
        assertThat(argus.config().inbox().rejectedDir().resolve("notes.jpg")).exists();
        String metrics = PrometheusScrape.scrape(argus);
        for (String flow : List.of("ingest", "detect", "index-detections")) {
            assertThat(metrics).containsPattern("argus_dead_letters_total\\{[^}]*flow=\"" + flow + "\"[^}]*\\} 1\\.0");
        }
    }

    private static JsonNode byFlow(List<KafkaEvents.Event> letters, String flow) {
        return letters.stream().map(KafkaEvents.Event::value).filter(value -> value.path("flow").asText().equals(flow))
                .findFirst().orElseThrow();
    }
}
