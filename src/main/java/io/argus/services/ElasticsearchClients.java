package io.argus.services;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.elasticsearch.indices.IndexSettings;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.ResponseException;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import co.elastic.clients.transport.rest5_client.low_level.Rest5ClientBuilder;
import co.elastic.clients.util.ObjectBuilder;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runtime's Elasticsearch client: the official Java client, typed API, for Elasticsearch 8 and 9 and OpenSearch 2 and 3. */
public final class ElasticsearchClients {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchClients.class);

    private ElasticsearchClients() {
    }

    /**
     * Creates the index with its settings and mapping unless it exists (another runtime may create it
     * at the same time); {@link ElasticsearchIndex} is how the rest of Argus asks for it.
     */
    static void createIndexIfMissing(ElasticsearchClient es, String name,
                                     Function<IndexSettings.Builder, ObjectBuilder<IndexSettings>> settings,
                                     Function<TypeMapping.Builder, ObjectBuilder<TypeMapping>> mapping)
            throws IOException {
        if (es.indices().exists(e -> e.index(name)).value()) {
            return;
        }
        try {
            es.indices().create(c -> c.index(name).settings(settings).mappings(mapping));
            LOG.info("Created Elasticsearch index {}", name);
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }

    /**
     * The same with the index's settings and mappings as JSON ({@code {"mappings": ...}}), for what
     * the typed client would write in a form only Elasticsearch reads.
     */
    static void createIndexIfMissing(ElasticsearchClient es, String name, String body) throws IOException {
        if (es.indices().exists(e -> e.index(name)).value()) {
            return;
        }
        Request request = new Request("PUT", "/" + name);
        request.setJsonEntity(body);
        try {
            restClient(es).performRequest(request);
            LOG.info("Created Elasticsearch index {}", name);
        } catch (ResponseException e) {
            String error = new String(e.getResponse().getEntity().getContent().readAllBytes(), StandardCharsets.UTF_8);
            if (!error.contains("resource_already_exists_exception")) {
                throw e;
            }
        }
    }

    /**
     * Basic auth when a user is set; HTTPS checked against the CA when one is set, else the JVM's
     * trusted ones. It speaks to Elasticsearch 8 and 9 and OpenSearch 2 and 3 ({@link AnyEngineTransport}).
     */
    public static ElasticsearchClient create(ElasticsearchAccess access) {
        return client(restClient(access));
    }

    /**
     * A client of its own (its own connections) whose every call ends by the deadline, for the calls
     * made while an HTTP request or a health check waits: connecting, the TLS handshake, waiting for
     * a pooled connection and for the response each take at most that long, so no thread stays
     * behind a server that accepts connections and never answers.
     */
    public static ElasticsearchClient withDeadline(ElasticsearchAccess access, Duration deadline) {
        Timeout timeout = Timeout.ofMilliseconds(deadline.toMillis());
        return client(restClient(access)
                .setRequestConfigCallback(request -> request.setConnectionRequestTimeout(timeout)
                        .setResponseTimeout(timeout))
                .setConnectionConfigCallback(connection -> connection.setConnectTimeout(timeout)
                        .setSocketTimeout(timeout))
                .setConnectionManagerCallback(connections -> connections.setDefaultTlsConfig(TlsConfig.custom()
                        .setHandshakeTimeout(timeout).build())));
    }

    /** The low-level client under a client made here, for requests the typed API cannot make portably. */
    static Rest5Client restClient(ElasticsearchClient es) {
        return ((AnyEngineTransport) es._transport()).restClient();
    }

    private static Rest5ClientBuilder restClient(ElasticsearchAccess access) {
        Rest5ClientBuilder client = Rest5Client.builder(access.url());
        authorization(access).ifPresent(value -> client.setDefaultHeaders(
                new Header[] {new BasicHeader("Authorization", value)}));
        access.caCertificate().ifPresent(ca -> client.setSSLContext(TrustedCertificates.sslContext(ca)));
        return client;
    }

    private static ElasticsearchClient client(Rest5ClientBuilder restClient) {
        return new ElasticsearchClient(new AnyEngineTransport(restClient.build(), new JacksonJsonpMapper()));
    }

    /** A plain HTTP client for Elasticsearch's REST API, trusting what {@link #create} trusts. */
    public static HttpClient.Builder httpClient(ElasticsearchAccess access) {
        HttpClient.Builder builder = HttpClient.newBuilder();
        access.caCertificate().ifPresent(ca -> builder.sslContext(TrustedCertificates.sslContext(ca)));
        return builder;
    }

    /** The Authorization header for {@link #httpClient} requests, when a user is set. */
    public static Optional<String> authorization(ElasticsearchAccess access) {
        return access.username().map(user -> "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + access.password().orElseThrow().value()).getBytes(StandardCharsets.UTF_8)));
    }
}
