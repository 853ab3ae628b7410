package io.argus.local;

import io.argus.config.ArgusConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services Argus talks to, each either external (configured) or local (started here, in
 * parallel). Clients use {@link #endpoints()} and never know which kind they got.
 */
public final class LocalServices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalServices.class);

    /** Where the services answer and how to authenticate; the S3 credentials are present for the local S3 server only. */
    public record Endpoints(String kafkaBootstrapServers, ArgusConfig.KafkaSecurity kafkaSecurity,
                            Optional<URI> s3Endpoint, Optional<S3Credentials> localS3Credentials,
                            ElasticsearchAccess elasticsearch) {
    }

    /** An Elasticsearch's URL, its basic-auth user, and the CA (PEM) its HTTPS certificate is checked against. */
    public record ElasticsearchAccess(URI url, Optional<String> username, Optional<String> password,
                                      Optional<Path> caCertificate) {
        @Override
        public String toString() {
            return "ElasticsearchAccess[url=" + url + ", username=" + username + ", password="
                    + password.map(p -> "(hidden)").orElse("(none)") + ", caCertificate=" + caCertificate + "]";
        }
    }

    public record S3Credentials(String accessKey, String secretKey) {
        @Override
        public String toString() {
            return "S3Credentials[accessKey=" + accessKey + ", secretKey=(hidden)]";
        }
    }

    private final List<LocalService> started;
    private final Endpoints endpoints;

    private LocalServices(List<LocalService> started, Endpoints endpoints) {
        this.started = started;
        this.endpoints = endpoints;
    }

    public static LocalServices start(ArgusConfig config) {
        ServiceLayout layout = new ServiceLayout(config.local().servicesDir(), config.dataDir());
        layout.prepare();
        ArgusConfig.Local local = config.local();
        CompletableFuture<Optional<LocalService>> kafka = startUnless(config.kafka().bootstrapServers().isPresent(),
                () -> LocalKafka.start(layout, local.kafkaPort(), local.kafkaSasl(), local.startupTimeout()));
        CompletableFuture<Optional<LocalService>> s3 = startUnless(config.s3().endpoint().isPresent(),
                () -> LocalS3.start(layout, local.s3Port(), local.startupTimeout()));
        CompletableFuture<Optional<LocalService>> elasticsearch = startUnless(config.elasticsearch().url().isPresent(),
                () -> LocalElasticsearch.start(layout, local.elasticsearchPort(), local.elasticsearchSecurity(),
                        local.elasticsearchJavaHome(),
                        local.elasticsearchHeap(), local.elasticsearchUser(), local.startupTimeout()));
        List<CompletableFuture<Optional<LocalService>>> all = List.of(kafka, s3, elasticsearch);
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            all.forEach(future -> future.thenAccept(service -> service.ifPresent(LocalService::close)));
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        List<LocalService> started = new ArrayList<>();
        all.forEach(future -> future.join().ifPresent(started::add));

        Optional<S3Credentials> credentials = s3.join().map(service -> {
            LocalS3.Credentials generated = LocalS3.credentials(layout);
            return new S3Credentials(generated.accessKey(), generated.secretKey());
        });
        ArgusConfig.Elasticsearch external = config.elasticsearch();
        ElasticsearchAccess elasticsearchAccess = elasticsearch.join()
                .map(service -> {
                    Optional<LocalElasticsearch.Security> security =
                            LocalElasticsearch.security(layout, local.elasticsearchSecurity());
                    return new ElasticsearchAccess(URI.create(service.address()),
                            security.map(LocalElasticsearch.Security::username),
                            security.map(LocalElasticsearch.Security::password),
                            security.map(LocalElasticsearch.Security::caCertificate));
                })
                .orElseGet(() -> new ElasticsearchAccess(external.url().orElseThrow(), external.username(),
                        external.password(), external.caCertificate()));
        Endpoints endpoints = new Endpoints(
                kafka.join().map(LocalService::address).orElseGet(() -> config.kafka().bootstrapServers().orElseThrow()),
                kafka.join().map(service -> LocalKafka.security(layout, local.kafkaSasl()))
                        .orElseGet(() -> config.kafka().security()),
                s3.join().map(service -> URI.create(service.address())).or(() -> config.s3().endpoint()),
                credentials,
                elasticsearchAccess);
        LOG.info("Services: Kafka {} ({}), S3 {}, Elasticsearch {}", endpoints.kafkaBootstrapServers(),
                endpoints.kafkaSecurity().protocol(), endpoints.s3Endpoint().map(URI::toString).orElse("(AWS default)"),
                endpoints.elasticsearch().url());
        return new LocalServices(started, endpoints);
    }

    private static CompletableFuture<Optional<LocalService>> startUnless(boolean external,
                                                                        Supplier<LocalService> starter) {
        if (external) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return CompletableFuture.supplyAsync(() -> Optional.of(starter.get()));
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public List<String> localServiceNames() {
        return started.stream().map(LocalService::name).toList();
    }

    /** Stops the local services in parallel; each stops cleanly on its own. */
    @Override
    public void close() {
        started.parallelStream().forEach(LocalService::close);
    }
}
