package io.argus.index;

import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The counts documents, one per label and time bucket with its count: the batch counts index
 * ({@link CountsIndexer}) and the live one ({@link LiveCountsIndex}) hold them alike, so one search
 * ({@link CountsQueries}) adds the two. Their fields are named here and nowhere else.
 */
public final class CountsDocuments {
    public static final String LABEL = "label";
    public static final String COUNT = "count";
    /** The bucket's start, ISO-8601. */
    public static final String TIME_BUCKET = "time_bucket";

    private CountsDocuments() {
    }

    /** The counts fields' mapping, to which each index adds its own fields. */
    static TypeMapping.Builder mapping(TypeMapping.Builder mapping) {
        return mapping.properties(LABEL, p -> p.keyword(k -> k))
                .properties(COUNT, p -> p.integer(i -> i))
                .properties(TIME_BUCKET, p -> p.date(d -> d));
    }

    /** A document with the counts fields, to which each index adds its own. */
    static Map<String, Object> document(String label, long count, String bucket) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put(LABEL, label);
        document.put(COUNT, count);
        document.put(TIME_BUCKET, bucket);
        return document;
    }
}
