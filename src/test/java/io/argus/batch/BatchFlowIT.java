package io.argus.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bench.RunningArgus;
import io.argus.bench.SyntheticMetadata;
import io.argus.testing.CountsIndex;
import io.argus.testing.RuntimeUnderTest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The batch flow against real s3proxy (through S3A), Hadoop's local job runner and Elasticsearch:
 * generated metadata with a known ground truth in, exact counts per label and hour out.
 */
class BatchFlowIT {
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path dataDir;

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    private RunningArgus argus;

    @Test
    void countsAreExactIdempotentAndIncremental() throws Exception {
        argus = runtime.start(dataDir, Map.of("argus.batch.scheduled", "false"));
        SyntheticMetadata metadata = new SyntheticMetadata(11, START, 32, 4);
        upload(IntStream.range(0, 10_000).boxed().collect(Collectors.toMap(i -> key(i), metadata::next)));
        Map<String, byte[]> malformed = new TreeMap<>();
        SyntheticMetadata.malformed().forEach((name, content) -> malformed.put("metadata/broken/" + name + ".json",
                content));
        upload(malformed);

        BatchRun first = argus.runBatch("test");
        assertThat(first.status()).as(String.valueOf(first.error())).isEqualTo(BatchRun.Status.SUCCEEDED);
        assertThat(first.mode()).isEqualTo("full");
        assertThat(first.objectsRead()).isEqualTo(10_005);
        assertThat(first.detectionsCounted()).isEqualTo(metadata.totalDetections());
        assertThat(first.malformedObjects()).extracting(BatchRun.Malformed::key)
                .containsExactlyInAnyOrderElementsOf(malformed.keySet());
        assertThat(first.malformedObjects()).allSatisfy(bad -> assertThat(bad.reason()).isNotBlank());
        assertThat(first.indexVerified()).isTrue();
        assertThat(metadata.truth().values().stream().flatMap(m -> m.keySet().stream()).distinct()).hasSize(32);
        assertThat(indexedCounts()).isEqualTo(metadata.truth());

        Map<String, Map<String, Object>> before = documents();
        BatchRun second = argus.runBatch("test");
        assertThat(second.status()).isEqualTo(BatchRun.Status.SUCCEEDED);
        assertThat(second.mode()).isEqualTo("unchanged");
        assertThat(second.bucketsChanged()).isZero();
        assertThat(documents()).isEqualTo(before);

        Instant hour = START.plusSeconds(5 * 3600);
        upload(IntStream.range(10_000, 10_100).boxed().collect(Collectors.toMap(i -> key(i),
                i -> metadata.at(i, hour.plusSeconds(i - 10_000)))));
        BatchRun third = argus.runBatch("test");
        assertThat(third.status()).as(String.valueOf(third.error())).isEqualTo(BatchRun.Status.SUCCEEDED);
        assertThat(third.mode()).isEqualTo("incremental");
        assertThat(third.bucketsChanged()).isEqualTo(1);
        Map<String, Map<String, Object>> after = documents();
        assertThat(indexedCounts()).isEqualTo(metadata.truth());
        after.forEach((id, document) -> {
            if (!hour.toString().equals(document.get("time_bucket"))) {
                assertThat(document).as(id).isEqualTo(before.get(id));
            }
        });
        assertThat(argus.batchHistory().recent(10)).extracting(BatchRun::runId)
                .containsExactly(third.runId(), second.runId(), first.runId());
    }

    private static String key(int index) {
        return "metadata/cam-" + (index % 10) + "/img_" + index + ".jpg.json";
    }

    private void upload(Map<String, byte[]> objects) throws Exception {
        String bucket = argus.config().s3().bucket();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = objects.entrySet().stream().<Future<?>>map(object -> pool.submit(() -> argus.s3().putObject(
                    r -> r.bucket(bucket).key(object.getKey()), RequestBody.fromBytes(object.getValue())))).toList();
            for (Future<?> put : puts) {
                put.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private Map<String, Map<String, Object>> documents() {
        return CountsIndex.documents(argus);
    }

    /** label → bucket → count, as Elasticsearch holds them; each document's id is label@bucket. */
    private Map<String, Map<String, Long>> indexedCounts() {
        documents().forEach((id, document) -> assertThat(id)
                .isEqualTo(document.get("label") + "@" + Instant.parse((String) document.get("time_bucket"))));
        return CountsIndex.counts(argus);
    }
}
