package io.argus.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.config.ArgusConfig;
import io.argus.index.IndexResult;
import io.argus.index.IndexRoute;
import io.argus.services.Endpoints;
import io.argus.shared.CountJobContract;
import io.argus.storage.ImageKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The steps of a batch run, which the {@code aggregate} route composes ({@link AggregateRoute}):
 * plan → count → index → commit. Exact and incremental:
 * <ol>
 *   <li>plan: list the metadata objects with their ETags and compare them with the {@link Catalog};</li>
 *   <li>count: a catalog-only pass of the MapReduce job over the new and changed objects tells their
 *   buckets; the touched buckets are those plus the old buckets of changed and deleted objects. The
 *   count pass reads every object of the touched buckets (the catalog knows which), so their counts
 *   are complete; the first run counts everything in one pass;</li>
 *   <li>index: the {@code index} route writes the counts;</li>
 *   <li>commit: only then the catalog moves on and the run is recorded ({@link BatchHistory}). A
 *   failed run leaves the catalog where it was, so the next run recomputes the same buckets.</li>
 * </ol>
 * Never two runs at once: a run asked for while one is going is refused. What a run gathers is a
 * {@link Run} in the exchange property {@value #RUN}.
 */
public final class BatchRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int MALFORMED_KEPT = 1000;
    static final String RUN = "argusBatchRun";

    private final S3Client s3;
    private final ArgusConfig.S3 storage;
    private final String bucket;
    private final String metadataPrefix;
    private final String batchPrefix;
    private final CountJobRunner job;
    private final BatchHistory history;
    private final Clock clock;
    private final BatchLease lease;
    private final AtomicBoolean running = new AtomicBoolean();

    /** The runner of this runtime, with S3A and the job runner set from the configuration. */
    public static BatchRunner create(S3Client s3, ArgusConfig config, Endpoints endpoints,
                                     ObjectMapper json, Clock clock, BatchLease lease) {
        try {
            HadoopSettings.giveKeysToTheJobUser(config, endpoints);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find the user Hadoop runs the count job as", e);
        }
        return new BatchRunner(s3, config, HadoopSettings.of(config, endpoints),
                BatchHistory.of(s3, json, config), clock, lease);
    }

    BatchRunner(S3Client s3, ArgusConfig config, Configuration hadoop, BatchHistory history, Clock clock,
                BatchLease lease) {
        this.s3 = s3;
        this.storage = config.s3();
        this.bucket = config.s3().bucket();
        this.metadataPrefix = config.s3().metadataPrefix();
        this.batchPrefix = config.batch().s3Prefix();
        this.job = new CountJobRunner(s3, config.s3(), hadoop);
        this.history = history;
        this.clock = clock;
        this.lease = lease;
    }

    public BatchHistory history() {
        return history;
    }

    public boolean isRunning() {
        return running.get();
    }

    /**
     * Starts a run (the lock, and the lease other runtimes respect, are released when the exchange
     * completes, whichever way) and finds what changed since the last successful one.
     *
     * @throws BatchAlreadyRunningException when a run is going, here or on another runtime
     */
    public Run plan(@Header(AggregateRoute.TRIGGER) String trigger, Exchange exchange) {
        if (!running.compareAndSet(false, true)) {
            throw new BatchAlreadyRunningException();
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                Run finished = done.getProperty(RUN, Run.class);
                if (finished != null && finished.lease != null) {
                    finished.lease.close();
                }
                running.set(false);
            }
        });
        Instant start = clock.instant();
        Run run = new Run(runId(start), trigger == null ? "manual" : trigger, start);
        exchange.setProperty(RUN, run);
        run.lease = lease.acquire();
        run.listed = listMetadata();
        run.objectsListed = run.listed.size();
        run.catalog = Catalog.load(s3, bucket, catalogKey());
        run.plan = BatchPlan.of(run.listed.values(), run.catalog);
        run.plan.deleted().forEach(run.catalog::remove);
        run.touched.addAll(run.plan.touched());
        return run;
    }

    /** A run's id: its start to the second, and a few characters that tell apart runs in one second. */
    static String runId(Instant start) {
        return RUN_ID.format(start) + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    }

    public boolean hasWork(@Body Run run) {
        return run.plan.mode() != BatchPlan.Mode.UNCHANGED;
    }

    /** Counts the touched buckets with the MapReduce job; the counts go to the index route. */
    public IndexRoute.IndexRequest count(@Body Run run) throws IOException, InterruptedException, ClassNotFoundException {
        String runPrefix = batchPrefix + "runs/" + run.runId + "/";
        run.outputPath = ImageKey.uri(storage, runPrefix);
        long jobStart = System.nanoTime();
        List<MetadataObject> countInput;
        if (run.plan.mode() == BatchPlan.Mode.FULL) {
            countInput = new ArrayList<>(run.listed.values());
        } else {
            CountJobRunner.Output scan = job.run(runPrefix + "scan", run.plan.changed(), true);
            remember(scan, run);
            countInput = BatchPlan.inBuckets(run.listed.values(), run.catalog, run.touched);
        }
        CountJobRunner.Output counted = job.run(runPrefix + "counts", countInput, false);
        remember(counted, run);
        run.objectsRead = counted.counter(CountJobContract.Records.OBJECTS);
        run.detections = counted.counter(CountJobContract.Records.DETECTIONS);
        run.countsOut = counted.counts.size();
        run.malformed = run.malformedFound.size();
        run.malformedFound.entrySet().stream().limit(MALFORMED_KEPT)
                .forEach(e -> run.malformedObjects.add(new BatchRun.Malformed(e.getKey(), e.getValue())));
        run.bucketsChanged = run.touched.size();
        run.jobMillis = (System.nanoTime() - jobStart) / 1_000_000;
        run.indexStart = System.nanoTime();
        return new IndexRoute.IndexRequest(run.runId, run.outputPath + "counts/", counted.counts, run.touched);
    }

    /** The run's outcome: the catalog moves on only when the index holds exactly what the run produced. */
    public BatchRun commit(@Body IndexResult indexed, @ExchangeProperty(RUN) Run run) {
        run.indexMillis = (System.nanoTime() - run.indexStart) / 1_000_000;
        run.documentsIndexed = indexed.indexed();
        run.documentsRemoved = indexed.removed();
        run.documentsRejected = indexed.rejected().size();
        run.indexVerified = indexed.verified();
        if (!run.lease.held()) {
            run.error = "another runtime took the batch lease while this run stalled; the catalog stays for the next run";
        } else if (!indexed.verified()) {
            run.error = "the index does not hold what the run produced: " + indexed.verification();
        } else if (!indexed.rejected().isEmpty()) {
            // Not lost: they are on the dead-letter topic, and the catalog stays, so the next run
            // (after the cause is fixed, e.g. the index mapping) writes them again.
            run.error = indexed.rejected().size() + " documents were rejected by Elasticsearch, e.g. "
                    + indexed.rejected().get(0).reason() + "; see the dead-letter topic";
        } else {
            run.catalog.save(s3, bucket, catalogKey());
        }
        return finish(run, run.error == null ? BatchRun.Status.SUCCEEDED : BatchRun.Status.FAILED);
    }

    /** Nothing arrived, changed or went since the last successful run. */
    public BatchRun unchanged(@Body Run run) {
        return finish(run, BatchRun.Status.SUCCEEDED);
    }

    /** A step failed: the run is recorded as failed, with the reason, and the catalog stays. */
    public BatchRun failed(@ExchangeProperty(RUN) Run run, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable e) {
        LOG.error("Batch run {} failed", run.runId, e);
        run.error = e.toString();
        return finish(run, BatchRun.Status.FAILED);
    }

    /**
     * Records the run. Only while this runtime holds the lease does latest.json move on, as the
     * catalog does: of two writers of it, one would undo the other. A run that could not take the
     * lease, or lost it, is only recorded, and the holder's next run finds it. Nor does a latest.json
     * that could not be written fail the run: its readers stay a run behind until the next one.
     */
    private BatchRun finish(Run run, BatchRun.Status status) {
        BatchRun finished = run.build(status, clock.instant());
        history.record(finished);
        if (run.lease != null && run.lease.held()) {
            try {
                history.advanceLatest(finished);
            } catch (SdkException | UncheckedIOException e) {
                LOG.warn("Batch run {} is recorded but not in latest.json yet ({}); the next run puts it there",
                        run.runId, e.toString());
            }
        }
        LOG.info("Batch run {} {}: {} objects read, {} detections, {} buckets changed, {} malformed", run.runId,
                finished.status(), finished.objectsRead(), finished.detectionsCounted(), finished.bucketsChanged(),
                finished.malformed());
        return finished;
    }

    /** A pass's findings: each object's bucket into the catalog, its bucket as touched, its errors. */
    private static void remember(CountJobRunner.Output output, Run run) {
        output.catalog.forEach((key, bucketStart) -> {
            run.catalog.put(key, run.listed.get(key).etag(), bucketStart);
            if (!bucketStart.isEmpty()) {
                run.touched.add(bucketStart);
            }
        });
        run.malformedFound.putAll(output.errors);
    }

    private String catalogKey() {
        return batchPrefix + "state/catalog.tsv";
    }

    private Map<String, MetadataObject> listMetadata() {
        Map<String, MetadataObject> listed = new HashMap<>();
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(metadataPrefix)).contents()) {
            // S3-compatible servers with a filesystem backend list folders as "a/" keys.
            if (!object.key().endsWith("/")) {
                listed.put(object.key(), new MetadataObject(object.key(), object.eTag(), object.size()));
            }
        }
        return listed;
    }

    /** The run as it goes through the steps; {@link #build} freezes it for the history. */
    public static final class Run {
        final String runId;
        final String trigger;
        final Instant start;
        Map<String, MetadataObject> listed = Map.of();
        BatchLease.Held lease;
        Catalog catalog;
        BatchPlan plan;
        /** The plan's touched buckets, and those the catalog pass finds. */
        final Set<String> touched = new TreeSet<>();
        final Map<String, String> malformedFound = new LinkedHashMap<>();
        long objectsListed;
        long objectsRead;
        long detections;
        long countsOut;
        long malformed;
        final List<BatchRun.Malformed> malformedObjects = new ArrayList<>();
        int bucketsChanged;
        long documentsIndexed;
        long documentsRemoved;
        long documentsRejected;
        Boolean indexVerified;
        long jobMillis;
        long indexStart;
        long indexMillis;
        String outputPath;
        String error;

        Run(String runId, String trigger, Instant start) {
            this.runId = runId;
            this.trigger = trigger;
            this.start = start;
        }

        BatchRun build(BatchRun.Status status, Instant end) {
            return new BatchRun(runId, trigger, start.toString(), end.toString(), status,
                    plan == null ? null : plan.mode().text(), objectsListed,
                    objectsRead, detections, countsOut, malformed, List.copyOf(malformedObjects), bucketsChanged,
                    documentsIndexed, documentsRemoved, documentsRejected, indexVerified, jobMillis, indexMillis,
                    outputPath, error);
        }
    }
}
