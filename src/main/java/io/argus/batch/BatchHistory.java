package io.argus.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.argus.config.ArgusConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The batch runs: one JSON object per run under {@code <batch prefix>history/newest-first/}
 * ({@link HistoryKeys}: S3 lists them newest first), and {@code <batch prefix>latest.json} with the
 * last run and the last successful one. What the API, the health check and JMX ask every second
 * costs the same however long the history: the last runs are one GET of latest.json, a page of
 * runs is one listing of that many keys and a GET per run.
 *
 * <p>Only the lease holder writes latest.json ({@link #advanceLatest}), after the run's record, so a
 * runtime that dies between the two leaves latest.json one run behind: the last run is the one
 * before, and {@code confirmed_until} no later than what is confirmed. The holder's next run folds
 * such runs in.
 */
public final class BatchHistory {
    private static final Logger LOG = LoggerFactory.getLogger(BatchHistory.class);
    /** The runs a new latest.json looks through for those recorded since the last one. */
    private static final int RUNS_SEARCHED = 50;
    /** The most runs one listing gives: one page of S3's. */
    public static final int MAX_LISTED = 1000;
    private final S3Client s3;
    private final ObjectMapper json;
    private final String bucket;
    private final String batchPrefix;
    private final HistoryKeys keys;

    /** The last run and the last successful one ({@code null} when none of those looked at succeeded). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Latest(BatchRun lastRun, BatchRun lastSuccess) {
        Optional<BatchRun> success() {
            return Optional.ofNullable(lastSuccess);
        }
    }

    /** The run history of this configuration's batch flow, read with this client. */
    public static BatchHistory of(S3Client s3, ObjectMapper json, ArgusConfig config) {
        return new BatchHistory(s3, json, config.s3().bucket(), config.batch().s3Prefix());
    }

    BatchHistory(S3Client s3, ObjectMapper json, String bucket, String batchPrefix) {
        this.s3 = s3;
        this.json = json;
        this.bucket = bucket;
        this.batchPrefix = batchPrefix;
        this.keys = new HistoryKeys(batchPrefix);
    }

    /** Keeps the run in the history. */
    void record(BatchRun run) {
        put(keys.of(run), run);
    }

    /**
     * Moves latest.json on to this run, which the lease holder has just recorded. First the records
     * runtimes of earlier versions kept as {@code history/<run id>.json} move to the newest-first
     * layout (after an upgrade; in the steady state this is one listing that finds none). Then the
     * runs recorded since latest.json was last written (by a runtime that died before writing it, or
     * by a run that could not take the lease) are folded in: they are the newest keys down to the
     * last run latest.json names, at most {@value #RUNS_SEARCHED} of them, from one listing.
     */
    void advanceLatest(BatchRun run) {
        moveEarlierVersionsRecords();
        Optional<Latest> previous = latest();
        Optional<String> lastKnown = previous.map(known -> keys.of(known.lastRun()));
        String recorded = keys.of(run);
        List<BatchRun> unseen = new ArrayList<>();
        for (String key : listKeys(keys.newest(), RUNS_SEARCHED)) {
            if (lastKnown.filter(key::equals).isPresent()) {
                break;
            }
            unseen.add(key.equals(recorded) ? run : read(key));
        }
        BatchRun last = unseen.isEmpty() ? run : unseen.get(0);
        BatchRun success = unseen.stream().filter(BatchHistory::succeeded).findFirst()
                .or(() -> previous.flatMap(Latest::success)).orElse(null);
        put(keys.latest(), new Latest(last, success));
    }

    private void moveEarlierVersionsRecords() {
        List<String> moved = new ArrayList<>();
        s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(keys.earlierVersionsPrefix()).delimiter("/"))
                .contents().stream().map(S3Object::key).filter(key -> key.endsWith(".json")).forEach(key -> {
                    BatchRun run = read(key);
                    put(keys.of(run), run);
                    moved.add(key);
                });
        // Deleted once all are copied: a runtime that dies in between moves them again, to the same keys.
        // One by one: s3proxy refuses the checksum the SDK sends with a multi-object delete.
        moved.forEach(key -> s3.deleteObject(r -> r.bucket(bucket).key(key)));
        if (!moved.isEmpty()) {
            LOG.info("Moved {} batch runs recorded by an earlier version to {}", moved.size(), keys.newest());
        }
    }

    /** The last run and the last successful one, from one GET; empty before the first run. */
    public Optional<Latest> latest() {
        try {
            return Optional.of(json.readValue(s3.getObjectAsBytes(r -> r.bucket(bucket).key(keys.latest()))
                    .asByteArray(), Latest.class));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable s3://" + bucket + "/" + keys.latest(), e);
        }
    }

    public Optional<BatchRun> lastRun() {
        return latest().map(Latest::lastRun);
    }

    /** The latest runs, newest first: one listing of {@code limit} keys and a GET per run. */
    public List<BatchRun> recent(int limit) {
        return runs(keys.newest(), limit);
    }

    /** The latest runs that started before this time, newest first: the page after a run's start. */
    public List<BatchRun> startedBefore(Instant before, int limit) {
        return runs(keys.startedBefore(before), limit);
    }

    /** When the last successful run started (its counts end in that bucket: {@code CountsBoundary}), empty before any. */
    public Optional<Instant> lastSuccessStart() {
        return latest().flatMap(Latest::success).map(run -> Instant.parse(run.start()));
    }

    private List<BatchRun> runs(String startAfter, int limit) {
        if (limit < 1 || limit > MAX_LISTED) {
            throw new IllegalArgumentException("from 1 to " + MAX_LISTED + " runs at a time, not " + limit);
        }
        return listKeys(startAfter, limit).stream().map(this::read).toList();
    }

    /**
     * Up to {@code limit} run keys after {@code startAfter}, in S3's order (newest first). Pages go
     * on only where a page held something else (a folder, as S3-compatible servers with a filesystem
     * backend list them), so this is one listing.
     */
    private List<String> listKeys(String startAfter, int limit) {
        List<String> found = new ArrayList<>();
        String token = null;
        do {
            String continuation = token;
            int wanted = limit - found.size();
            ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket(bucket).prefix(keys.newest())
                    .startAfter(startAfter).maxKeys(wanted).continuationToken(continuation));
            page.contents().stream().map(S3Object::key).filter(keys::isRun).forEach(found::add);
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null && found.size() < limit);
        return found;
    }

    private BatchRun read(String key) {
        try {
            return json.readValue(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray(), BatchRun.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable batch run s3://" + bucket + "/" + key, e);
        }
    }

    private void put(String key, Object value) {
        try {
            s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/json"),
                    RequestBody.fromBytes(json.writeValueAsBytes(value)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean succeeded(BatchRun run) {
        return run.status() == BatchRun.Status.SUCCEEDED;
    }
}
