package io.argus.services;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.elasticsearch.indices.IndexSettings;
import co.elastic.clients.util.ObjectBuilder;
import java.io.IOException;
import java.util.function.Function;

/**
 * An index Argus writes, with its settings and mapping, created when missing: {@link #ensure} asks
 * Elasticsearch once per runtime (after that, every event would pay a request for nothing), and
 * {@link #create} asks every time, for a writer that runs seldom and must not meet an index someone
 * deleted meanwhile (Elasticsearch would create it again with guessed field types). Another runtime
 * may create it at the same time; that is no error.
 */
public final class ElasticsearchIndex {
    /** Creates the index unless it exists. */
    @FunctionalInterface
    private interface Creation {
        void createIfMissing(ElasticsearchClient es, String name) throws IOException;
    }

    private final ElasticsearchClient es;
    private final String name;
    private final Creation creation;
    private volatile boolean exists;

    private ElasticsearchIndex(ElasticsearchClient es, String name, Creation creation) {
        this.es = es;
        this.name = name;
        this.creation = creation;
    }

    /** An index with this mapping and Elasticsearch's default settings. */
    public static ElasticsearchIndex of(ElasticsearchClient es, String name,
                                        Function<TypeMapping.Builder, ObjectBuilder<TypeMapping>> mapping) {
        return of(es, name, settings -> settings, mapping);
    }

    public static ElasticsearchIndex of(ElasticsearchClient es, String name,
                                        Function<IndexSettings.Builder, ObjectBuilder<IndexSettings>> settings,
                                        Function<TypeMapping.Builder, ObjectBuilder<TypeMapping>> mapping) {
        return new ElasticsearchIndex(es, name,
                (client, index) -> ElasticsearchClients.createIndexIfMissing(client, index, settings, mapping));
    }

    /**
     * An index whose settings and mappings are given as JSON ({@code {"mappings": ...}}), for what the
     * typed client would write in a form only Elasticsearch reads.
     */
    public static ElasticsearchIndex ofJson(ElasticsearchClient es, String name, String body) {
        return new ElasticsearchIndex(es, name, (client, index) -> ElasticsearchClients.createIndexIfMissing(client,
                index, body));
    }

    /** Creates the index if this runtime has not seen it yet. */
    public void ensure() throws IOException {
        if (!exists) {
            create();
        }
    }

    /** Creates the index if it is missing now. */
    public void create() throws IOException {
        creation.createIfMissing(es, name);
        exists = true;
    }
}
