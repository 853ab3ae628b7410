package io.argus.testing;

import co.elastic.clients.elasticsearch.core.search.Hit;
import io.argus.bench.RunningArgus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** What the runtime's counts index holds, read back for assertions. */
public final class CountsIndex {
    private CountsIndex() {
    }

    /** Every document (up to 10,000), by id, after a refresh. */
    @SuppressWarnings("unchecked")
    public static Map<String, Map<String, Object>> documents(RunningArgus argus) {
        try {
            String index = argus.config().index().name();
            argus.elasticsearch().indices().refresh(r -> r.index(index));
            Map<String, Map<String, Object>> documents = new HashMap<>();
            for (Hit<Map> hit : argus.elasticsearch().search(s -> s.index(index).size(10_000), Map.class)
                    .hits().hits()) {
                documents.put(hit.id(), hit.source());
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** label → bucket start (ISO-8601, UTC) → count. */
    public static Map<String, Map<String, Long>> counts(RunningArgus argus) {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        documents(argus).values().forEach(document -> counts
                .computeIfAbsent((String) document.get("label"), label -> new TreeMap<>())
                .merge(Instant.parse((String) document.get("time_bucket")).toString(),
                        ((Number) document.get("count")).longValue(), Long::sum));
        return counts;
    }
}
