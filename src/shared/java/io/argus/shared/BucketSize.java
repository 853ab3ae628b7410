package io.argus.shared;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The width of a time bucket. Buckets start on whole minutes, hours or days in UTC. */
public enum BucketSize {
    MINUTE(ChronoUnit.MINUTES), HOUR(ChronoUnit.HOURS), DAY(ChronoUnit.DAYS);

    private final ChronoUnit unit;

    BucketSize(ChronoUnit unit) {
        this.unit = unit;
    }

    /** The start of the bucket holding this instant. */
    public Instant bucketOf(Instant time) {
        return time.truncatedTo(unit);
    }

    public Duration duration() {
        return unit.getDuration();
    }

    public static BucketSize parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bucket size must be minute, hour or day, not '" + name + "'", e);
        }
    }
}
