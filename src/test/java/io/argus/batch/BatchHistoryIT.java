package io.argus.batch;

import static io.argus.batch.RecordedRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.config.ArgusConfig;
import io.argus.services.S3Clients;
import io.argus.testing.SharedServices;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The batch history in the real s3proxy, as the runner writes it and the API reads it: pages newest
 * first, latest.json kept right by the lease holder after a runtime died between its two writes, and
 * the records of an earlier version moved into the newest-first layout.
 */
class BatchHistoryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant WEEK_AGO = Instant.now().minus(Duration.ofDays(7));

    @TempDir
    Path dataDir;

    private S3Client s3;
    private ArgusConfig config;
    private BatchHistory history;

    @BeforeEach
    void historyInAFreshBucket() {
        config = ArgusConfig.from(SharedServices.runtimeSettings(dataDir));
        s3 = S3Clients.create(config.s3(), SharedServices.get().endpoints());
        S3Clients.ensureBucket(s3, config.s3().bucket());
        history = BatchHistory.of(s3, JSON, config);
    }

    @AfterEach
    void closeClient() {
        s3.close();
    }

    @Test
    void pagesOfTheHistoryFollowOneAnotherNewestFirstWithoutGapsOrRepeats() throws Exception {
        List<BatchRun> recorded = RecordedRuns.record(history, IntStream.range(0, 250)
                .mapToObj(i -> run(WEEK_AGO.plusSeconds(600L * i), BatchRun.Status.SUCCEEDED)).toList());

        List<BatchRun> paged = new ArrayList<>();
        for (List<BatchRun> page = history.recent(100); !page.isEmpty(); ) {
            paged.addAll(page);
            page = history.startedBefore(Instant.parse(page.get(page.size() - 1).start()), 100);
        }

        assertThat(paged).isEqualTo(recorded.stream()
                .sorted(Comparator.comparing((BatchRun run) -> Instant.parse(run.start())).reversed()).toList());
    }

    @Test
    void moreRunsThanOnePageOfS3IsRefused() {
        assertThatThrownBy(() -> history.recent(BatchHistory.MAX_LISTED + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from 1 to 1000 runs");
    }

    @Test
    void aRunWhoseRuntimeDiedBeforeWritingLatestJsonCountsFromTheNextRunOn() {
        BatchRun first = run(WEEK_AGO, BatchRun.Status.SUCCEEDED);
        history.record(first);
        history.advanceLatest(first);
        BatchRun died = run(WEEK_AGO.plusSeconds(600), BatchRun.Status.SUCCEEDED);
        history.record(died);

        assertThat(history.latest()).as("one run behind").hasValue(new BatchHistory.Latest(first, first));

        BatchRun next = run(WEEK_AGO.plusSeconds(1200), BatchRun.Status.FAILED);
        history.record(next);
        history.advanceLatest(next);

        assertThat(history.latest()).hasValue(new BatchHistory.Latest(next, died));
    }

    @Test
    void runsRecordedByAnEarlierVersionAreMovedByTheFirstRunAndListedNewestFirst() throws Exception {
        List<BatchRun> earlier = List.of(run(WEEK_AGO, BatchRun.Status.SUCCEEDED),
                run(WEEK_AGO.plusSeconds(600), BatchRun.Status.SUCCEEDED),
                run(WEEK_AGO.plusSeconds(1200), BatchRun.Status.FAILED));
        for (BatchRun run : earlier) {
            s3.putObject(r -> r.bucket(config.s3().bucket()).key("aggregates/history/" + run.runId() + ".json"),
                    RequestBody.fromBytes(JSON.writeValueAsBytes(run)));
        }
        assertThat(history.latest()).as("no run until the first of this version").isEmpty();

        BatchRun first = run(Instant.now(), BatchRun.Status.FAILED);
        history.record(first);
        history.advanceLatest(first);

        assertThat(history.recent(10)).containsExactly(first, earlier.get(2), earlier.get(1), earlier.get(0));
        assertThat(history.latest()).hasValue(new BatchHistory.Latest(first, earlier.get(1)));
        assertThat(s3.listObjectsV2(r -> r.bucket(config.s3().bucket()).prefix("aggregates/history/").delimiter("/"))
                .contents()).extracting(S3Object::key).noneMatch(key -> key.endsWith(".json"));
    }
}
