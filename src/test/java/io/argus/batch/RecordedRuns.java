package io.argus.batch;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Batch runs written straight into a history as the runner records them: a long history in seconds. */
final class RecordedRuns {
    private RecordedRuns() {
    }

    /** A run that started then, took 30 s and found nothing changed (or failed). */
    static BatchRun run(Instant start, BatchRun.Status status) {
        return new BatchRun(BatchRunner.runId(start), "schedule", start.toString(), start.plusSeconds(30).toString(),
                status, "unchanged", 0, 0, 0, 0, 0, List.of(), 0, 0, 0, 0, null, 0, 0, null,
                status == BatchRun.Status.FAILED ? "a failure" : null);
    }

    /** Records the runs, eight at a time. */
    static List<BatchRun> record(BatchHistory history, List<BatchRun> runs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = runs.stream().<Future<?>>map(run -> pool.submit(() -> history.record(run))).toList();
            for (Future<?> put : puts) {
                put.get();
            }
        } finally {
            pool.shutdown();
        }
        return runs;
    }
}
