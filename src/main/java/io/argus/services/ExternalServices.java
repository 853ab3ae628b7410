package io.argus.services;

import io.argus.config.ArgusConfig;
import java.util.List;

/** Kafka, S3 and Elasticsearch all configured as external endpoints: nothing to start or stop. */
final class ExternalServices implements Services {
    private final Endpoints endpoints;

    ExternalServices(ArgusConfig config) {
        ArgusConfig.Elasticsearch elasticsearch = config.elasticsearch();
        this.endpoints = new Endpoints(config.kafka().bootstrapServers().orElseThrow(), config.kafka().security(),
                config.s3().endpoint(), java.util.Optional.empty(),
                new ElasticsearchAccess(elasticsearch.url().orElseThrow(), elasticsearch.username(),
                        elasticsearch.password(), elasticsearch.caCertificate()));
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public List<String> localServiceNames() {
        return List.of();
    }

    @Override
    public void close() {
    }
}
