package io.argus.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.shared.BucketSize;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Where the batch's counts end: the bucket the last successful run started in, read as often as the API's cache says. */
class CountsBoundaryTest {
    private static final Instant STARTED = Instant.parse("2026-11-25T10:47:12Z");

    @Test
    void theCountsAreTheBatchsBeforeTheBucketItsLastSuccessfulRunStartedIn() {
        assertThat(CountsBoundary.of(() -> Optional.of(STARTED), BucketSize.HOUR, Duration.ZERO).confirmedUntil())
                .contains(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(CountsBoundary.of(() -> Optional.of(STARTED), BucketSize.DAY, Duration.ZERO).confirmedUntil())
                .contains(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(CountsBoundary.of(Optional::empty, BucketSize.HOUR, Duration.ZERO).confirmedUntil())
                .as("no run yet: all live").isEmpty();
    }

    @Test
    void withoutACacheARunIsSeenAtTheNextAnswerAndWithOneWithinItsTime() throws Exception {
        AtomicReference<Optional<Instant>> lastSuccess = new AtomicReference<>(Optional.empty());
        AtomicInteger reads = new AtomicInteger();
        CountsBoundary uncached = CountsBoundary.of(() -> {
            reads.incrementAndGet();
            return lastSuccess.get();
        }, BucketSize.HOUR, Duration.ZERO);
        assertThat(uncached.confirmedUntil()).isEmpty();
        lastSuccess.set(Optional.of(STARTED));
        assertThat(uncached.confirmedUntil()).isPresent();
        assertThat(reads).hasValue(2);

        lastSuccess.set(Optional.empty());
        CountsBoundary cached = CountsBoundary.of(lastSuccess::get, BucketSize.HOUR, Duration.ofMillis(300));
        assertThat(cached.confirmedUntil()).isEmpty();
        lastSuccess.set(Optional.of(STARTED));
        assertThat(cached.confirmedUntil()).as("within the cache's time").isEmpty();
        Thread.sleep(400);
        assertThat(cached.confirmedUntil()).as("after it").contains(Instant.parse("2026-11-25T10:00:00Z"));
    }

    @Test
    void aSpanIsLiveWhenItEndsAfterTheBoundaryOrNoRunHasConfirmedAny() {
        Optional<Instant> until = Optional.of(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(CountsBoundary.live(until, Instant.parse("2026-11-25T09:00:00Z"), Duration.ofHours(1))).isFalse();
        assertThat(CountsBoundary.live(until, Instant.parse("2026-11-25T10:00:00Z"), Duration.ofHours(1))).isTrue();
        assertThat(CountsBoundary.live(until, Instant.parse("2026-11-25T00:00:00Z"), Duration.ofDays(1)))
                .as("a day that is partly live").isTrue();
        assertThat(CountsBoundary.live(Optional.empty(), Instant.parse("2020-01-01T00:00:00Z"), Duration.ofHours(1)))
                .isTrue();
    }
}
