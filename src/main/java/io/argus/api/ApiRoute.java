package io.argus.api;

import io.argus.batch.AggregateRoute;
import io.argus.batch.BatchAlreadyRunningException;
import io.argus.batch.BatchHistory;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;

/**
 * The HTTP API on the runtime's HTTP server ({@code argus.api.port}), declared with Camel's REST
 * DSL: each endpoint with its method and query parameters, handled by a route of its own
 * ({@code api-…}) under the route configuration "argus-http", which authenticates every request
 * ({@link ApiAccess}) and answers every error as JSON ({@link HttpErrors}). The parameters are
 * read and checked by {@link QueryParameters}, whose errors name the parameter.
 */
public final class ApiRoute extends EndpointRouteBuilder {
    private static final int MAX_RUNS = 100;

    private final CountsApi counts;
    private final DetectionsApi detections;
    private final ImagesApi images;
    private final StatusApi status;
    private final BatchHistory history;
    private final JsonResponses responses;

    public ApiRoute(CountsApi counts, DetectionsApi detections, ImagesApi images, StatusApi status,
                    BatchHistory history, JsonResponses responses) {
        this.counts = counts;
        this.detections = detections;
        this.images = images;
        this.status = status;
        this.history = history;
        this.responses = responses;
    }

    @Override
    public void configure() {
        restConfiguration().component("platform-http").inlineRoutes(false);
        RestDefinition api = rest("/api").description("Argus: counts per label and time bucket, detections,"
                + " batch runs, health");

        range(labels(api.get("/count_specific").description("How many of one label were detected in the range"),
                true, "the label (one)")).to("direct:api-count-specific");
        limit(range(api.get("/label_counts").description("Counts per label in the range, largest first")),
                "at most this many labels").to("direct:api-label-counts");
        range(labels(api.get("/timeline").description("Counts of each label per interval; empty intervals are 0"),
                true, "the labels (repeat the parameter)"))
                .param().name("interval").type(RestParamType.query).required(false)
                    .description("1m, 5m, 15m, 30m, 1h, 3h, 6h, 12h, 1d or 1w; chosen from the range when absent")
                .endParam()
                .to("direct:api-timeline");
        range(api.get("/labels").description("Every label with its total in the range")).to("direct:api-labels");
        limit(range(labels(api.get("/detections").description("The latest detected images, newest first"),
                false, "only images with these labels")), "at most this many images").to("direct:api-detections");
        api.get("/stats").description("Flows, detector, consumer lag and batch runs").to("direct:api-stats");
        api.get("/health").description("UP (200) or DOWN (503), each dependency within argus.api.deadline")
                .to("direct:api-health");
        limit(api.get("/batch/runs").description("The latest batch runs, newest first"), "at most this many runs")
                .param().name("before").type(RestParamType.query).required(false)
                    .description("only runs that started before this time: the next page is before the start of"
                            + " the last run listed").endParam()
                .to("direct:api-batch-runs");
        api.post("/batch/runs").description("Runs the batch flow now and answers with the run (Bearer token)")
                .to("direct:api-batch-run");

        handle("api-count-specific", counts::countSpecific);
        handle("api-label-counts", counts::labelCounts);
        handle("api-timeline", counts::timeline);
        handle("api-labels", counts::labels);
        handle("api-detections", detections::detections);
        handle("api-stats", status::stats);
        handle("api-health", status::health);
        handle("api-batch-runs", this::runs);
        // The batch flow's error handler has dealt with its refusal before it comes back, so the HTTP
        // route configuration's onException would not see it: it is caught here.
        from(direct("api-batch-run")).routeId("api-batch-run").routeConfigurationId("argus-http")
                .setHeader(AggregateRoute.TRIGGER, constant("http"))
                .doTry()
                    .to(direct(AggregateRoute.ROUTE_ID))
                    .process(exchange -> responses.respond(exchange, 200, exchange.getMessage().getBody()))
                .doCatch(BatchAlreadyRunningException.class)
                    .process(new HttpErrors(responses)::conflict)
                .end();
        // An object's key has slashes: a path of its own, outside the REST declaration.
        from(platformHttp(ImagesApi.PATH + "*").httpMethodRestrict("GET")).routeId("api-images")
                .routeConfigurationId("argus-http")
                .process(images::image);
    }

    private void handle(String routeId, Processor handler) {
        from(direct(routeId)).routeId(routeId).routeConfigurationId("argus-http").process(handler);
    }

    private void runs(Exchange exchange) throws Exception {
        QueryParameters parameters = new QueryParameters(exchange.getMessage(), Clock.systemUTC());
        int limit = parameters.limit(20, MAX_RUNS);
        responses.respond(exchange, 200, parameters.before()
                .map(before -> history.startedBefore(before, limit)).orElseGet(() -> history.recent(limit)));
    }

    private static RestDefinition labels(RestDefinition verb, boolean required, String description) {
        return verb.param().name("label").type(RestParamType.query).required(required).arrayType("string")
                .description(description).endParam();
    }

    private static RestDefinition range(RestDefinition verb) {
        return verb
                .param().name("from").type(RestParamType.query).required(false)
                    .description("start, ISO-8601 or now-1h style; all data when absent").endParam()
                .param().name("to").type(RestParamType.query).required(false)
                    .description("end (exclusive), ISO-8601 or now style").endParam()
                .param().name("tz").type(RestParamType.query).required(false)
                    .description("time zone of times without one and of the timeline's buckets; UTC when absent")
                .endParam();
    }

    private static RestDefinition limit(RestDefinition verb, String description) {
        return verb.param().name("limit").type(RestParamType.query).required(false).dataType("integer")
                .description(description).endParam();
    }
}
