package io.argus.services;

import io.argus.config.ArgusConfig;
import java.net.URI;
import java.util.Optional;

/**
 * Where the services answer and how to authenticate, whether they are external or local; the S3
 * credentials are present for a local S3 server only.
 */
public record Endpoints(String kafkaBootstrapServers, ArgusConfig.KafkaSecurity kafkaSecurity,
                        Optional<URI> s3Endpoint, Optional<S3Credentials> localS3Credentials,
                        ElasticsearchAccess elasticsearch) {
}
