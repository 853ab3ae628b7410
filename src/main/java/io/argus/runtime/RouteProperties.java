package io.argus.runtime;

import io.argus.services.KafkaClients;
import io.argus.config.ArgusConfig;
import io.argus.config.Setting;
import io.argus.config.Settings;
import io.argus.services.Endpoints;
import java.time.Duration;
import java.util.Properties;

/**
 * The properties the routes' {{placeholders}} see: the effective configuration with derived values
 * filled in (absolute folders, durations in milliseconds) and the endpoints of the services. Camel's
 * fixed settings are in {@code camel.properties} ({@link #CAMEL_DEFAULTS}).
 */
public final class RouteProperties {
    /** Camel's settings that are the same for every run, below these in precedence. */
    public static final String CAMEL_DEFAULTS = "classpath:camel.properties";

    /** Kafka's own default heartbeat interval. */
    private static final Duration MAX_HEARTBEAT = Duration.ofSeconds(3);

    private RouteProperties() {
    }

    public static Properties of(Properties effective, ArgusConfig config, Endpoints endpoints) {
        Properties p = new Properties();
        p.putAll(effective);
        // Credentials stay with the S3 client; routes have no use for them.
        Settings.all().stream().filter(Setting::secret).forEach(setting -> p.remove(setting.name()));
        ArgusConfig.Inbox inbox = config.inbox();
        p.setProperty("argus.data-dir", config.dataDir().toString());
        p.setProperty("argus.inbox.dir", inbox.dir().toString());
        p.setProperty("argus.inbox.done-dir", inbox.doneDir().toString());
        p.setProperty("argus.inbox.rejected-dir", inbox.rejectedDir().toString());
        p.setProperty("argus.inbox.poll-interval", millis(inbox.pollInterval()));
        p.setProperty("argus.inbox.stable-for", millis(inbox.stableFor()));
        p.setProperty("argus.kafka.bootstrap-servers", endpoints.kafkaBootstrapServers());
        // The detector that runs: auto is resolved to it (the inference metric is tagged with it).
        p.setProperty("argus.detect.detector", config.detect().detector());
        p.setProperty("argus.detect.workers", Integer.toString(config.detect().workers()));
        p.setProperty("argus.detect.in-flight", Integer.toString(config.detect().inFlight()));
        p.setProperty("argus.elasticsearch.url", endpoints.elasticsearch().url().toString());
        endpoints.s3Endpoint().ifPresent(uri -> p.setProperty("argus.s3.endpoint", uri.toString()));

        if (config.routes().reload()) {
            // Camel's own watcher reloads a changed YAML file; only the routes it defines are replaced.
            p.setProperty("camel.main.routes-reload-enabled", "true");
            p.setProperty("camel.main.routes-reload-directory", config.routes().dir().toString());
            p.setProperty("camel.main.routes-reload-pattern", "*.yaml");
            p.setProperty("camel.main.routes-reload-remove-all-routes", "false");
        }

        p.setProperty("camel.server.host", config.api().host());
        p.setProperty("camel.server.port", Integer.toString(config.api().port()));
        p.setProperty("camel.management.host", config.monitor().host());
        p.setProperty("camel.management.port", Integer.toString(config.monitor().port()));
        p.setProperty("camel.management.jolokia-enabled", Boolean.toString(config.monitor().jolokia()));
        p.setProperty("camel.component.kafka.brokers", endpoints.kafkaBootstrapServers());
        Duration session = config.kafka().sessionTimeout();
        p.setProperty("camel.component.kafka.session-timeout-ms", millis(session));
        p.setProperty("camel.component.kafka.heartbeat-interval-ms",
                millis(session.dividedBy(3).compareTo(MAX_HEARTBEAT) < 0 ? session.dividedBy(3) : MAX_HEARTBEAT));
        ArgusConfig.KafkaSecurity kafka = endpoints.kafkaSecurity();
        p.setProperty("camel.component.kafka.security-protocol", kafka.protocol().name());
        if (kafka.sasl()) {
            p.setProperty("camel.component.kafka.sasl-mechanism", KafkaClients.mechanism(kafka));
            p.setProperty("camel.component.kafka.sasl-jaas-config", KafkaClients.jaasConfig(kafka));
        }
        if (kafka.tls()) {
            kafka.caCertificate().ifPresent(ca -> {
                p.setProperty("camel.component.kafka.ssl-truststore-type", "PEM");
                p.setProperty("camel.component.kafka.ssl-truststore-location", ca.toString());
            });
        }
        return p;
    }

    private static String millis(Duration duration) {
        return Long.toString(duration.toMillis());
    }
}
