package io.argus.index;

import io.argus.config.ArgusConfig;
import io.argus.errors.DeadLetter;
import io.argus.errors.DeadLetterRoute;
import io.argus.errors.FlowErrorPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.component.micrometer.MicrometerConstants;

/**
 * Bulk-indexes a batch run's counts ({@link IndexRequest} in, {@link IndexResult} out); each
 * document Elasticsearch rejects goes to the dead-letter channel with its reason.
 */
public final class IndexRoute extends EndpointRouteBuilder {
    /** Bulk indexing failures (Prometheus): {@code request} (a call that failed) or {@code document} (one it rejected). */
    private static final String INDEX_FAILURES = "argus.index.failures";
    public static final String ROUTE_ID = "index";
    private static final String REJECTED = "argusRejectedDocuments";

    private final CountsIndexer indexer;
    private final ArgusConfig.Index config;
    private final Clock clock;

    public IndexRoute(CountsIndexer indexer, ArgusConfig.Index config, Clock clock) {
        this.indexer = indexer;
        this.config = config;
        this.clock = clock;
    }

    /** Counts a failed attempt in argus_index_failures_total{kind="request"}, beside the rejected documents. */
    private static void countFailedCall(Exchange exchange) {
        MeterRegistry metrics = exchange.getContext().getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (metrics != null) {
            Counter.builder(INDEX_FAILURES).tag("camelContext", exchange.getContext().getName())
                    .tag("kind", "request")
                    .description("Bulk indexing failures: failed Elasticsearch calls and rejected documents")
                    .register(metrics).increment();
        }
    }

    @Override
    public void configure() {
        from(direct("index"))
                .routeId(ROUTE_ID)
                .routeConfigurationId(FlowErrorPolicy.ID)
                // The step is idempotent (deterministic ids), so a passing failure redelivers all of it,
                // with the patience of argus.index.*; when that runs out, or the failure is for good, the run fails.
                .onException(Exception.class)
                    .onWhen(exchange -> CountsIndexer.retryable(exchange.getException()))
                    .maximumRedeliveries(config.maxAttempts() - 1)
                    .redeliveryDelay(config.retryInitialDelay().toMillis())
                    .useExponentialBackOff()
                    .backOffMultiplier(2)
                    .maximumRedeliveryDelay(config.retryMaxDelay().toMillis())
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    .logStackTrace(false)
                    .onRedelivery(IndexRoute::countFailedCall)
                    .process(IndexRoute::countFailedCall)
                .end()
                .onException(Exception.class)
                    .maximumRedeliveries(0)
                    .process(IndexRoute::countFailedCall)
                .end()
                .process(this::index)
                .split(exchangeProperty(REJECTED))
                    .to(DeadLetterRoute.ENDPOINT)
                    .to("micrometer:counter:" + INDEX_FAILURES + "?tags.kind=document")
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
