package io.argus.api;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * The dashboard's read-only HTTP API on the runtime's HTTP server ({@code argus.api.port}). Errors
 * are answered by the route configuration "argus-http" ({@link HttpErrors}).
 */
public final class DashboardApiRoute extends EndpointRouteBuilder {
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

}
