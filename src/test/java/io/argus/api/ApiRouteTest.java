package io.argus.api;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.batch.AggregateRoute;
import io.argus.batch.BatchAlreadyRunningException;
import io.argus.batch.BatchHistory;
import io.argus.index.CountsBoundary;
import io.argus.index.CountsQueries;
import io.argus.index.DetectionsIndex;
import io.argus.services.ElasticsearchAccess;
import io.argus.services.ElasticsearchClients;
import io.argus.services.ElasticsearchHealth;
import io.argus.testing.Ports;
import io.argus.testing.RouteTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The API routes' wiring (REST DSL on platform-http, route configuration argus-http): every request
 * passes the one authentication path; bad parameters and refusals are answered as JSON before any
 * service is asked; a write reaches the batch flow, whose refusal comes back as 409. No service
 * answers here: the requests that would need one are the full suite's.
 */
class ApiRouteTest extends RouteTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "route-test-token-0123456789";
    private static final int PORT = Ports.free();

    private final HttpClient http = HttpClient.newHttpClient();
    private S3Client s3;
    private ElasticsearchClient elasticsearch;

    @Override
    protected Map<String, String> overrides() {
        return Map.of("argus.api.auth", "token", "argus.api.token", TOKEN, "argus.api.port", Integer.toString(PORT));
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        JsonResponses responses = new JsonResponses(JSON);
        s3 = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:9")).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
        elasticsearch = ElasticsearchClients.create(new ElasticsearchAccess(URI.create("http://127.0.0.1:9"),
                Optional.empty(), Optional.empty(), Optional.empty()));
        BatchHistory history = BatchHistory.of(s3, JSON, config());
        StatusApi status = new StatusApi(new StatusApi.Sources(() -> context, null, null, null, s3, new ElasticsearchHealth(elasticsearch),
                history, "argus", Map.of(), config().detect().stuckAfter(), null, config().api().deadline(),
                Clock.systemUTC()), responses);
        return new RoutesBuilder[] {
            new HttpRouteConfiguration(new ApiAccess(config().api(), responses), new HttpErrors(responses)),
            new ApiRoute(new CountsApi(new CountsQueries(elasticsearch, "counts", "live",
                    CountsBoundary.at(Optional.empty()), config().api().cacheTtl()), responses,
                    config().batch().bucket(), Clock.systemUTC()),
                    new DetectionsApi(new DetectionsIndex(elasticsearch, "detections", JSON), responses, "argus",
                            Clock.systemUTC()),
                    new ImagesApi(s3, "argus", List.of("images/"), responses), status, history, responses),
            // The batch flow, already running, refusing as the real one does (its error handler tells
            // the caller): the API's write must come back as 409.
            new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:" + AggregateRoute.ROUTE_ID).routeId("aggregate-already-running")
                            .onException(BatchAlreadyRunningException.class)
                                .maximumRedeliveries(0)
                            .end()
                            .throwException(new BatchAlreadyRunningException());
                }
            }};
    }

    @BeforeEach
    void startTheServer() throws Exception {
        VertxPlatformHttpServerConfiguration server = new VertxPlatformHttpServerConfiguration();
        server.setBindHost("127.0.0.1");
        server.setBindPort(PORT);
        context.addService(new VertxPlatformHttpServer(server));
        context.start();
    }

    @AfterEach
    void closeClients() throws Exception {
        s3.close();
        elasticsearch._transport().close();
    }

    @Test
    void aReadWithoutTheTokenIsRefusedBeforeAnythingElse() throws Exception {
        HttpResponse<String> response = get("/api/count_specific", Optional.empty());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isNotEmpty();
    }

    @Test
    void aMissingOrBadParameterIsA400WithTheReason() throws Exception {
        HttpResponse<String> missing = get("/api/count_specific", Optional.of(TOKEN));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missing.body()).path("error").asText()).contains("label");

        HttpResponse<String> interval = get("/api/timeline?label=car&interval=7x", Optional.of(TOKEN));
        assertThat(interval.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(interval.body()).path("error").asText()).contains("interval");
    }

    @Test
    void aWriteReachesTheBatchFlowWhoseRefusalIsA409() throws Exception {
        HttpResponse<String> refused = post("/api/batch/runs", Optional.empty());
        assertThat(refused.statusCode()).isEqualTo(401);

        HttpResponse<String> busy = post("/api/batch/runs", Optional.of(TOKEN));
        assertThat(busy.statusCode()).isEqualTo(409);
        JsonNode body = JSON.readTree(busy.body());
        assertThat(body.path("error").asText()).contains("a batch run is already going");
    }

    private HttpResponse<String> get(String path, Optional<String> token) throws Exception {
        return http.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Optional<String> token) throws Exception {
        return http.send(request(path, token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path, Optional<String> token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path));
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        return request;
    }

}
