package io.argus.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.transport.TransportException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.config.ArgusConfig;
import io.argus.services.ElasticsearchIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk-indexes a run's counts into the counts index (created with its mapping when missing), one
 * document per (label, bucket) with a deterministic id, so a re-run overwrites and never duplicates.
 * The client's {@link BulkIngester} batches by count and by bytes; a document Elasticsearch rejects
 * is reported, not retried. Then it removes the touched buckets' documents this run did not write
 * (a label that disappeared from a bucket) and checks that the index holds exactly the run's counts
 * for those buckets. A passing failure (connection, 429, 5xx) ends the call with an exception that
 * {@link #retryable} recognises: the index route redelivers the whole step, which is idempotent.
 */
public final class CountsIndexer {
    private static final Logger LOG = LoggerFactory.getLogger(CountsIndexer.class);
    /**
     * The bucket start again, as a keyword: a terms query on it is one set lookup, where on the
     * date field it is one range clause per value.
     */
    private static final String BUCKET_KEY = "time_bucket_key";
    private static final int BUCKETS_PER_QUERY = 10_000;

    private final ElasticsearchClient es;
    private final ArgusConfig.Index config;
    private final ObjectMapper json;
    private final ElasticsearchIndex countsIndex;

    public CountsIndexer(ElasticsearchClient es, ArgusConfig.Index config, ObjectMapper json) {
        this.es = es;
        this.config = config;
        this.json = json;
        this.countsIndex = ElasticsearchIndex.of(es, config.name(), m -> CountsDocuments.mapping(m)
                .properties("@timestamp", p -> p.date(d -> d))
                .properties("s3_source_file", p -> p.keyword(k -> k))
                .properties("run_id", p -> p.keyword(k -> k))
                .properties(BUCKET_KEY, p -> p.keyword(k -> k)));
    }

    /**
     * @param runId     written into each document, to tell this run's documents from stale ones
     * @param counts    every count of the touched buckets
     * @param buckets   the touched buckets (ISO-8601 starts)
     */
    public IndexResult index(String runId, String sourceFile, List<BucketCount> counts, Collection<String> buckets)
            throws IOException {
        long started = System.nanoTime();
        // Asked at every run: a run is rare, and an index deleted meanwhile would come back with guessed types.
        countsIndex.create();
        Written written = write(runId, sourceFile, counts);
        long wrote = System.nanoTime();
        long removed = buckets.isEmpty() ? 0 : removeStale(runId, buckets);
        long cleaned = System.nanoTime();
        IndexResult result = verify(counts, buckets, written.documents.get(), removed, List.copyOf(written.rejected));
        LOG.info("Indexed {} documents in {} ms, removed {} stale ones in {} ms, checked the index in {} ms: {}",
                written.documents.get(), (wrote - started) / 1_000_000, removed, (cleaned - wrote) / 1_000_000,
                (System.nanoTime() - cleaned) / 1_000_000, result.verified() ? "exact" : result.verification());
        return result;
    }

    /** What the bulk requests of one call did, as their responses arrive. */
    private static final class Written implements BulkListener<BucketCount> {
        final AtomicLong documents = new AtomicLong();
        final List<IndexResult.Rejected> rejected = Collections.synchronizedList(new ArrayList<>());
        final List<String> refusedForNow = Collections.synchronizedList(new ArrayList<>());
        final List<Throwable> failed = Collections.synchronizedList(new ArrayList<>());
        private final Function<BucketCount, String> document;

        Written(Function<BucketCount, String> document) {
            this.document = document;
        }

        @Override
        public void beforeBulk(long executionId, BulkRequest request, List<BucketCount> contexts) {
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<BucketCount> contexts, BulkResponse response) {
            for (int i = 0; i < response.items().size(); i++) {
                BulkResponseItem item = response.items().get(i);
                if (item.error() == null) {
                    documents.incrementAndGet();
                } else if (item.status() == 429 || item.status() >= 500) {
                    refusedForNow.add(item.id() + ": " + item.error().reason());
                } else {
                    rejected.add(new IndexResult.Rejected(item.id(), item.error().type() + ": "
                            + item.error().reason(), document.apply(contexts.get(i))));
                }
            }
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<BucketCount> contexts, Throwable failure) {
            failed.add(failure);
        }
    }

    private Written write(String runId, String sourceFile, List<BucketCount> counts) {
        Written written = new Written(count -> {
            try {
                return json.writeValueAsString(document(count, runId, sourceFile));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try (BulkIngester<BucketCount> ingester = BulkIngester.of(b -> b.client(es)
                .maxOperations(config.batchSize())
                .maxSize(config.batchBytes())
                .maxConcurrentRequests(1)
                .listener(written))) {
            for (BucketCount count : counts) {
                ingester.add(op -> op.index(i -> i.index(config.name()).id(count.documentId())
                        .document(document(count, runId, sourceFile))), count);
            }
        }
        if (!written.failed.isEmpty()) {
            throw new IndexingException("a bulk request to Elasticsearch failed: " + written.failed.get(0),
                    written.failed.get(0));
        }
        if (!written.refusedForNow.isEmpty()) {
            throw new IndexingException(written.refusedForNow.size() + " documents were refused for now (429 or 5xx),"
                    + " e.g. " + written.refusedForNow.get(0), null);
        }
        return written;
    }

    private static Map<String, Object> document(BucketCount count, String runId, String sourceFile) {
        Map<String, Object> document = CountsDocuments.document(count.label(), count.count(), count.bucket());
        document.put("@timestamp", count.bucket());
        document.put("s3_source_file", sourceFile);
        document.put("run_id", runId);
        document.put(BUCKET_KEY, count.bucket());
        return document;
    }

    /**
     * Deletes the touched buckets' documents not written by this run. The distribution has no
     * delete-by-query, so: refresh (the run's writes must be visible), find, bulk-delete, repeat.
     */
    private long removeStale(String runId, Collection<String> buckets) throws IOException {
        long removed = 0;
        for (List<FieldValue> chunk : chunks(buckets)) {
            while (true) {
                es.indices().refresh(r -> r.index(config.name()));
                List<String> stale = es.search(s -> s.index(config.name()).size(config.batchSize())
                                .source(f -> f.fetch(false))
                                .query(q -> q.bool(b -> b
                                        .filter(f -> f.terms(t -> t.field(BUCKET_KEY).terms(v -> v.value(chunk))))
                                        .mustNot(n -> n.term(t -> t.field("run_id").value(runId))))), Void.class)
                        .hits().hits().stream().map(Hit::id).toList();
                if (stale.isEmpty()) {
                    break;
                }
                es.bulk(b -> b.operations(stale.stream().map(id -> BulkOperation.of(o -> o.delete(d -> d
                        .index(config.name()).id(id)))).toList()));
                removed += stale.size();
            }
        }
        return removed;
    }

    private IndexResult verify(List<BucketCount> counts, Collection<String> buckets, long indexed, long removed,
                               List<IndexResult.Rejected> rejected) throws IOException {
        Set<String> rejectedIds = new HashSet<>();
        rejected.forEach(document -> rejectedIds.add(document.documentId()));
        List<BucketCount> written = counts.stream().filter(count -> !rejectedIds.contains(count.documentId())).toList();
        long expectedDocuments = written.size();
        long expectedSum = written.stream().mapToLong(BucketCount::count).sum();
        es.indices().refresh(r -> r.index(config.name()));
        long documents = 0;
        long sum = 0;
        for (List<FieldValue> chunk : chunks(buckets)) {
            SearchResponse<Void> response = es.search(s -> s.index(config.name()).size(0)
                    .trackTotalHits(t -> t.enabled(true))
                    .query(q -> q.terms(t -> t.field(BUCKET_KEY).terms(v -> v.value(chunk))))
                    .aggregations("total", a -> a.sum(total -> total.field(CountsDocuments.COUNT))), Void.class);
            documents += response.hits().total().value();
            sum += Math.round(response.aggregations().get("total").sum().value());
        }
        boolean verified = documents == expectedDocuments && sum == expectedSum;
        String verification = String.format("%d documents with a total count of %d in %d buckets; the run produced"
                + " %d documents with a total of %d", documents, sum, buckets.size(), expectedDocuments, expectedSum);
        return new IndexResult(indexed, removed, rejected, verified, verification);
    }

    /** Buckets in groups small enough for one terms query. */
    private static List<List<FieldValue>> chunks(Collection<String> buckets) {
        List<FieldValue> values = buckets.stream().map(FieldValue::of).toList();
        List<List<FieldValue>> chunks = new ArrayList<>();
        for (int i = 0; i < values.size(); i += BUCKETS_PER_QUERY) {
            chunks.add(values.subList(i, Math.min(values.size(), i + BUCKETS_PER_QUERY)));
        }
        return chunks;
    }

    /** Whether a failure of {@link #index} may pass: Elasticsearch unreachable, overloaded (429) or failing (5xx). */
    public static boolean retryable(Throwable e) {
        if (e instanceof IndexingException) {
            return e.getCause() == null || retryable(e.getCause());
        }
        if (e instanceof IOException) {
            return true;
        }
        if (e instanceof ElasticsearchException es) {
            return es.status() == 429 || es.status() >= 500;
        }
        if (e instanceof TransportException transport) {
            return transport.statusCode() == 429 || transport.statusCode() >= 500 || transport.getCause() instanceof IOException;
        }
        return e.getCause() instanceof IOException;
    }

    /** Elasticsearch failed a bulk request or refused documents for now: worth trying again. */
    public static final class IndexingException extends RuntimeException {
        IndexingException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
