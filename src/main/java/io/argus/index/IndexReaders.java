package io.argus.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.argus.config.ArgusConfig;
import io.argus.services.ElasticsearchHealth;
import io.argus.wiring.Platform;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the HTTP side reads from the search engine (the counts, the recent detections and the
 * cluster's health), on the client of calls made for a request (argus.api.deadline), so that the API
 * knows no Elasticsearch client.
 */
public record IndexReaders(CountsQueries counts, DetectionsIndex detections, ElasticsearchHealth health) {
    /** @param lastSuccessStart when the last successful batch run started, empty before any */
    public static IndexReaders forRequests(Platform platform, Supplier<Optional<Instant>> lastSuccessStart) {
        ElasticsearchClient es = platform.clients().elasticsearchForRequests();
        ArgusConfig config = platform.config();
        CountsBoundary boundary = CountsBoundary.of(lastSuccessStart, config.batch().bucket(), config.api().cacheTtl());
        return new IndexReaders(
                new CountsQueries(es, config.index().name(), config.index().liveName(), boundary,
                        config.api().cacheTtl()),
                new DetectionsIndex(es, config.index().detectionsName(), platform.json()),
                new ElasticsearchHealth(es));
    }
}
