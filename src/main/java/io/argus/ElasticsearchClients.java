package io.argus;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.util.ObjectBuilder;
import java.io.IOException;
import java.net.URI;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runtime's Elasticsearch client (the official Java client, typed API). */
public final class ElasticsearchClients {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchClients.class);

    private ElasticsearchClients() {
    }

    /** Creates the index with its mapping unless it exists (another runtime may create it at the same time). */
    public static void createIndexIfMissing(ElasticsearchClient es, String name,
                                            Function<TypeMapping.Builder, ObjectBuilder<TypeMapping>> mapping)
            throws IOException {
        if (es.indices().exists(e -> e.index(name)).value()) {
            return;
        }
        try {
            es.indices().create(c -> c.index(name).mappings(mapping));
            LOG.info("Created Elasticsearch index {}", name);
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }

    public static ElasticsearchClient create(URI url) {
        return ElasticsearchClient.of(builder -> builder.host(url.toString()));
    }
}
