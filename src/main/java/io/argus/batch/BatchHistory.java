package io.argus.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.config.ArgusConfig;
import io.argus.hadoop.BucketSize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The batch runs, newest first: one JSON object per run under {@code <batch prefix>history/}. */
public final class BatchHistory {
    /** The runs looked at for the last successful one. */
    private static final int RUNS_SEARCHED = 50;
    private final S3Client s3;
    private final ObjectMapper json;
    private final String bucket;
    private final String prefix;

    /** The run history of this configuration's batch flow, read with this client. */
    public static BatchHistory of(S3Client s3, ObjectMapper json, ArgusConfig config) {
        return new BatchHistory(s3, json, config.s3().bucket(), config.batch().s3Prefix());
    }

    BatchHistory(S3Client s3, ObjectMapper json, String bucket, String batchPrefix) {
        this.s3 = s3;
        this.json = json;
        this.bucket = bucket;
        this.prefix = batchPrefix + "history/";
    }

    /** The same history, read and written through another client (one with a deadline, for requests). */
    public BatchHistory using(S3Client client) {
        return new BatchHistory(client, json, bucket, prefix.substring(0, prefix.length() - "history/".length()));
    }

    void record(BatchRun run) {
        try {
            s3.putObject(r -> r.bucket(bucket).key(prefix + run.runId() + ".json").contentType("application/json"),
                    RequestBody.fromBytes(json.writeValueAsBytes(run)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The latest runs, newest first (run ids sort by start time). */
    public List<BatchRun> recent(int limit) {
        List<String> keys = s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).filter(key -> key.endsWith(".json"))
                .sorted(Comparator.reverseOrder()).limit(limit).toList();
        List<BatchRun> runs = new ArrayList<>();
        for (String key : keys) {
            try {
                runs.add(json.readValue(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray(),
                        BatchRun.class));
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable batch run s3://" + bucket + "/" + key, e);
            }
        }
        return runs;
    }

    /**
     * Where the last successful run's counts end: the start of the bucket it started in. Every bucket
     * before had ended when it listed the metadata, so it counted them whole. Empty before any run.
     */
    public Optional<Instant> confirmedUntil(BucketSize bucketSize) {
        return recent(RUNS_SEARCHED).stream().filter(run -> run.status() == BatchRun.Status.SUCCEEDED).findFirst()
                .map(run -> bucketSize.bucketOf(Instant.parse(run.start())));
    }
}
