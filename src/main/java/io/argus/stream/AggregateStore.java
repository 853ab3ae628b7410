package io.argus.stream;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.get.GetResult;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.argus.services.ElasticsearchIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The aggregate documents of one streaming aggregation in Elasticsearch. Each write is conditional on
 * the version read ({@code if_seq_no}/{@code if_primary_term}, or create-only for a new group), so two
 * runtimes sharing a group (after a rebalance, or events of one group on several partitions) never
 * overwrite each other: the loser reads the document again and applies its events to it. The
 * documents this runtime wrote last are kept in a bounded cache, so a busy group costs no read.
 */
final class AggregateStore {
    private final ElasticsearchClient es;
    private final String index;
    private final Cache<String, Stored> written;
    private final ElasticsearchIndex created;

    /** A document as Elasticsearch holds it, with the version a write must match. */
    record Stored(ObjectNode document, long seqNo, long primaryTerm) {
    }

    /**
     * What a write did: the documents refused for good (by id), and those another writer changed
     * meanwhile, to read again.
     */
    record Outcome(Map<String, Refusal> refused, List<String> conflicts) {
    }

    /** A document Elasticsearch will not take as it is (a mapping conflict, say), and why. */
    record Refusal(String reason, ObjectNode document) {
    }

    AggregateStore(ElasticsearchClient es, String index, long cachedDocuments) {
        this.es = es;
        this.index = index;
        this.written = Caffeine.newBuilder().maximumSize(cachedDocuments).build();
        this.created = ElasticsearchIndex.ofJson(es, index, indexBody());
    }

    String index() {
        return index;
    }

    /** The stored documents of these groups (none for a new group), from the cache, else in one request. */
    Map<String, Stored> read(Collection<String> ids) throws IOException {
        created.ensure();
        Map<String, Stored> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            Stored cached = written.getIfPresent(id);
            if (cached != null) {
                found.put(id, cached);
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            MgetResponse<ObjectNode> response = es.mget(m -> m.index(index).ids(missing), ObjectNode.class);
            for (MultiGetResponseItem<ObjectNode> item : response.docs()) {
                if (item.isFailure()) {
                    throw new IOException("reading " + item.failure().id() + " from " + index + ": "
                            + item.failure().error().reason());
                }
                GetResult<ObjectNode> result = item.result();
                if (result.found() && result.source() != null) {
                    found.put(result.id(), new Stored(result.source(), result.seqNo(), result.primaryTerm()));
                }
            }
        }
        return found;
    }

    /**
     * Writes the changed documents, each conditional on the version it was read at ({@code read}; absent:
     * created). A failure worth retrying (the request, or a document refused with 429 or 5xx) throws.
     */
    Outcome write(Map<String, ObjectNode> changed, Map<String, Stored> read) throws IOException {
        if (changed.isEmpty()) {
            return new Outcome(Map.of(), List.of());
        }
        List<BulkOperation> operations = new ArrayList<>(changed.size());
        changed.forEach((id, document) -> {
            Stored before = read.get(id);
            operations.add(before == null
                    ? BulkOperation.of(o -> o.create(c -> c.index(index).id(id).document(document)))
                    : BulkOperation.of(o -> o.index(i -> i.index(index).id(id).document(document)
                            .ifSeqNo(before.seqNo()).ifPrimaryTerm(before.primaryTerm()))));
        });
        BulkResponse response = es.bulk(b -> b.operations(operations));
        Map<String, Refusal> refused = new LinkedHashMap<>();
        List<String> conflicts = new ArrayList<>();
        List<String> passing = new ArrayList<>();
        for (BulkResponseItem item : response.items()) {
            if (item.error() == null) {
                written.put(item.id(), new Stored(changed.get(item.id()), item.seqNo(), item.primaryTerm()));
                continue;
            }
            written.invalidate(item.id());
            if (item.status() == 409) {
                conflicts.add(item.id());
            } else if (item.status() == 429 || item.status() >= 500) {
                passing.add(item.id() + ": " + item.error().reason());
            } else {
                refused.put(item.id(), new Refusal(item.error().type() + ": " + item.error().reason(),
                        changed.get(item.id())));
            }
        }
        if (!passing.isEmpty()) {
            throw new IOException(index + " refused " + passing.size() + " documents for now, e.g. " + passing.get(0));
        }
        return new Outcome(refused, conflicts);
    }

    /** After a failure, what the cache holds may not be what Elasticsearch holds. */
    void forget(Collection<String> ids) {
        written.invalidateAll(ids);
    }

    /**
     * Strings as keywords (times as dates, by Elasticsearch's date detection), decimals as doubles (not
     * floats: sums of prices), the bookkeeping not indexed. The mapping goes as JSON: the typed client
     * writes {@code match_mapping_type} as a list, which OpenSearch refuses.
     */
    private static String indexBody() {
        ObjectNode mappings = JsonNodeFactory.instance.objectNode();
        mappings.putArray("dynamic_templates")
                .add(dynamicTemplate("strings", "string", "keyword"))
                .add(dynamicTemplate("decimals", "double", "double"));
        mappings.putObject("properties").putObject(AggregationSpec.BOOKKEEPING).put("type", "object")
                .put("enabled", false);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("mappings", mappings);
        return body.toString();
    }

    private static ObjectNode dynamicTemplate(String name, String jsonType, String fieldType) {
        ObjectNode template = JsonNodeFactory.instance.objectNode();
        template.putObject(name).put("match_mapping_type", jsonType).putObject("mapping").put("type", fieldType);
        return template;
    }
}
