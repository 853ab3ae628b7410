package io.argus.services;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/** The search engine's cluster health, for a health check that knows no Elasticsearch client. */
public final class ElasticsearchHealth {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ElasticsearchClient es;

    public ElasticsearchHealth(ElasticsearchClient es) {
        this.es = es;
    }

    /**
     * The cluster's health status ({@code green}, {@code yellow} or {@code red}). Read as plain JSON:
     * the typed response requires fields OpenSearch does not send.
     */
    public String clusterStatus() throws IOException {
        Request request = new Request("GET", "/_cluster/health");
        request.addParameter("filter_path", "status");
        Response response = ElasticsearchClients.restClient(es).performRequest(request);
        try (InputStream body = response.getEntity().getContent()) {
            return JSON.readTree(body).path("status").asText("unknown");
        }
    }
}
