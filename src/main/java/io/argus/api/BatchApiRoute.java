package io.argus.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.batch.BatchAlreadyRunningException;
import io.argus.batch.BatchHistory;
import io.argus.batch.BatchRun;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * The batch flow over HTTP, on the runtime's HTTP server ({@code argus.api.port}):
 * {@code GET /api/batch/runs?limit=N} lists the latest runs, newest first;
 * {@code POST /api/batch/runs} runs the flow now and answers with the run. A write: it needs
 * {@code Authorization: Bearer <argus.api.token>}, and with no token configured it is refused.
 */
public final class BatchApiRoute extends EndpointRouteBuilder {
    public static final String ROUTE_ID = "api-batch-runs";
    private static final int MAX_LIMIT = 100;

    private final BatchHistory history;
    private final Function<String, BatchRun> trigger;
    private final Optional<String> token;
    private final JsonResponses responses;

    public BatchApiRoute(BatchHistory history, Function<String, BatchRun> trigger, Optional<String> token,
                         ObjectMapper json) {
        this.history = history;
        this.trigger = trigger;
        this.token = token;
        this.responses = new JsonResponses(json);
    }

    @Override
    public void configure() {
        from(platformHttp("/api/batch/runs").httpMethodRestrict("GET,POST"))
                .routeId(ROUTE_ID)
                .routeConfigurationId("argus-http")
                .process(this::handle);
    }

    private void handle(Exchange exchange) throws Exception {
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        if ("POST".equals(method)) {
            post(exchange);
        } else {
            get(exchange);
        }
    }

    private void get(Exchange exchange) throws Exception {
        int limit;
        try {
            limit = new QueryParameters(exchange.getMessage(), Clock.systemUTC()).limit(20, MAX_LIMIT);
        } catch (BadParameterException e) {
            respond(exchange, 400, Map.of("error", e.getMessage(), "parameter", e.parameter()));
            return;
        }
        respond(exchange, 200, history.recent(limit));
    }

    private void post(Exchange exchange) throws Exception {
        if (token.isEmpty()) {
            respond(exchange, 403, Map.of("error", "write operations are disabled: set argus.api.token"));
            return;
        }
        String authorization = exchange.getMessage().getHeader("Authorization", "", String.class);
        byte[] expected = ("Bearer " + token.get()).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8))) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
            respond(exchange, 401, Map.of("error", "a valid Authorization: Bearer token is required"));
            return;
        }
        try {
            respond(exchange, 200, trigger.apply("http"));
        } catch (BatchAlreadyRunningException e) {
            respond(exchange, 409, Map.of("error", e.getMessage()));
        }
    }

    private void respond(Exchange exchange, int status, Object body) throws Exception {
        responses.respond(exchange, status, body, "WWW-Authenticate");
    }
}
