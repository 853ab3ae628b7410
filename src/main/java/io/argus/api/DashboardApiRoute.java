package io.argus.api;

import org.apache.camel.Exchange;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's read-only HTTP API on the runtime's HTTP server ({@code argus.api.port}). A bad
 * parameter is answered 400, an unreachable service 503, anything else 500, always with a JSON
 * {@code {"error": …}} and never a stack trace.
 */
public final class DashboardApiRoute extends EndpointRouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardApiRoute.class);

    private final CountsApi counts;
    private final DetectionsApi detections;
    private final ImagesApi images;
    private final StatusApi status;
    private final JsonResponses responses;

    public DashboardApiRoute(CountsApi counts, DetectionsApi detections, ImagesApi images, StatusApi status,
                             JsonResponses responses) {
        this.counts = counts;
        this.detections = detections;
        this.images = images;
        this.status = status;
        this.responses = responses;
    }

    @Override
    public void configure() {
        onException(BadParameterException.class)
                .handled(true)
                .process(this::badParameter);
        onException(ServiceUnavailableException.class)
                .handled(true)
                .process(this::unavailable);
        onException(Exception.class)
                .handled(true)
                .process(this::internalError);

        get("/api/count_specific", "api-count-specific").process(counts::countSpecific);
        get("/api/label_counts", "api-label-counts").process(counts::labelCounts);
        get("/api/timeline", "api-timeline").process(counts::timeline);
        get("/api/labels", "api-labels").process(counts::labels);
        get("/api/detections", "api-detections").process(detections::detections);
        get(ImagesApi.PATH + "*", "api-images").process(images::image);
        get("/api/stats", "api-stats").process(status::stats);
        get("/api/health", "api-health").process(status::health);
    }

    private org.apache.camel.model.RouteDefinition get(String path, String routeId) {
        return from(platformHttp(path).httpMethodRestrict("GET")).routeId(routeId).routeConfigurationId("argus-http");
    }

    private void badParameter(Exchange exchange) throws Exception {
        BadParameterException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, BadParameterException.class);
        responses.error(exchange, 400, e.getMessage(), e.parameter());
    }

    private void unavailable(Exchange exchange) throws Exception {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("{} answered 503: {}", exchange.getFromRouteId(), e.getMessage());
        responses.error(exchange, 503, e.getMessage(), null);
    }

    private void internalError(Exchange exchange) throws Exception {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.error("{} failed", exchange.getFromRouteId(), e);
        responses.error(exchange, 500, "internal error (" + e.getClass().getSimpleName() + "); see the Argus log", null);
    }
}
