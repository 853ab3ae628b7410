package io.argus.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * Bulk-indexes a batch run's counts ({@link IndexRequest} in, {@link IndexResult} out); each
 * document Elasticsearch rejects becomes a dead-letter record with its reason.
 */
public final class IndexRoute extends EndpointRouteBuilder {
    public static final String ROUTE_ID = "index";
    private static final String REJECTED = "argusRejectedDocuments";

    private final CountsIndexer indexer;
    private final ObjectMapper json;

    public IndexRoute(CountsIndexer indexer, ObjectMapper json) {
        this.indexer = indexer;
        this.json = json;
    }

    @Override
    public void configure() {
        from(direct("index"))
                .routeId(ROUTE_ID)
                .routeConfigurationId("argus-default")
                // The indexer retries Elasticsearch itself, with backoff; when it gives up, so does the run.
                .onException(CountsIndexer.IndexingException.class)
                    .maximumRedeliveries(0)
                .end()
                .process(this::index)
                .split(exchangeProperty(REJECTED))
                    .to(kafka("{{argus.kafka.dead-letter-topic}}"))
                    .to(Metrics.deadLetter(ROUTE_ID))
                    .to(Metrics.indexFailure("document"))
                .end();
    }

    private void index(Exchange exchange) throws Exception {
        IndexRequest request = exchange.getMessage().getMandatoryBody(IndexRequest.class);
        IndexResult result = indexer.index(request.runId(), request.sourceFile(), request.counts(), request.buckets());
        List<String> deadLetters = new ArrayList<>();
        for (IndexResult.Rejected rejected : result.rejected()) {
            deadLetters.add(json.writeValueAsString(Map.of("flow", "index", "run_id", request.runId(),
                    "document_id", rejected.documentId(), "reason", rejected.reason(), "document", rejected.document())));
        }
        exchange.setProperty(REJECTED, deadLetters);
        exchange.getMessage().setBody(result);
    }

    /** A run's counts for the touched buckets. */
    public record IndexRequest(String runId, String sourceFile, List<BucketCount> counts,
                               java.util.Set<String> buckets) {
    }
}
