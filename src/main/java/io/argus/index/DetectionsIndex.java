package io.argus.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.events.DetectionEvent;
import io.argus.services.ElasticsearchIndex;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The recent per-image detections, for the dashboard's gallery: one document per image (id: the
 * image key, so a reprocessed image overwrites its document), fed from the detection events.
 */
public final class DetectionsIndex {
    private static final String EVENT_TIME = "event_timestamp";
    private static final String LIVE_LABELS = "live_labels";

    private final ElasticsearchClient es;
    private final String name;
    private final ObjectMapper json;
    private final ElasticsearchIndex index;

    public DetectionsIndex(ElasticsearchClient es, String name, ObjectMapper json) {
        this.es = es;
        this.name = name;
        this.json = json;
        this.index = ElasticsearchIndex.of(es, name, m -> m
                .properties("image_key", p -> p.keyword(k -> k))
                .properties("label", p -> p.keyword(k -> k))
                .properties(EVENT_TIME, p -> p.date(d -> d))
                .properties("processing_timestamp", p -> p.date(d -> d))
                .properties("metadata_path", p -> p.keyword(k -> k.index(false)))
                .properties("annotated_image_path", p -> p.keyword(k -> k.index(false)))
                .properties("image_width", p -> p.integer(i -> i.index(false)))
                .properties("image_height", p -> p.integer(i -> i.index(false)))
                .properties(LIVE_LABELS, p -> p.keyword(k -> k.index(false)))
                .properties("labels", p -> p.object(o -> o.enabled(false)))
                .properties("detections", p -> p.object(o -> o.enabled(false))));
    }

    /** Indexes one detection event, with the labels its live counts were written for. */
    @SuppressWarnings("unchecked")
    public void index(DetectionEvent event, Set<String> liveLabels) throws IOException {
        index.ensure();
        Map<String, Object> document = json.convertValue(event, Map.class);
        document.put("label", event.labels() == null ? List.of() : List.copyOf(event.labels().keySet()));
        document.put(LIVE_LABELS, List.copyOf(liveLabels));
        es.index(i -> i.index(name).id(event.imageKey()).document(document));
    }

    /** The labels an image's live counts were last written for (a get by id: real time), none for a new image. */
    @SuppressWarnings("unchecked")
    public Set<String> liveLabels(String imageKey) throws IOException {
        index.ensure();
        Map<String, Object> source = es.get(g -> g.index(name).id(imageKey).sourceIncludes(LIVE_LABELS), Map.class)
                .source();
        Object labels = source == null ? null : source.get(LIVE_LABELS);
        return labels instanceof List<?> list ? new TreeSet<>((List<String>) list) : Set.of();
    }

    /** Images with something detected (any of {@code labels} when given), the most recent first by event time. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> recent(List<String> labels, Optional<Instant> from, Optional<Instant> to, int limit)
            throws IOException {
        Query query = Query.of(q -> q.bool(b -> {
            if (labels.isEmpty()) {
                b.filter(f -> f.exists(e -> e.field("label")));
            } else {
                b.filter(f -> f.terms(t -> t.field("label")
                        .terms(v -> v.value(labels.stream().map(FieldValue::of).toList()))));
            }
            if (from.isPresent() || to.isPresent()) {
                b.filter(f -> f.range(r -> r.date(d -> {
                    d.field(EVENT_TIME);
                    from.ifPresent(start -> d.gte(start.toString()));
                    to.ifPresent(end -> d.lt(end.toString()));
                    return d;
                })));
            }
            return b;
        }));
        List<Map<String, Object>> found = new ArrayList<>();
        for (Hit<Map> hit : es.search(s -> s.index(name).ignoreUnavailable(true).allowNoIndices(true).size(limit)
                .query(query).sort(o -> o.field(f -> f.field(EVENT_TIME).order(SortOrder.Desc))), Map.class)
                .hits().hits()) {
            found.add(hit.source());
        }
        return found;
    }
}
