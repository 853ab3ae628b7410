package io.argus.local;

import io.argus.config.ArgusConfig;
import io.argus.services.ElasticsearchAccess;
import io.argus.services.Endpoints;
import io.argus.services.S3Credentials;
import io.argus.services.Services;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The services Argus talks to, each either external (configured) or local (started here, in
 * parallel, as child processes).
 */
public final class LocalServices implements Services {

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
        return new LocalServices(started, endpoints);
    }

    private static CompletableFuture<Optional<LocalService>> startUnless(boolean external,
                                                                        Supplier<LocalService> starter) {
        if (external) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return CompletableFuture.supplyAsync(() -> Optional.of(starter.get()));
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public List<String> localServiceNames() {
        return started.stream().map(LocalService::name).toList();
    }

    /** Stops the local services in parallel; each stops cleanly on its own. */
    @Override
    public void close() {
        started.parallelStream().forEach(LocalService::close);
    }
}
