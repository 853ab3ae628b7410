package io.argus.api;

import io.argus.batch.AggregateRoute;
import io.argus.batch.BatchHistory;
import io.argus.config.ArgusConfig;
import io.argus.detect.DetectRoute;
import io.argus.index.DetectionsIndexRoute;
import io.argus.index.IndexReaders;
import io.argus.ingest.IngestRoute;
import io.argus.wiring.Feature;
import io.argus.wiring.Platform;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The HTTP side: the API (REST DSL), the dashboard, their route configuration argus-http, the
 * health checks (also in Camel's /observe/health) and the detection consumers' lag as a metric.
 * Every call made for a request or a health check uses the clients with argus.api.deadline.
 */
public final class ApiFeature implements Feature {
    private static final Logger LOG = LoggerFactory.getLogger(ApiFeature.class);

    @Override
    public void wire(Platform platform) {
        ArgusConfig config = platform.config();
        S3Client s3 = platform.clients().s3ForRequests();
        JsonResponses responses = new JsonResponses(platform.json());
        // With the monitoring server there are two HTTP servers, and the engine cannot tell which one
        // the API's routes belong to (it would fall back to port 8080): it is told.
        int apiPort = config.api().port();
        platform.bind(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME, new VertxPlatformHttpEngine() {
            @Override
            public int getServerPort() {
                return apiPort;
            }
        });
        FlowStats flows = new FlowStats(List.of(IngestRoute.ROUTE_ID, DetectRoute.ROUTE_ID,
                DetectionsIndexRoute.ROUTE_ID, AggregateRoute.ROUTE_ID), platform.clock());
        platform.bind("flowStats", flows);
        ConsumerLag detectLag = new ConsumerLag(platform.clients().kafka(), config.kafka().imageTopic(),
                config.kafka().detectGroup(), config.api().deadline());
        BatchHistory history = BatchHistory.of(s3, platform.json(), config);
        IndexReaders index = IndexReaders.forRequests(platform, history::lastSuccessStart);
        StatusApi status = new StatusApi(new StatusApi.Sources(platform::camel, flows, platform.clients().kafka(),
                detectLag, s3, index.health(), history, config.s3().bucket(), detector(config.detect()),
                config.detect().stuckAfter(),
                new StatusApi.BatchSchedule(config.batch().scheduled(), config.batch().maxAge(), Instant.now()),
                config.api().deadline(), platform.clock()), responses);
        // Camel's health registry takes the checks it finds in its registry: /observe/health then
        // answers with those of /api/health next to Camel's own.
        status.healthChecks().forEach(check -> platform.bind("argus-health-" + check.getId(), check));
        ArgusConfig.S3 storage = config.s3();
        platform.addRoutes(
                new HttpRouteConfiguration(new ApiAccess(config.api(), responses), new HttpErrors(responses)),
                new WebRoute(),
                new ApiRoute(
                        new CountsApi(index.counts(), responses, config.batch().bucket(), platform.clock()),
                        new DetectionsApi(index.detections(), responses, storage.bucket(), platform.clock()),
                        new ImagesApi(s3, storage.bucket(), List.of(storage.imagesPrefix(), storage.annotatedPrefix()),
                                responses),
                        status,
                        history,
                        responses));
        platform.onStarted(camel -> exportLag(camel.getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class), detectLag));
    }

    private static Map<String, Object> detector(ArgusConfig.Detect detect) {
        Map<String, Object> detector = new LinkedHashMap<>();
        detector.put("detector", detect.detector());
        detector.put("workers", detect.workers());
        detector.put("in_flight", detect.inFlight());
        return detector;
    }

    /** The detection consumers' lag as a Prometheus gauge, read from Kafka at each scrape. */
    private static void exportLag(MeterRegistry metrics, ConsumerLag detectLag) {
        if (metrics == null) {
            LOG.warn("No metrics registry: the detection consumers' lag is not exported");
            return;
        }
        Gauge.builder("argus.detect.consumer.lag", detectLag, ConsumerLag::recordsOrNaN)
                .description("Image events the detection consumers have not committed yet")
                .register(metrics);
    }
}
