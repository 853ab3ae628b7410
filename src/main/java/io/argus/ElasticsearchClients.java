package io.argus;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.net.URI;

/** The runtime's Elasticsearch client (the official Java client, typed API). */
public final class ElasticsearchClients {
    private ElasticsearchClients() {
    }

    public static ElasticsearchClient create(URI url) {
        return ElasticsearchClient.of(builder -> builder.host(url.toString()));
    }
}
