package io.argus.runtime;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.api.ApiFeature;
import io.argus.batch.BatchFeature;
import io.argus.config.ArgusConfig;
import io.argus.config.ExternalEndpoints;
import io.argus.detect.DetectFeature;
import io.argus.errors.ErrorsFeature;
import io.argus.index.IndexFeature;
import io.argus.ingest.IngestFeature;
import io.argus.services.ElasticsearchClients;
import io.argus.services.Endpoints;
import io.argus.services.KafkaClients;
import io.argus.services.KafkaTopics;
import io.argus.services.S3Clients;
import io.argus.services.Services;
import io.argus.stream.StreamFeature;
import io.argus.wiring.Feature;
import io.argus.wiring.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One Argus, started and stopped as a whole (by the CLI or by a test): its services (external, or
 * local when the local services module is on the classpath), the clients they share, and Camel Main
 * with the features, each wiring its own routes and beans.
 */
public final class ArgusRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArgusRuntime.class);

    /** In the order they are wired: the error policy and the dead-letter channel first, the HTTP side last. */
    private static final List<Feature> FEATURES = List.of(new ErrorsFeature(), new IngestFeature(),
            new DetectFeature(), new BatchFeature(), new IndexFeature(), new StreamFeature(), new ApiFeature());

    private final ArgusConfig config;
    private final Services services;
    private final Main camel;
    /** What start() opened, in order; closed in reverse. */
    private final List<AutoCloseable> opened;

    private ArgusRuntime(ArgusConfig config, Services services, Main camel, List<AutoCloseable> opened) {
        this.config = config;
        this.services = services;
        this.camel = camel;
        this.opened = opened;
    }

    public static ArgusRuntime start(Properties effective) {
        ArgusConfig config = ArgusConfig.from(effective);
        ExternalEndpoints.verify(config);
        createFolders(config);
        List<AutoCloseable> opened = new ArrayList<>();
        Services services = Services.start(config);
        opened.add(services);
        try {
            Endpoints endpoints = services.endpoints();
            LOG.info("Services: Kafka {} ({}), S3 {}, Elasticsearch {}", endpoints.kafkaBootstrapServers(),
                    endpoints.kafkaSecurity().protocol(),
                    endpoints.s3Endpoint().map(Object::toString).orElse("(AWS default)"), endpoints.elasticsearch().url());
            Platform.Clients clients = clients(config, endpoints, opened);
            Main camel = new Main();
            camel.configure().withName("argus");
            camel.configure().setAutoConfigurationLogSummary(false);
            camel.setPropertyPlaceholderLocations(RouteProperties.CAMEL_DEFAULTS);
            camel.setOverrideProperties(RouteProperties.of(effective, config, endpoints));
            camel.addMainListener(new RouteOverrides(config.routes().dir()));
            camel.addMainListener(new MainListenerSupport() {
                @Override
                public void beforeConfigure(BaseMainSupport main) {
                    // The configuration layers environment and system properties itself (ConfigSource), once.
                    PropertiesComponent properties = (PropertiesComponent) main.getCamelContext().getPropertiesComponent();
                    properties.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
                    properties.setSystemPropertiesMode(PropertiesComponent.SYSTEM_PROPERTIES_MODE_NEVER);
                }
            });
            camel.bind("s3Client", clients.s3());
            Platform platform = new Platform(config, endpoints, clients, new ObjectMapper(), Clock.systemUTC(), camel,
                    opened);
            FEATURES.forEach(feature -> feature.wire(platform));
            opened.add(camel::stop);
            camel.start();
            platform.started();
            return new ArgusRuntime(config, services, camel, opened);
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    /** The clients the features share; topics and the bucket are created when missing. */
    private static Platform.Clients clients(ArgusConfig config, Endpoints endpoints, List<AutoCloseable> opened) {
        S3Client s3 = S3Clients.create(config.s3(), endpoints);
        opened.add(s3);
        S3Clients.ensureBucket(s3, config.s3().bucket());
        Map<String, Object> kafkaConfig = KafkaClients.config(endpoints.kafkaBootstrapServers(), endpoints.kafkaSecurity());
        KafkaTopics.ensure(kafkaConfig, List.of(config.kafka().imageTopic(), config.kafka().detectionTopic(),
                config.kafka().deadLetterTopic()), config.kafka().topicPartitions(), config.kafka().replicationFactor());
        Admin kafka = Admin.create(kafkaConfig);
        opened.add(() -> kafka.close(Duration.ofSeconds(5)));
        ElasticsearchClient elasticsearch = ElasticsearchClients.create(endpoints.elasticsearch());
        opened.add(() -> closeQuietly(elasticsearch));
        S3Client s3ForRequests = S3Clients.withDeadline(config.s3(), endpoints, config.api().deadline());
        opened.add(s3ForRequests);
        ElasticsearchClient esForRequests = ElasticsearchClients.withDeadline(endpoints.elasticsearch(),
                config.api().deadline());
        opened.add(() -> closeQuietly(esForRequests));
        return new Platform.Clients(s3, elasticsearch, kafka, s3ForRequests, esForRequests);
    }

    /** Routes first (in-flight exchanges finish), then the detectors and clients, then the local services. */
    private static void closeAll(List<AutoCloseable> opened) {
        RuntimeException failure = null;
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("stopping Argus failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void createFolders(ArgusConfig config) {
        for (Path folder : List.of(config.dataDir(), config.inbox().dir(), config.inbox().doneDir(),
                config.inbox().rejectedDir(), config.routes().dir())) {
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + folder, e);
            }
        }
    }

    private static void closeQuietly(ElasticsearchClient client) {
        try {
            client._transport().close();
        } catch (IOException e) {
            LOG.debug("Closing the Elasticsearch client: {}", e.toString());
        }
    }

    public ArgusConfig config() {
        return config;
    }

    /** Where the services answer, for the banner and for clients of the same services. */
    public Endpoints endpoints() {
        return services.endpoints();
    }

    /** The services this runtime started itself (kafka, s3proxy, elasticsearch), none when all are external. */
    public List<String> localServiceNames() {
        return services.localServiceNames();
    }

    public CamelContext camelContext() {
        return camel.getCamelContext();
    }

    @Override
    public void close() {
        LOG.info("Stopping Argus");
        closeAll(opened);
    }
}
