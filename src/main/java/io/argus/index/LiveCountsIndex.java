package io.argus.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import com.fasterxml.jackson.databind.JsonNode;
import io.argus.errors.PoisonMessageException;
import io.argus.services.ElasticsearchIndex;
import io.argus.shared.BucketSize;
import io.argus.shared.MetadataRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The speed layer: per image and label, the count the batch job will find for that image (the same
 * parsing, event time, bucket and minimum confidence as the job's mapper), one document each with an
 * id from the image key and the label. Writing an image again (a redelivery, a replay, a second
 * runtime, a reprocessing) overwrites its own documents, and the labels it no longer has are
 * deleted, so every image counts once. Its documents are {@link CountsDocuments}, as the batch's are.
 */
public final class LiveCountsIndex {
    private static final String REFRESH = "250ms";

    private final ElasticsearchClient es;
    private final String name;
    private final BucketSize bucketSize;
    private final double minConfidence;
    private final ElasticsearchIndex index;

    /**
     * The index refreshes four times a second (Elasticsearch's default is once): a count is visible
     * sooner, at a cost bounded whatever the rate of images.
     */
    public LiveCountsIndex(ElasticsearchClient es, String name, BucketSize bucketSize, double minConfidence) {
        this.es = es;
        this.name = name;
        this.bucketSize = bucketSize;
        this.minConfidence = minConfidence;
        this.index = ElasticsearchIndex.of(es, name, s -> s.refreshInterval(t -> t.time(REFRESH)),
                m -> CountsDocuments.mapping(m).properties("image_key", p -> p.keyword(k -> k)));
    }

    /** One image's counts: the bucket of its event time and, per label, its detections at or above the minimum confidence. */
    public record ImageCounts(String imageKey, Instant bucket, Map<String, Long> labels) {
    }

    /** The counts of a detection event (it carries the metadata's event time and detections), as the job counts the metadata. */
    public ImageCounts counts(String imageKey, JsonNode event) {
        MetadataRecord record;
        try {
            record = MetadataRecord.of(event);
        } catch (MetadataRecord.Malformed e) {
            throw new PoisonMessageException("malformed detection event: " + e.getMessage());
        }
        Map<String, Long> labels = new TreeMap<>();
        for (MetadataRecord.Labelled detection : record.detections()) {
            if (detection.confidence() >= minConfidence) {
                labels.merge(detection.label(), 1L, Long::sum);
            }
        }
        return new ImageCounts(imageKey, bucketSize.bucketOf(record.eventTime()), labels);
    }

    /**
     * Writes an image's counts and deletes those of the labels it had before and has no more
     * ({@code previous}: the labels written last time, as the detections index keeps them).
     */
    public void write(ImageCounts counts, Set<String> previous) throws IOException {
        index.ensure();
        List<BulkOperation> operations = new ArrayList<>();
        for (String gone : previous) {
            if (!counts.labels().containsKey(gone)) {
                operations.add(BulkOperation.of(o -> o.delete(d -> d.index(name).id(id(counts.imageKey(), gone)))));
            }
        }
        counts.labels().forEach((label, count) -> {
            Map<String, Object> document = CountsDocuments.document(label, count, counts.bucket().toString());
            document.put("image_key", counts.imageKey());
            operations.add(BulkOperation.of(o -> o.index(i -> i.index(name).id(id(counts.imageKey(), label))
                    .document(document))));
        });
        if (operations.isEmpty()) {
            return;
        }
        BulkResponse response = es.bulk(b -> b.operations(operations));
        // A delete of a document already gone (an earlier attempt) is no error.
        List<String> errors = response.items().stream().filter(item -> item.error() != null)
                .map(item -> item.id() + ": " + item.error().reason()).toList();
        if (!errors.isEmpty()) {
            throw new IOException("the live counts index refused " + errors);
        }
    }

    /** The document id of an image's label: deterministic, and short however long the key. */
    static String id(String imageKey, String label) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((imageKey + "\n" + label).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
