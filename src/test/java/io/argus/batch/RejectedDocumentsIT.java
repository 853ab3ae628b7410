package io.argus.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bench.RunningArgus;
import io.argus.bench.SyntheticMetadata;
import io.argus.errors.DeadLettersIT;
import io.argus.testing.KafkaEvents;
import io.argus.testing.PrometheusScrape;
import io.argus.testing.RuntimeUnderTest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Documents Elasticsearch refuses (here: an index whose mapping says a label is a number) become
 * dead-letter records with the reason; the run fails and leaves its catalog, so nothing is lost.
 */
class RejectedDocumentsIT {
    @TempDir
    Path dataDir;

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    @Test
    void rejectedDocumentsGoToTheDeadLetterTopicAndTheRunFails() throws Exception {
        RunningArgus argus = runtime.start(dataDir, Map.of("argus.batch.scheduled", "false"));
        String index = argus.config().index().name();
        argus.elasticsearch().indices().create(c -> c.index(index).mappings(m -> m
                .properties("label", p -> p.integer(i -> i))));
        SyntheticMetadata metadata = new SyntheticMetadata(9, Instant.parse("2026-03-04T00:00:00Z"), 1, 2);
        for (int i = 0; i < 20; i++) {
            byte[] content = metadata.next(i);
            String key = "metadata/rejected/img_" + i + ".json";
            argus.s3().putObject(r -> r.bucket(argus.config().s3().bucket()).key(key), RequestBody.fromBytes(content));
        }
        long documents = metadata.truth().values().stream().mapToLong(Map::size).sum();

        BatchRun run = argus.runBatch("test");
        assertThat(run.status()).isEqualTo(BatchRun.Status.FAILED);
        assertThat(run.documentsRejected()).isEqualTo(documents);
        assertThat(run.error()).contains("rejected by Elasticsearch").contains("dead-letter topic");

        List<KafkaEvents.Event> deadLetters = KafkaEvents.read(argus.endpoints().kafkaBootstrapServers(),
                argus.config().kafka().deadLetterTopic(), (int) documents, Duration.ofSeconds(30));
        assertThat(deadLetters).hasSize((int) documents);
        assertThat(deadLetters).allSatisfy(letter -> {
            List<String> fields = new java.util.ArrayList<>();
            letter.value().fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactlyElementsOf(DeadLettersIT.FIELDS);
            assertThat(letter.value().path("flow").asText()).isEqualTo("index");
            assertThat(letter.value().path("reason").asText()).contains("parsing_exception");
            assertThat(letter.value().path("original").asText()).contains("\"label\"");
            assertThat(letter.value().path("source").asText()).startsWith("index:" + run.runId() + "/");
        });
        assertThat(argus.runBatch("test").mode()).as("the catalog stayed: the next run tries again")
                .isEqualTo("full");
        assertThat(PrometheusScrape.scrape(argus)).as("bulk indexing failures, two runs' rejected documents")
                .containsPattern("argus_index_failures_total\\{[^}]*kind=\"document\"[^}]*\\} " + 2 * documents + "\\.0");
    }
}
