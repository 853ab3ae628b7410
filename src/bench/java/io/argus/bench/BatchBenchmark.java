package io.argus.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import io.argus.batch.BatchRun;
import io.argus.index.BucketCount;
import io.argus.shared.BucketSize;
import io.argus.shared.MetadataRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The batch flow against plain loops, in the same run: the MapReduce count job (local job runner)
 * against one thread that reads the same S3 objects and counts; the index route against a plain
 * {@code _bulk} loop over the same documents with the same batch size.
 */
@Command(name = "batch", description = "Count job and indexing throughput against plain loops.")
public final class BatchBenchmark implements Callable<Integer> {
    @Option(names = "--objects", defaultValue = "20000", description = "Metadata objects (default: ${DEFAULT-VALUE}).")
    int objects;

    @Option(names = "--max-detections", defaultValue = "100",
            description = "Detections per object, 0 to this at random (default: ${DEFAULT-VALUE}, about 1,000,000 in all).")
    int maxDetections;

    @Option(names = "--hours", defaultValue = "200", description = "Hours the metadata spans; buckets are minutes"
            + " (default: ${DEFAULT-VALUE}).")
    int hours;

    @Override
    public Integer call() throws Exception {
        try (BenchWorkspace workspace = new BenchWorkspace("batch")) {
            Properties settings = workspace.settings();
            settings.setProperty("argus.batch.bucket", "minute");
            try (RunningArgus argus = RunningArgus.start(settings)) {
                run(argus);
            }
        }
        return 0;
    }

    private void run(RunningArgus argus) throws Exception {
        SyntheticMetadata metadata = new SyntheticMetadata(1, Instant.parse("2026-01-01T00:00:00Z"), hours,
                maxDetections);
        upload(argus, metadata);
        System.out.printf("%nBatch benchmark: %,d metadata objects, %,d detections over %d hours, minute buckets%n",
                objects, metadata.totalDetections(), hours);

        long start = System.nanoTime();
        Map<String, Long> plainCounts = plainCount(argus);
        double plainSeconds = (System.nanoTime() - start) / 1e9;
        long plainDetections = plainCounts.values().stream().mapToLong(Long::longValue).sum();
        double bulkRate = plainBulk(argus, plainCounts);

        BatchRun run = argus.runBatch("bench");
        if (run.status() != BatchRun.Status.SUCCEEDED) {
            throw new IllegalStateException("the batch run failed: " + run.error());
        }
        double jobRate = run.detectionsCounted() / (run.jobMillis() / 1000.0);
        double plainRate = plainDetections / plainSeconds;
        System.out.printf("  plain loop (1 thread, S3 GET + parse + count): %,12.0f detections/s (%.1f s)%n",
                plainRate, plainSeconds);
        System.out.printf("  MapReduce count job (local runner):            %,12.0f detections/s (%.1f s)%n",
                jobRate, run.jobMillis() / 1000.0);
        System.out.printf("  ratio job / plain loop:                        %12.2f%n", jobRate / plainRate);

        double indexRate = run.documentsIndexed() / (run.indexMillis() / 1000.0);
        System.out.printf("  plain _bulk loop (batches of %d):             %,12.0f docs/s%n",
                argus.config().index().batchSize(), bulkRate);
        System.out.printf("  index route (%,d docs, with checks):         %,12.0f docs/s (%.1f s)%n",
                run.documentsIndexed(), indexRate, run.indexMillis() / 1000.0);
        System.out.printf("  ratio index route / plain _bulk:               %12.2f%n", indexRate / bulkRate);
    }

    private void upload(RunningArgus argus, SyntheticMetadata metadata) throws Exception {
        String bucket = argus.config().s3().bucket();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < objects; i++) {
                byte[] content = metadata.next(i);
                String key = "metadata/bench/cam-" + (i % 10) + "/img_" + i + ".json";
                puts.add(pool.submit(() -> argus.s3().putObject(r -> r.bucket(bucket).key(key),
                        RequestBody.fromBytes(content))));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** The same objects, listed, read and counted per (label, minute) by one thread. */
    private static Map<String, Long> plainCount(RunningArgus argus) throws Exception {
        String bucket = argus.config().s3().bucket();
        Map<String, Long> counts = new HashMap<>();
        for (S3Object object : argus.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix("metadata/"))
                .contents()) {
            if (object.key().endsWith("/")) {
                continue;
            }
            MetadataRecord record = MetadataRecord.parse(argus.s3().getObjectAsBytes(r -> r.bucket(bucket)
                    .key(object.key())).asByteArray());
            String minute = BucketSize.MINUTE.bucketOf(record.eventTime()).toString();
            for (MetadataRecord.Labelled detection : record.detections()) {
                counts.merge(detection.label() + "\t" + minute, 1L, Long::sum);
            }
        }
        return counts;
    }

    /**
     * The plain loop's counts as the same documents, bulk-indexed into another index in batches of
     * the same size. It runs before the index route, so neither finds Elasticsearch warmed up by the other.
     */
    private static double plainBulk(RunningArgus argus, Map<String, Long> counts) throws IOException {
        ElasticsearchClient es = argus.elasticsearch();
        int batchSize = argus.config().index().batchSize();
        List<BulkOperation> batch = new ArrayList<>();
        long start = System.nanoTime();
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            String[] labelAndBucket = entry.getKey().split("\t");
            BucketCount count = new BucketCount(labelAndBucket[0], labelAndBucket[1], entry.getValue());
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("label", count.label());
            document.put("count", count.count());
            document.put("time_bucket", count.bucket());
            document.put("@timestamp", count.bucket());
            document.put("s3_source_file", "bench");
            document.put("run_id", "bench");
            document.put("time_bucket_key", count.bucket());
            batch.add(BulkOperation.of(b -> b.index(i -> i.index("bench-plain-bulk").id(count.documentId())
                    .document(document))));
            if (batch.size() == batchSize) {
                es.bulk(b -> b.operations(batch));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            es.bulk(b -> b.operations(batch));
        }
        return counts.size() / ((System.nanoTime() - start) / 1e9);
    }
}
