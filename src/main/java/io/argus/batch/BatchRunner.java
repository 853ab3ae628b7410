package io.argus.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.config.ArgusConfig;
import io.argus.hadoop.CountJob;
import io.argus.index.BucketCount;
import io.argus.index.IndexResult;
import io.argus.local.LocalServices;
import io.argus.storage.ImageKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One batch run: find the metadata that arrived (or changed, or went) since the last successful
 * run, recompute the time buckets it touches completely with the MapReduce count job, index the
 * result, and record the run. Exact and incremental:
 * <ol>
 *   <li>list the metadata objects with their ETags and compare them with the {@link Catalog};</li>
 *   <li>a catalog-only pass of the job over the new and changed objects tells their buckets; the
 *   touched buckets are those plus the old buckets of changed and deleted objects;</li>
 *   <li>the count pass reads every object of the touched buckets (the catalog knows which), so
 *   their counts are complete; the first run counts everything in one pass;</li>
 *   <li>the index route writes the counts; only then the catalog moves on. A failed run leaves it
 *   where it was, so the next run recomputes the same buckets.</li>
 * </ol>
 * Never two runs at once: a run asked for while one is going is refused.
 */
public final class BatchRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int MALFORMED_KEPT = 1000;

    /** Indexes a run's counts: (run id, counts of the touched buckets and the buckets) → result. */
    public interface Indexer {
        IndexResult index(String runId, String sourceFile, List<BucketCount> counts, Set<String> buckets);
    }

    private final S3Client s3;
    private final ArgusConfig.S3 storage;
    private final String bucket;
    private final String metadataPrefix;
    private final String batchPrefix;
    private final Configuration hadoop;
    private final BatchHistory history;
    private final Clock clock;
    private final ReentrantLock running = new ReentrantLock();
    private Indexer indexer;

    /** The runner of this runtime, with S3A and the job runner set from the configuration. */
    public static BatchRunner create(S3Client s3, ArgusConfig config, LocalServices.Endpoints endpoints,
                                     ObjectMapper json, Clock clock) {
        return new BatchRunner(s3, config, HadoopSettings.of(config, endpoints),
                new BatchHistory(s3, json, config.s3().bucket(), config.batch().s3Prefix()), clock);
    }

    BatchRunner(S3Client s3, ArgusConfig config, Configuration hadoop, BatchHistory history, Clock clock) {
        this.s3 = s3;
        this.storage = config.s3();
        this.bucket = config.s3().bucket();
        this.metadataPrefix = config.s3().metadataPrefix();
        this.batchPrefix = config.batch().s3Prefix();
        this.hadoop = hadoop;
        this.history = history;
        this.clock = clock;
    }

    public void indexWith(Indexer indexer) {
        this.indexer = indexer;
    }

    public BatchHistory history() {
        return history;
    }

    /** @throws BatchAlreadyRunningException when a run is going */
    public BatchRun run(String trigger) {
        if (!running.tryLock()) {
            throw new BatchAlreadyRunningException();
        }
        try {
            return runLocked(trigger);
        } finally {
            running.unlock();
        }
    }

    public boolean isRunning() {
        return running.isLocked();
    }

    private BatchRun runLocked(String trigger) {
        Instant start = clock.instant();
        String runId = RUN_ID.format(start) + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        RunBuilder run = new RunBuilder(runId, trigger, start);
        try {
            execute(run);
            run.status = run.error == null ? BatchRun.Status.SUCCEEDED : BatchRun.Status.FAILED;
        } catch (Exception | LinkageError e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.error("Batch run {} failed", runId, e);
            run.status = BatchRun.Status.FAILED;
            run.error = e.toString();
        }
        BatchRun finished = run.build(clock.instant());
        history.record(finished);
        LOG.info("Batch run {} {}: {} objects read, {} detections, {} buckets changed, {} malformed", runId,
                finished.status(), finished.objectsRead(), finished.detectionsCounted(), finished.bucketsChanged(),
                finished.malformed());
        return finished;
    }

    private void execute(RunBuilder run) throws IOException, InterruptedException, ClassNotFoundException {
        Map<String, MetadataObject> listed = listMetadata();
        run.objectsListed = listed.size();
        Catalog catalog = Catalog.load(s3, bucket, catalogKey());
        Set<String> touched = new TreeSet<>();
        List<MetadataObject> changed = new ArrayList<>();
        for (MetadataObject object : listed.values()) {
            Catalog.Entry known = catalog.get(object.key()).orElse(null);
            if (known == null || !known.etag().equals(object.etag())) {
                changed.add(object);
                if (known != null && !known.bucket().isEmpty()) {
                    touched.add(known.bucket());
                }
            }
        }
        List<String> deleted = catalog.entries().keySet().stream().filter(key -> !listed.containsKey(key)).toList();
        for (String key : deleted) {
            catalog.get(key).map(Catalog.Entry::bucket).filter(b -> !b.isEmpty()).ifPresent(touched::add);
            catalog.remove(key);
        }
        if (changed.isEmpty() && deleted.isEmpty()) {
            run.mode = "unchanged";
            run.indexVerified = null;
            return;
        }
        String runPrefix = batchPrefix + "runs/" + run.runId + "/";
        run.outputPath = ImageKey.uri(storage, runPrefix);
        Map<String, String> malformed = new LinkedHashMap<>();
        long jobStart = System.nanoTime();
        List<MetadataObject> countInput;
        if (catalog.isEmpty()) {
            run.mode = "full";
            countInput = new ArrayList<>(listed.values());
        } else {
            run.mode = "incremental";
            JobOutput scan = runJob(runPrefix + "scan", changed, true);
            remember(scan, catalog, listed, touched, malformed);
            countInput = listed.values().stream()
                    .filter(object -> catalog.get(object.key()).map(e -> touched.contains(e.bucket())).orElse(false))
                    .toList();
        }
        JobOutput counted = runJob(runPrefix + "counts", countInput, false);
        remember(counted, catalog, listed, touched, malformed);
        run.objectsRead = counted.counter(CountJob.Records.OBJECTS);
        run.detections = counted.counter(CountJob.Records.DETECTIONS);
        run.countsOut = counted.counts.size();
        run.malformed = malformed.size();
        malformed.entrySet().stream().limit(MALFORMED_KEPT)
                .forEach(e -> run.malformedObjects.add(new BatchRun.Malformed(e.getKey(), e.getValue())));
        run.bucketsChanged = touched.size();
        run.jobMillis = (System.nanoTime() - jobStart) / 1_000_000;

        long indexStart = System.nanoTime();
        IndexResult indexed = indexer.index(run.runId, run.outputPath + "counts/", counted.counts, touched);
        run.indexMillis = (System.nanoTime() - indexStart) / 1_000_000;
        run.documentsIndexed = indexed.indexed();
        run.documentsRemoved = indexed.removed();
        run.documentsRejected = indexed.rejected().size();
        run.indexVerified = indexed.verified();
        if (!indexed.verified()) {
            run.error = "the index does not hold what the run produced: " + indexed.verification();
            return;
        }
        if (!indexed.rejected().isEmpty()) {
            // Not lost: they are on the dead-letter topic, and the catalog stays, so the next run
            // (after the cause is fixed, e.g. the index mapping) writes them again.
            run.error = indexed.rejected().size() + " documents were rejected by Elasticsearch, e.g. "
                    + indexed.rejected().get(0).reason() + "; see the dead-letter topic";
            return;
        }
        catalog.save(s3, bucket, catalogKey());
    }

    /** A pass's findings: each object's bucket into the catalog, its bucket as touched, its errors. */
    private static void remember(JobOutput output, Catalog catalog, Map<String, MetadataObject> listed,
                                 Set<String> touched, Map<String, String> malformed) {
        output.catalog.forEach((key, bucketStart) -> {
            catalog.put(key, listed.get(key).etag(), bucketStart);
            if (!bucketStart.isEmpty()) {
                touched.add(bucketStart);
            }
        });
        malformed.putAll(output.errors);
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

    /** Writes the manifest of the objects, runs the job over it and reads its output back. */
    private JobOutput runJob(String prefix, List<MetadataObject> objects, boolean catalogOnly)
            throws IOException, InterruptedException, ClassNotFoundException {
        StringBuilder manifest = new StringBuilder(objects.size() * 80);
        for (MetadataObject object : objects) {
            manifest.append(s3a(object.key())).append('\t').append(object.size()).append('\n');
        }
        String manifestKey = prefix + ".manifest";
        s3.putObject(r -> r.bucket(bucket).key(manifestKey), RequestBody.fromString(manifest.toString()));
        Configuration conf = new Configuration(hadoop);
        conf.setBoolean(CountJob.CATALOG_ONLY, catalogOnly);
        Job job = CountJob.create(conf, new Path(s3a(manifestKey)), new Path(s3a(prefix)));
        if (!job.waitForCompletion(false)) {
            throw new IllegalStateException("the count job " + job.getJobID() + " failed: " + job.getStatus()
                    .getFailureInfo());
        }
        JobOutput output = new JobOutput(job.getCounters());
        String s3aPrefix = ImageKey.s3aUri(storage, "");
        readLines(prefix + "/catalog/", (key, value) -> output.catalog.put(key.substring(s3aPrefix.length()), value));
        readLines(prefix + "/errors/", (key, value) -> output.errors.put(key.substring(s3aPrefix.length()), value));
        if (!catalogOnly) {
            readLines(prefix + "/part-r-", (key, value) -> output.counts.add(BucketCount.parse(key + "\t" + value)));
        }
        return output;
    }

    private String s3a(String key) {
        return ImageKey.s3aUri(storage, key);
    }

    /** Every line {@code key\tvalue} of the objects under the prefix; the value is after the last tab. */
    private void readLines(String prefix, BiFunction<String, String, ?> consumer) {
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
            if (object.key().endsWith("/")) {
                continue;
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                    s3.getObject(r -> r.bucket(bucket).key(object.key())), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    int tab = line.lastIndexOf('\t');
                    consumer.apply(line.substring(0, tab), line.substring(tab + 1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read s3://" + bucket + "/" + object.key(), e);
            }
        }
    }

    private static final class JobOutput {
        final Map<String, String> catalog = new HashMap<>();
        final Map<String, String> errors = new LinkedHashMap<>();
        final List<BucketCount> counts = new ArrayList<>();
        final Counters counters;

        JobOutput(Counters counters) {
            this.counters = counters;
        }

        long counter(CountJob.Records record) {
            return counters.findCounter(record).getValue();
        }
    }

    /** The run as it goes; {@link #build} freezes it for the history. */
    private static final class RunBuilder {
        final String runId;
        final String trigger;
        final Instant start;
        BatchRun.Status status;
        String mode;
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
        long indexMillis;
        String outputPath;
        String error;

        RunBuilder(String runId, String trigger, Instant start) {
            this.runId = runId;
            this.trigger = trigger;
            this.start = start;
        }

        BatchRun build(Instant end) {
            return new BatchRun(runId, trigger, start.toString(), end.toString(), status, mode, objectsListed,
                    objectsRead, detections, countsOut, malformed, List.copyOf(malformedObjects), bucketsChanged,
                    documentsIndexed, documentsRemoved, documentsRejected, indexVerified, jobMillis, indexMillis,
                    outputPath, error);
        }
    }
}
