package io.argus;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.config.ArgusConfig;
import io.argus.config.ExternalEndpoints;
import io.argus.detect.DetectRoute;
import io.argus.detect.DetectSteps;
import io.argus.detect.Detectors;
import io.argus.ingest.ImageInspector;
import io.argus.ingest.InboxFiles;
import io.argus.ingest.IngestLedger;
import io.argus.ingest.IngestRoute;
import io.argus.ingest.IngestSteps;
import io.argus.local.LocalServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.opencv.core.Core;
import org.apache.camel.component.properties.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One Argus: its services (external or local), its clients, and the Camel routes. Started and
 * stopped as a whole, by the CLI or by a test.
 */
public final class ArgusRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArgusRuntime.class);

    private final ArgusConfig config;
    private final LocalServices services;
    private final S3Client s3;
    private final Main camel;

    private ArgusRuntime(ArgusConfig config, LocalServices services, S3Client s3, Main camel) {
        this.config = config;
        this.services = services;
        this.s3 = s3;
        this.camel = camel;
    }

    public static ArgusRuntime start(Properties effective) {
        ArgusConfig config = ArgusConfig.from(effective);
        ExternalEndpoints.verify(config);
        createFolders(config);
        LocalServices services = LocalServices.start(config);
        S3Client s3 = null;
        Main camel = null;
        try {
            LocalServices.Endpoints endpoints = services.endpoints();
            s3 = S3Clients.create(config.s3(), endpoints);
            S3Clients.ensureBucket(s3, config.s3().bucket());
            KafkaTopics.ensure(endpoints.kafkaBootstrapServers(), List.of(config.kafka().imageTopic(),
                    config.kafka().detectionTopic(), config.kafka().deadLetterTopic()),
                    config.kafka().topicPartitions(), config.kafka().replicationFactor());
            camel = camel(config, RouteProperties.of(effective, config, endpoints), s3);
            camel.start();
            return new ArgusRuntime(config, services, s3, camel);
        } catch (RuntimeException e) {
            if (camel != null) {
                camel.stop();
            }
            if (s3 != null) {
                s3.close();
            }
            services.close();
            throw e;
        }
    }

    private static Main camel(ArgusConfig config, Properties routeProperties, S3Client s3) {
        ObjectMapper json = new ObjectMapper();
        ArgusConfig.S3 s3Config = config.s3();
        IngestSteps ingest = new IngestSteps(
                new ImageInspector(config.ingest().maxFileSize(), config.ingest().exifZone()),
                new IngestLedger(s3, json, s3Config.bucket(), s3Config.imagesPrefix(), s3Config.ledgerPrefix()),
                new InboxFiles(config.inbox()), json, s3Config.bucket(), s3Config.imagesPrefix(),
                config.ingest().videoFrameInterval(), Clock.systemUTC());

        DetectSteps detect = new DetectSteps(s3, json, s3Config, config.detect(), Detectors.factory(config.detect()),
                Clock.systemUTC());
        // Workers times OpenCV's own threads should not exceed the cores.
        Core.setNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors() / config.detect().workers()));

        Main main = new Main();
        main.setOverrideProperties(routeProperties);
        main.bind("s3Client", s3);
        main.configure().withName("argus");
        main.configure().setAutoConfigurationLogSummary(false);
        main.configure().addRoutesBuilder(new ArgusRouteConfiguration());
        main.configure().addRoutesBuilder(new IngestRoute(ingest));
        main.configure().addRoutesBuilder(new DetectRoute(detect));
        main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void beforeConfigure(org.apache.camel.main.BaseMainSupport main) {
                // The configuration layers environment and system properties itself (ConfigSource), once.
                PropertiesComponent properties = (PropertiesComponent) main.getCamelContext().getPropertiesComponent();
                properties.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
                properties.setSystemPropertiesMode(PropertiesComponent.SYSTEM_PROPERTIES_MODE_NEVER);
            }
        });
        return main;
    }

    private static void createFolders(ArgusConfig config) {
        for (Path folder : List.of(config.dataDir(), config.inbox().dir(), config.inbox().doneDir(),
                config.inbox().rejectedDir())) {
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + folder, e);
            }
        }
    }

    public ArgusConfig config() {
        return config;
    }

    public LocalServices.Endpoints endpoints() {
        return services.endpoints();
    }

    public S3Client s3() {
        return s3;
    }

    public CamelContext camelContext() {
        return camel.getCamelContext();
    }

    /** Routes first (in-flight exchanges finish), then the clients, then the local services. */
    @Override
    public void close() {
        LOG.info("Stopping Argus");
        try {
            camel.stop();
        } finally {
            s3.close();
            services.close();
        }
    }
}
