package io.argus.batch;

import java.time.Instant;

/**
 * Where the batch history lies in the bucket. S3 lists keys in ascending order only, so a run is
 * kept as {@code history/newest-first/<Long.MAX_VALUE - start in epoch ms, 19 digits>-<run id>.json}:
 * the listing gives the newest first, and the latest N are one listing of N keys, however many runs
 * came before. Earlier versions kept {@code history/<run id>.json}, oldest first
 * ({@link BatchHistory#advanceLatest} moves those).
 */
final class HistoryKeys {
    private static final String EARLIER_VERSIONS = "history/";
    private static final String NEWEST_FIRST = EARLIER_VERSIONS + "newest-first/";
    private static final String SUFFIX = ".json";

    private final String batchPrefix;

    HistoryKeys(String batchPrefix) {
        this.batchPrefix = batchPrefix;
    }

    String of(BatchRun run) {
        return newest() + countdown(Instant.parse(run.start())) + "-" + run.runId() + SUFFIX;
    }

    /** The prefix of the runs, and so the listing position before the newest. */
    String newest() {
        return batchPrefix + NEWEST_FIRST;
    }

    /**
     * The listing position after which come the runs that started before this time: "." sorts after
     * the "-" that follows the countdown of a run started in the same millisecond.
     */
    String startedBefore(Instant before) {
        return newest() + countdown(before) + ".";
    }

    boolean isRun(String key) {
        return key.startsWith(newest()) && key.endsWith(SUFFIX);
    }

    String latest() {
        return batchPrefix + "latest.json";
    }

    /** Where earlier versions kept the runs, each directly under it. */
    String earlierVersionsPrefix() {
        return batchPrefix + EARLIER_VERSIONS;
    }

    /** Falls as time goes on, with a fixed width, so that later starts sort first. */
    private static String countdown(Instant start) {
        return String.format("%019d", Long.MAX_VALUE - start.toEpochMilli());
    }
}
