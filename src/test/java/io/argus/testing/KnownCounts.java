package io.argus.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.bench.RunningArgus;
import io.argus.index.BucketCount;
import io.argus.index.CountsIndexer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A known data set in the counts index, written by the real indexer: 48 hours from
 * {@link #FIRST}, over the night Europe/Berlin moves from +01:00 to +02:00 (2026-03-29 01:00 UTC).
 * person: (hour % 7) + 1 every hour; car: 2 in even hours; dog: 5 in hour 10 only.
 */
public final class KnownCounts {
    public static final Instant FIRST = Instant.parse("2026-03-28T00:00:00Z");
    public static final int HOURS = 48;

    private KnownCounts() {
    }

    /** label → hour → count, labels by total, largest first. */
    public static Map<String, Map<Instant, Long>> truth() {
        Map<String, Map<Instant, Long>> truth = new LinkedHashMap<>();
        for (int h = 0; h < HOURS; h++) {
            Instant hour = FIRST.plus(Duration.ofHours(h));
            truth.computeIfAbsent("person", l -> new TreeMap<>()).put(hour, (long) (h % 7) + 1);
            if (h % 2 == 0) {
                truth.computeIfAbsent("car", l -> new TreeMap<>()).put(hour, 2L);
            }
        }
        truth.computeIfAbsent("dog", l -> new TreeMap<>()).put(FIRST.plus(Duration.ofHours(10)), 5L);
        return truth;
    }

    public static long sum(String label) {
        return truth().get(label).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The count of {@code label} from {@code from} (inclusive) to {@code to} (exclusive). */
    public static long sum(String label, Instant from, Instant to) {
        return truth().get(label).entrySet().stream()
                .filter(hour -> !hour.getKey().isBefore(from) && hour.getKey().isBefore(to))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Writes the data set into the runtime's counts index, checks the indexer verified it, and confirms it by a batch run. */
    public static void index(RunningArgus argus) {
        List<BucketCount> counts = new ArrayList<>();
        truth().forEach((label, hours) -> hours.forEach((hour, count) ->
                counts.add(new BucketCount(label, hour.toString(), count))));
        TreeSet<String> buckets = new TreeSet<>();
        counts.forEach(count -> buckets.add(count.bucket()));
        try {
            assertThat(new CountsIndexer(argus.elasticsearch(), argus.config().index(), new ObjectMapper())
                    .index("test-run", "s3://test/counts", counts, buckets).verified()).isTrue();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // A batch run (over no metadata: it changes no count) confirms these buckets, all in the past:
        // the API answers them from the counts index.
        assertThat(argus.runBatch("known-counts").status()).isEqualTo(io.argus.batch.BatchRun.Status.SUCCEEDED);
    }
}
