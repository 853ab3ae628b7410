package io.argus.services;

import io.argus.config.ArgusConfig.KafkaSecurity;
import io.argus.config.ArgusConfig.SaslMechanism;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/** The settings every Kafka client of Argus shares: where the brokers are, and how to authenticate and encrypt. */
public final class KafkaClients {
    private KafkaClients() {
    }

    /** Bootstrap servers and security, for an Admin, a producer or a consumer. */
    public static Map<String, Object> config(String bootstrapServers, KafkaSecurity security) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, security.protocol().name());
        if (security.sasl()) {
            config.put(SaslConfigs.SASL_MECHANISM, mechanism(security));
            config.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(security));
        }
        if (security.tls()) {
            security.caCertificate().ifPresent(ca -> {
                config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
                config.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, ca.toString());
            });
        }
        return config;
    }

    /** {@code SCRAM-SHA-512}, as Kafka spells it. */
    public static String mechanism(KafkaSecurity security) {
        return security.mechanism().name().replace('_', '-').toUpperCase(Locale.ROOT);
    }

    /** The JAAS line of the SASL login, with the user and password quoted for JAAS. */
    public static String jaasConfig(KafkaSecurity security) {
        String module = security.mechanism() == SaslMechanism.PLAIN
                ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return module + " required username=\"" + quoted(security.username().orElseThrow()) + "\" password=\""
                + quoted(security.password().orElseThrow().value()) + "\";";
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
