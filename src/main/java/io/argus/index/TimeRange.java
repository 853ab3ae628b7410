package io.argus.index;

import java.time.Instant;
import java.util.Optional;

/** A time range of bucket starts, {@code from} inclusive and {@code to} exclusive, with open ends where absent. */
public record TimeRange(Optional<Instant> from, Optional<Instant> to) {
    public static final TimeRange ALL = new TimeRange(Optional.empty(), Optional.empty());
}
