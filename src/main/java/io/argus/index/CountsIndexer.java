package io.argus.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.transport.TransportException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.ElasticsearchClients;
import io.argus.config.ArgusConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk-indexes a run's counts into the counts index (created with its mapping when missing), one
 * document per (label, bucket) with a deterministic id, so a re-run overwrites and never duplicates.
 * Batches by count and by bytes; retries with exponential backoff on 429, 5xx and connection errors,
 * resending only the documents that failed; a document Elasticsearch rejects is reported, not retried.
 * Then it removes the touched buckets' documents this run did not write (a label that disappeared
 * from a bucket) and checks that the index holds exactly the run's counts for those buckets.
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
    private final Retry retry;

    public CountsIndexer(ElasticsearchClient es, ArgusConfig.Index config, ObjectMapper json) {
        this.es = es;
        this.config = config;
        this.json = json;
        this.retry = Retry.of("bulk-index", RetryConfig.custom()
                .maxAttempts(config.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(config.retryInitialDelay().toMillis(), 2.0,
                        config.retryMaxDelay().toMillis()))
                .retryOnException(CountsIndexer::retryable)
                .build());
        retry.getEventPublisher().onRetry(event -> LOG.warn("Elasticsearch request failed (attempt {}), retrying in {}: {}",
                event.getNumberOfRetryAttempts(), event.getWaitInterval(), event.getLastThrowable().toString()));
    }

    /** Calls {@code failedCall} for every Elasticsearch call that failed, whether it is retried or not. */
    public void onFailedCall(Runnable failedCall) {
        retry.getEventPublisher().onRetry(event -> failedCall.run()).onError(event -> failedCall.run());
    }

    /**
     * @param runId     written into each document, to tell this run's documents from stale ones
     * @param counts    every count of the touched buckets
     * @param buckets   the touched buckets (ISO-8601 starts)
     */
    public IndexResult index(String runId, String sourceFile, List<BucketCount> counts, Collection<String> buckets) {
        long started = System.nanoTime();
        call(() -> {
            ensureIndex();
            return null;
        });
        long indexed = 0;
        List<IndexResult.Rejected> rejected = new ArrayList<>();
        Map<String, Map<String, Object>> batch = new LinkedHashMap<>();
        long batchBytes = 0;
        for (BucketCount count : counts) {
            Map<String, Object> document = document(count, runId, sourceFile);
            batch.put(count.documentId(), document);
            batchBytes += bytes(document) + count.documentId().length() + 64;
            if (batch.size() >= config.batchSize() || batchBytes >= config.batchBytes()) {
                indexed += send(batch, rejected);
                batch = new LinkedHashMap<>();
                batchBytes = 0;
            }
        }
        if (!batch.isEmpty()) {
            indexed += send(batch, rejected);
        }
        long written = System.nanoTime();
        long removed = buckets.isEmpty() ? 0 : removeStale(runId, buckets);
        long cleaned = System.nanoTime();
        IndexResult result = verify(counts, buckets, indexed, removed, rejected);
        LOG.info("Indexed {} documents in {} ms, removed {} stale ones in {} ms, checked the index in {} ms: {}",
                indexed, (written - started) / 1_000_000, removed, (cleaned - written) / 1_000_000,
                (System.nanoTime() - cleaned) / 1_000_000, result.verified() ? "exact" : result.verification());
        return result;
    }

    private void ensureIndex() throws IOException {
        ElasticsearchClients.createIndexIfMissing(es, config.name(), m -> m
                .properties("label", p -> p.keyword(k -> k))
                .properties("count", p -> p.integer(i -> i))
                .properties("time_bucket", p -> p.date(d -> d))
                .properties("@timestamp", p -> p.date(d -> d))
                .properties("s3_source_file", p -> p.keyword(k -> k))
                .properties("run_id", p -> p.keyword(k -> k))
                .properties(BUCKET_KEY, p -> p.keyword(k -> k)));
    }

    private static Map<String, Object> document(BucketCount count, String runId, String sourceFile) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("label", count.label());
        document.put("count", count.count());
        document.put("time_bucket", count.bucket());
        document.put("@timestamp", count.bucket());
        document.put("s3_source_file", sourceFile);
        document.put("run_id", runId);
        document.put(BUCKET_KEY, count.bucket());
        return document;
    }

    private long bytes(Map<String, Object> document) {
        try {
            return json.writeValueAsBytes(document).length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One batch, retried until every document is written or rejected for good. */
    private long send(Map<String, Map<String, Object>> batch, List<IndexResult.Rejected> rejected) {
        Map<String, Map<String, Object>> pending = new LinkedHashMap<>(batch);
        long[] written = {0};
        call(() -> {
            List<BulkOperation> operations = new ArrayList<>(pending.size());
            pending.forEach((id, document) -> operations.add(BulkOperation.of(b -> b.index(i -> i
                    .index(config.name()).id(id).document(document)))));
            BulkResponse response = es.bulk(b -> b.operations(operations));
            for (BulkResponseItem item : response.items()) {
                if (item.error() == null) {
                    written[0]++;
                    pending.remove(item.id());
                } else if (item.status() == 429 || item.status() >= 500) {
                    LOG.debug("Document {} will be retried: {}", item.id(), item.error().reason());
                } else {
                    rejected.add(new IndexResult.Rejected(item.id(), item.error().type() + ": " + item.error().reason(),
                            json.writeValueAsString(pending.remove(item.id()))));
                }
            }
            if (!pending.isEmpty()) {
                throw new RetryableDocuments(pending.size() + " documents were refused for now (429 or 5xx)");
            }
            return null;
        });
        return written[0];
    }

    /**
     * Deletes the touched buckets' documents not written by this run. The distribution has no
     * delete-by-query, so: refresh (the run's writes must be visible), find, bulk-delete, repeat.
     */
    private long removeStale(String runId, Collection<String> buckets) {
        long removed = 0;
        for (List<FieldValue> chunk : chunks(buckets)) {
            while (true) {
                List<String> stale = call(() -> {
                    es.indices().refresh(r -> r.index(config.name()));
                    return es.search(s -> s.index(config.name()).size(config.batchSize()).source(f -> f.fetch(false))
                            .query(q -> q.bool(b -> b
                                    .filter(f -> f.terms(t -> t.field(BUCKET_KEY).terms(v -> v.value(chunk))))
                                    .mustNot(n -> n.term(t -> t.field("run_id").value(runId))))), Void.class)
                            .hits().hits().stream().map(Hit::id).toList();
                });
                if (stale.isEmpty()) {
                    break;
                }
                call(() -> es.bulk(b -> b.operations(stale.stream().map(id -> BulkOperation.of(o -> o.delete(d -> d
                        .index(config.name()).id(id)))).toList())));
                removed += stale.size();
            }
        }
        return removed;
    }

    private IndexResult verify(List<BucketCount> counts, Collection<String> buckets, long indexed, long removed,
                               List<IndexResult.Rejected> rejected) {
        Set<String> rejectedIds = new HashSet<>();
        rejected.forEach(document -> rejectedIds.add(document.documentId()));
        List<BucketCount> written = counts.stream().filter(count -> !rejectedIds.contains(count.documentId())).toList();
        long expectedDocuments = written.size();
        long expectedSum = written.stream().mapToLong(BucketCount::count).sum();
        call(() -> es.indices().refresh(r -> r.index(config.name())));
        long documents = 0;
        long sum = 0;
        for (List<FieldValue> chunk : chunks(buckets)) {
            SearchResponse<Void> response = call(() -> es.search(s -> s.index(config.name()).size(0)
                    .trackTotalHits(t -> t.enabled(true))
                    .query(q -> q.terms(t -> t.field(BUCKET_KEY).terms(v -> v.value(chunk))))
                    .aggregations("total", a -> a.sum(total -> total.field("count"))), Void.class));
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

    /** A call to Elasticsearch, made again by the retry policy when it fails for a passing reason. */
    @FunctionalInterface
    private interface ElasticCall<T> {
        T call() throws Exception;
    }

    private <T> T call(ElasticCall<T> call) {
        try {
            return Retry.decorateCheckedSupplier(retry, call::call).get();
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IndexingException("Elasticsearch indexing failed: " + e, e);
        }
    }

    private static boolean retryable(Throwable e) {
        if (e instanceof RetryableDocuments || e instanceof IOException) {
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

    /** Some documents got 429 or 5xx: the batch is sent again with only those. */
    private static final class RetryableDocuments extends RuntimeException {
        RetryableDocuments(String message) {
            super(message);
        }
    }

    /** Indexing gave up: Elasticsearch stayed unavailable through every retry. */
    public static final class IndexingException extends RuntimeException {
        IndexingException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
