package io.argus.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.config.ArgusConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The batch runs, newest first: one JSON object per run under {@code <batch prefix>history/}. */
public final class BatchHistory {
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
}
