package io.argus.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.bench.RunningArgus;
import io.argus.bench.SyntheticMetadata;
import io.argus.testing.RuntimeUnderTest;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** The batch flow's triggers: the Quartz schedule, JMX, and the rule that runs never overlap. */
class BatchScheduleIT {
    @TempDir
    Path dataDir;

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    @Test
    void theScheduleRunsTheFlowJmxTriggersItAndRunsNeverOverlap() throws Exception {
        RunningArgus argus = runtime.start(dataDir, Map.of("argus.batch.cron", "0/2 * * * * ?"));
        SyntheticMetadata metadata = new SyntheticMetadata(3, Instant.parse("2026-03-01T00:00:00Z"), 3, 3);
        upload(argus, metadata, 0, 30);

        await().atMost(Duration.ofSeconds(120)).until(() -> argus.batchHistory().recent(10).stream()
                .filter(run -> run.trigger().equals("schedule") && run.status() == BatchRun.Status.SUCCEEDED)
                .count() >= 2);

        upload(argus, metadata, 30, 60);
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName batch = new ObjectName("io.argus:type=Batch");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                .until(() -> (Boolean) jmx.getAttribute(batch, "Running"));
        assertThatThrownBy(() -> argus.runBatch("test")).isInstanceOf(BatchAlreadyRunningException.class)
                .hasMessage("a batch run is already going; runs never overlap");

        ObjectMapper json = new ObjectMapper();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            BatchRun run = json.readValue((String) jmx.invoke(batch, "runNow", null, null), BatchRun.class);
            assertThat(run.trigger()).isEqualTo("jmx");
            assertThat(run.status()).isEqualTo(BatchRun.Status.SUCCEEDED);
        });
        assertThat(json.readValue((String) jmx.getAttribute(batch, "LastRun"), BatchRun.class).status())
                .isEqualTo(BatchRun.Status.SUCCEEDED);

        List<BatchRun> runs = argus.batchHistory().recent(100).stream()
                .sorted(Comparator.comparing(BatchRun::start)).toList();
        for (int i = 1; i < runs.size(); i++) {
            assertThat(Instant.parse(runs.get(i).start())).as("run %s starts after %s ended", runs.get(i).runId(),
                    runs.get(i - 1).runId()).isAfterOrEqualTo(Instant.parse(runs.get(i - 1).end()));
        }
        assertThat(runs.stream().mapToLong(BatchRun::detectionsCounted).max().orElseThrow()).isPositive();
    }

    private static void upload(RunningArgus argus, SyntheticMetadata metadata, int from, int to) {
        for (int i = from; i < to; i++) {
            byte[] content = metadata.next(i);
            String key = "metadata/cam/img_" + i + ".json";
            argus.s3().putObject(r -> r.bucket(argus.config().s3().bucket()).key(key), RequestBody.fromBytes(content));
        }
    }
}
