package io.argus.testing;

import io.argus.config.ArgusConfig;
import io.argus.config.ConfigSource;
import io.argus.config.Secret;
import io.argus.local.LocalServices;
import io.argus.services.Endpoints;
import io.argus.services.ElasticsearchAccess;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * One set of real local services (Kafka, s3proxy, Elasticsearch) for the whole test JVM, started on
 * first use. Runtimes under test reach them as external endpoints, each with its own bucket and topic.
 */
public final class SharedServices {
    private static LocalServices services;
    private static Path dataDir;
    private static RuntimeException failure;

    private SharedServices() {
    }

    public static synchronized LocalServices get() {
        if (failure != null) {
            throw new IllegalStateException("the shared local services failed to start earlier", failure);
        }
        if (services == null) {
            try {
                Properties settings = defaults();
                dataDir = TestDirs.create("argus-shared-services");
                settings.setProperty("argus.data-dir", dataDir.toString());
                services = LocalServices.start(ArgusConfig.from(settings));
                Runtime.getRuntime().addShutdownHook(new Thread(services::close));
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return services;
    }

    /** The process of one shared service ("kafka", "s3proxy", "elasticsearch"), from the pid it recorded. */
    public static ProcessHandle process(String name) {
        get();
        try {
            long pid = Long.parseLong(java.nio.file.Files.readString(dataDir.resolve("run").resolve(name + ".pid")).trim());
            return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("the local " + name + " is gone"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Settings of a runtime that uses the shared services, with a fresh bucket and topic, polling fast. */
    public static Properties runtimeSettings(Path dataDir) {
        Endpoints endpoints = get().endpoints();
        Properties settings = defaults();
        String unique = UUID.randomUUID().toString().substring(0, 8);
        settings.setProperty("argus.data-dir", dataDir.toString());
        settings.setProperty("argus.kafka.bootstrap-servers", endpoints.kafkaBootstrapServers());
        settings.setProperty("argus.s3.endpoint", endpoints.s3Endpoint().orElseThrow().toString());
        settings.setProperty("argus.s3.access-key", endpoints.localS3Credentials().orElseThrow().accessKey());
        settings.setProperty("argus.s3.secret-key", endpoints.localS3Credentials().orElseThrow().secretKey().value());
        elasticsearch(endpoints.elasticsearch()).forEach(settings::setProperty);
        settings.setProperty("argus.s3.bucket", "test-" + unique);
        settings.setProperty("argus.kafka.image-topic", "images-" + unique);
        settings.setProperty("argus.kafka.detection-topic", "detections-" + unique);
        settings.setProperty("argus.kafka.dead-letter-topic", "dead-letters-" + unique);
        settings.setProperty("argus.kafka.detect-group", "detect-" + unique);
        settings.setProperty("argus.kafka.detections-index-group", "detections-index-" + unique);
        settings.setProperty("argus.index.detections-name", "detections-" + unique);
        settings.setProperty("argus.index.name", "counts-" + unique);
        settings.setProperty("argus.index.live-name", "live-" + unique);
        return settings;
    }

    /** The settings that point a runtime at an Elasticsearch: its URL, user and CA. */
    public static Map<String, String> elasticsearch(ElasticsearchAccess access) {
        return Map.of("argus.elasticsearch.url", access.url().toString(),
                "argus.elasticsearch.username", access.username().orElse(""),
                "argus.elasticsearch.password", access.password().map(Secret::value).orElse(""),
                "argus.elasticsearch.ca-certificate", access.caCertificate().map(Path::toString).orElse(""));
    }

    /** The defaults with free ports, fast polling and a fast failover, untouched by this machine's environment. */
    public static Properties defaults() {
        Properties settings = ConfigSource.load(Optional.empty(), Map.of(), new Properties());
        settings.setProperty("argus.local.kafka.port", "0");
        settings.setProperty("argus.local.s3.port", "0");
        settings.setProperty("argus.local.elasticsearch.port", "0");
        settings.setProperty("argus.api.port", Integer.toString(Ports.free()));
        settings.setProperty("argus.monitor.port", Integer.toString(Ports.free()));
        settings.setProperty("argus.inbox.poll-interval", "200ms");
        settings.setProperty("argus.inbox.stable-for", "500ms");
        settings.setProperty("argus.kafka.session-timeout", ArgusProcess.KAFKA_SESSION_TIMEOUT);
        return settings;
    }
}
