package io.argus.services;

import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransportBase;
import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.http.TransportHttpClient.Node;
import co.elastic.clients.transport.http.TransportHttpClient.Request;
import co.elastic.clients.transport.http.TransportHttpClient.Response;
import co.elastic.clients.transport.http.TransportHttpClient;
import co.elastic.clients.transport.rest5_client.Rest5ClientHttpClient;
import co.elastic.clients.transport.rest5_client.Rest5ClientOptions;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import co.elastic.clients.util.BinaryData;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The official Java client's transport, made to speak to Elasticsearch 8 and 9 and OpenSearch 2
 * and 3 alike; everything above it (the typed requests, the bulk ingester) is the client's own.
 * Two things in the client's wire protocol tie it to Elasticsearch 9 and are undone here:
 * <ul>
 *   <li>it asks for the version-9 API ({@code application/vnd.elasticsearch+json; compatible-with=9}),
 *       which Elasticsearch 8 refuses; plain {@code application/json} is every server's own API,
 *       and the requests Argus makes mean the same in all four;</li>
 *   <li>it refuses a response without the {@code X-Elastic-Product: Elasticsearch} header, which
 *       OpenSearch does not send; a response without it is taken as it comes.</li>
 * </ul>
 * The compatibility test runs Argus's flows and API through this against each of the four.
 */
final class AnyEngineTransport extends ElasticsearchTransportBase {
    private static final String PRODUCT_HEADER = "X-Elastic-Product";
    private static final Map<String, String> PLAIN_TYPES = Map.of(
            "application/vnd.elasticsearch+json", "application/json",
            "application/vnd.elasticsearch+x-ndjson", "application/x-ndjson");

    private final Rest5Client restClient;

    AnyEngineTransport(Rest5Client restClient, JsonpMapper mapper) {
        super(new PlainHttpClient(new Rest5ClientHttpClient(restClient)), null, mapper);
        this.restClient = restClient;
    }

    Rest5Client restClient() {
        return restClient;
    }

    @Override
    public void close() throws IOException {
        restClient.close();
    }

    /** Plain media types out; a missing product header in. */
    private record PlainHttpClient(TransportHttpClient delegate) implements TransportHttpClient {
        @Override
        public TransportOptions createOptions(TransportOptions options) {
            return delegate.createOptions(options);
        }

        @Override
        public Response performRequest(String endpointId, Node node, Request request, TransportOptions options)
                throws IOException {
            return new AnyProduct(delegate.performRequest(endpointId, node, plain(request), plain(options)));
        }

        @Override
        public CompletableFuture<Response> performRequestAsync(String endpointId, Node node, Request request,
                                                               TransportOptions options) {
            return delegate.performRequestAsync(endpointId, node, plain(request), plain(options))
                    .thenApply(AnyProduct::new);
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }

        private static Request plain(Request request) {
            Map<String, String> headers = new HashMap<>(request.headers());
            headers.replaceAll((name, value) -> isMediaType(name) ? plainType(value) : value);
            return new Request(request.method(), request.path(), request.queryParams(), headers, request.body());
        }

        /** The client's options carry the Accept header of every request. */
        private static TransportOptions plain(TransportOptions options) {
            return Rest5ClientOptions.of(options).toBuilder().setHeader("Accept", "application/json").build();
        }

        private static boolean isMediaType(String header) {
            return "Accept".equalsIgnoreCase(header) || "Content-Type".equalsIgnoreCase(header);
        }

        /** {@code application/vnd.elasticsearch+json; compatible-with=9} becomes {@code application/json}. */
        private static String plainType(String value) {
            String type = value.split(";", 2)[0].trim();
            return PLAIN_TYPES.getOrDefault(type, value);
        }
    }

    /** A response that names no product is taken as the server's (OpenSearch names none). */
    private record AnyProduct(Response response) implements Response {
        @Override
        public Node node() {
            return response.node();
        }

        @Override
        public int statusCode() {
            return response.statusCode();
        }

        @Override
        public String header(String name) {
            String value = response.header(name);
            return value == null && PRODUCT_HEADER.equalsIgnoreCase(name) ? "Elasticsearch" : value;
        }

        @Override
        public List<String> headers(String name) {
            return response.headers(name);
        }

        @Override
        public BinaryData body() throws IOException {
            return response.body();
        }

        @Override
        public Object originalResponse() {
            return response.originalResponse();
        }

        @Override
        public void close() throws IOException {
            response.close();
        }
    }
}
