package io.argus.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.argus.bench.RunningArgus;
import io.argus.config.ArgusConfig;
import io.argus.services.ElasticsearchClients;
import io.argus.testing.RuntimeUnderTest;
import io.argus.testing.SharedServices;
import io.argus.testing.TestDirs;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The batch lease against the real Elasticsearch, as two runtimes sharing the metadata hold it: one
 * at a time, released at the end of a run, taken over once a holder that died has let it end, and a
 * stalled holder learns that it lost it; and a runtime does not start a run while another holds the
 * lease of its metadata.
 */
class BatchLeaseIT {
    private final ElasticsearchClient es = ElasticsearchClients.create(SharedServices.get().endpoints().elasticsearch());
    private final String index = "locks-" + UUID.randomUUID().toString().substring(0, 8);
    private final String guarded = "bucket/aggregates/";

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    @AfterEach
    void close() throws IOException {
        es._transport().close();
    }

    @Test
    void oneRuntimeAtATimeAndTheOtherIsToldWhoRuns() {
        try (BatchLease first = lease("first", Clock.systemUTC()); BatchLease second = lease("second", Clock.systemUTC())) {
            BatchLease.Held held = first.acquire();
            assertThatThrownBy(second::acquire).isInstanceOf(BatchAlreadyRunningException.class)
                    .hasMessageStartingWith("a batch run is already going on first (its lease ends ");
            held.close();
            BatchLease.Held next = second.acquire();
            assertThat(next.held()).isTrue();
            next.close();
        }
    }

    @Test
    void aLeaseNobodyRenewsEndsAndAnotherRuntimeTakesItOverWhileTheStalledHolderLearnsItLostIt() {
        Clock later = Clock.offset(Clock.systemUTC(), BatchLease.TTL.plus(Duration.ofSeconds(1)));
        try (BatchLease stalled = lease("stalled", Clock.systemUTC()); BatchLease other = lease("other", later)) {
            BatchLease.Held old = stalled.acquire();
            BatchLease.Held taken = other.acquire();
            assertThat(taken.held()).isTrue();
            old.renewNow();
            assertThat(old.held()).as("its next renewal finds the lease taken").isFalse();
            old.close();
            try (BatchLease third = lease("third", Clock.systemUTC())) {
                assertThatThrownBy(third::acquire).as("the stalled holder's close did not release the other's lease")
                        .hasMessageContaining("going on other");
            }
            taken.close();
        }
    }

    @Test
    void aRuntimeDoesNotRunTheBatchWhileAnotherHoldsTheLeaseOfItsMetadataAndRunsOnceItIsReleased() throws Exception {
        RunningArgus argus = runtime.start(TestDirs.create("lease"), Map.of("argus.batch.scheduled", "false"));
        ArgusConfig config = argus.config();
        try (BatchLease another = new BatchLease(es, config.index().locksName(),
                config.s3().bucket() + "/" + config.batch().s3Prefix(), "another-runtime", Clock.systemUTC())) {
            BatchLease.Held held = another.acquire();
            assertThatThrownBy(() -> argus.runBatch("test")).isInstanceOf(BatchAlreadyRunningException.class)
                    .hasMessageContaining("going on another-runtime");
            assertThat(argus.batchHistory().recent(10)).as("no run started").isEmpty();
            held.close();
        }
        assertThat(argus.runBatch("test").status()).isEqualTo(BatchRun.Status.SUCCEEDED);
    }

    private BatchLease lease(String owner, Clock clock) {
        return new BatchLease(es, index, guarded, owner, clock);
    }
}
