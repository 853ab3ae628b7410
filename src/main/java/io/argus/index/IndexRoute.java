package io.argus.index;

import io.argus.Metrics;
import io.argus.errors.DeadLetter;
import io.argus.errors.DeadLetterRoute;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * Bulk-indexes a batch run's counts ({@link IndexRequest} in, {@link IndexResult} out); each
 * document Elasticsearch rejects goes to the dead-letter channel with its reason.
 */
public final class IndexRoute extends EndpointRouteBuilder {
    public static final String ROUTE_ID = "index";
    private static final String REJECTED = "argusRejectedDocuments";

    private final CountsIndexer indexer;
    private final Clock clock;

    public IndexRoute(CountsIndexer indexer, Clock clock) {
        this.indexer = indexer;
        this.clock = clock;
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
                    .to(DeadLetterRoute.ENDPOINT)
                    .to(Metrics.indexFailure("document"))
                .end();
    }

    private void index(Exchange exchange) throws Exception {
        IndexRequest request = exchange.getMessage().getMandatoryBody(IndexRequest.class);
        IndexResult result = indexer.index(request.runId(), request.sourceFile(), request.counts(), request.buckets());
        List<DeadLetter> deadLetters = new ArrayList<>();
        for (IndexResult.Rejected rejected : result.rejected()) {
            deadLetters.add(new DeadLetter(ROUTE_ID, rejected.reason(), rejected.document(), clock.instant().toString(),
                    1, "index:" + request.runId() + "/" + rejected.documentId()));
        }
        exchange.setProperty(REJECTED, deadLetters);
        exchange.getMessage().setBody(result);
    }

    /** A run's counts for the touched buckets. */
    public record IndexRequest(String runId, String sourceFile, List<BucketCount> counts,
                               java.util.Set<String> buckets) {
    }
}
