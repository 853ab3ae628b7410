package io.argus.index;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.argus.shared.BucketSize;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the batch's counts end and the live ones begin. A successful batch run listed the metadata
 * at its start, when every bucket before the one it started in had ended: it counted those whole,
 * so they are confirmed, and the counts of the later buckets are the live ones. Before any
 * successful run, all counts are live. The last run's start is read at most once per
 * {@code ttl} (at every call when it is zero): an answer lags a batch run no more than it lags the
 * counts.
 */
public final class CountsBoundary {
    private final Supplier<Optional<Instant>> confirmedUntil;

    private CountsBoundary(Supplier<Optional<Instant>> confirmedUntil) {
        this.confirmedUntil = confirmedUntil;
    }

    /**
     * @param lastSuccessStart when the last successful batch run started, empty before any
     * @param bucketSize       the batch's time buckets
     * @param ttl              how long a read of {@code lastSuccessStart} is reused
     */
    public static CountsBoundary of(Supplier<Optional<Instant>> lastSuccessStart, BucketSize bucketSize,
                                    Duration ttl) {
        Supplier<Optional<Instant>> read = () -> lastSuccessStart.get().map(bucketSize::bucketOf);
        if (ttl.isZero()) {
            return new CountsBoundary(read);
        }
        LoadingCache<String, Optional<Instant>> cache = Caffeine.newBuilder().expireAfterWrite(ttl)
                .build(key -> read.get());
        return new CountsBoundary(() -> cache.get("confirmed-until"));
    }

    /** A boundary that stays at this bucket start, or with all counts live when empty. */
    public static CountsBoundary at(Optional<Instant> confirmedUntil) {
        return new CountsBoundary(() -> confirmedUntil);
    }

    /** Buckets that start before it are the batch's; from it on, they are live. Empty: all are live. */
    public Optional<Instant> confirmedUntil() {
        return confirmedUntil.get();
    }

    /** Whether a span of buckets holds live counts: it ends after the boundary, or no run has confirmed any. */
    static boolean live(Optional<Instant> confirmedUntil, Instant start, Duration length) {
        return confirmedUntil.map(until -> start.plus(length).isAfter(until)).orElse(true);
    }
}
