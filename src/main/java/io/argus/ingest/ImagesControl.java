package io.argus.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.ToIntFunction;

/** The JMX face of reprocessing; the work goes through the {@code reprocess} route. */
public final class ImagesControl implements ImagesControlMBean {
    private final ToIntFunction<Reprocess.Request> reprocess;

    public ImagesControl(ToIntFunction<Reprocess.Request> reprocess) {
        this.reprocess = reprocess;
    }

    @Override
    public int reprocess(String prefix, String since) {
        return reprocess.applyAsInt(new Reprocess.Request(prefix == null ? "" : prefix.strip(), instant(since)));
    }

    /** An ISO-8601 instant ({@code 2026-11-30T08:00:00Z}) or date ({@code 2026-11-30}, its start in UTC). */
    public static Optional<Instant> instant(String since) {
        if (since == null || since.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(since.strip().length() == 10 ? LocalDate.parse(since.strip()).atStartOfDay(ZoneOffset.UTC)
                    .toInstant() : Instant.parse(since.strip()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("since: '" + since + "' is not an ISO-8601 time (2026-11-30T08:00:00Z)"
                    + " or date (2026-11-30)");
        }
    }
}
