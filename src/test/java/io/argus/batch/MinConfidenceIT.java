package io.argus.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bench.RunningArgus;
import io.argus.bench.SyntheticMetadata;
import io.argus.shared.BucketSize;
import io.argus.shared.MetadataRecord;
import io.argus.testing.CountsIndex;
import io.argus.testing.RuntimeUnderTest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** With a minimum confidence and day buckets, only confident detections are counted, per UTC day. */
class MinConfidenceIT {
    @TempDir
    Path dataDir;

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    @Test
    void detectionsUnderTheMinimumConfidenceAreNotCounted() throws Exception {
        RunningArgus argus = runtime.start(dataDir, Map.of("argus.batch.scheduled", "false",
                "argus.batch.min-confidence", "0.75", "argus.batch.bucket", "day"));
        SyntheticMetadata metadata = new SyntheticMetadata(21, Instant.parse("2026-03-05T00:00:00Z"), 60, 4);
        Map<String, Long> expected = new TreeMap<>();
        long below = 0;
        for (int i = 0; i < 200; i++) {
            byte[] content = metadata.next(i);
            MetadataRecord record = MetadataRecord.parse(content);
            for (MetadataRecord.Labelled detection : record.detections()) {
                if (detection.confidence() >= 0.75) {
                    expected.merge(detection.label() + "@" + BucketSize.DAY.bucketOf(record.eventTime()), 1L, Long::sum);
                } else {
                    below++;
                }
            }
            String key = "metadata/confidence/img_" + i + ".json";
            argus.s3().putObject(r -> r.bucket(argus.config().s3().bucket()).key(key), RequestBody.fromBytes(content));
        }
        assertThat(below).isPositive();

        BatchRun run = argus.runBatch("test");
        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(BatchRun.Status.SUCCEEDED);
        assertThat(run.detectionsCounted()).isEqualTo(expected.values().stream().mapToLong(Long::longValue).sum());
        assertThat(run.bucketsChanged()).isEqualTo(3);

        Map<String, Long> indexed = new TreeMap<>();
        CountsIndex.documents(argus).forEach((id, document) -> indexed.put(id, ((Number) document.get("count")).longValue()));
        assertThat(indexed).isEqualTo(expected);
    }
}
