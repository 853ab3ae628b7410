package io.argus.local;

import io.argus.services.KafkaClients;
import io.argus.config.ArgusConfig.KafkaProtocol;
import io.argus.config.ArgusConfig.KafkaSecurity;
import io.argus.config.ArgusConfig.SaslMechanism;
import io.argus.config.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A single-node KRaft Kafka broker (broker and controller in one JVM), data kept in the data
 * directory. With SASL its client listener takes SASL/SCRAM-SHA-512 only, for a user whose
 * password is generated into a file only Argus's user can read and added when the storage is formatted.
 */
final class LocalKafka {
    private static final String USER = "argus";

    private LocalKafka() {
    }

    /** How clients reach this data directory's local broker. */
    static KafkaSecurity security(ServiceLayout layout, boolean sasl) {
        if (!sasl) {
            return KafkaSecurity.NONE;
        }
        Properties credentials = PrivateFiles.generatedUser(credentialsFile(layout), USER);
        return new KafkaSecurity(KafkaProtocol.SASL_PLAINTEXT, SaslMechanism.SCRAM_SHA_512,
                Optional.of(credentials.getProperty("username")), Optional.of(new Secret(credentials.getProperty("password"))),
                Optional.empty());
    }

    private static Path credentialsFile(ServiceLayout layout) {
        return layout.serviceData("kafka").resolveSibling("kafka-credentials.properties");
    }

    static LocalService start(ServiceLayout layout, int configuredPort, boolean sasl, Duration timeout) {
        Path home = layout.serviceData("kafka");
        Path logDir = home.resolve("log");
        int port = ServiceLayout.portOrFree(configuredPort);
        int controllerPort = ServiceLayout.portOrFree(0);
        Path serverProperties = home.resolve("server.properties");
        Path log4j = home.resolve("log4j2.properties");
        try {
            Files.createDirectories(logDir);
            boolean formatted = Files.exists(logDir.resolve("meta.properties"));
            if (sasl && formatted && !Files.exists(credentialsFile(layout))) {
                throw new IllegalStateException("The local Kafka's data in " + home + " was made without SASL, so it"
                        + " has no SCRAM user: delete that folder (its topics are lost) or set argus.local.kafka.sasl=false");
            }
            KafkaSecurity security = security(layout, sasl);
            writeServerProperties(serverProperties, logDir, port, controllerPort, security);
            ServiceLayout.copyResource("log4j2-kafka.properties", log4j);
            List<String> jvm = List.of(ServiceLayout.javaExecutable(), "-Xms256m", "-Xmx512m",
                    "-Dlog4j2.configurationFile=" + log4j,
                    "-cp", layout.distribution("kafka.lib").resolve("*").toString());
            if (!formatted) {
                format(layout, jvm, serverProperties, security, timeout);
            }
            List<String> command = new ArrayList<>(jvm);
            command.addAll(List.of("kafka.Kafka", serverProperties.toString()));
            SupervisedProcess process = SupervisedProcess.start(new SupervisedProcess.Spec("kafka", command, home,
                    layout.runDir(), layout.logFile("kafka"), serverProperties.toString(), Map.of()));
            String bootstrap = "127.0.0.1:" + port;
            process.awaitReady(() -> clusterAnswers(bootstrap, security, port), timeout);
            return new LocalService("kafka", bootstrap, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the local Kafka broker in " + home, e);
        }
    }

    private static void writeServerProperties(Path file, Path logDir, int port, int controllerPort,
                                              KafkaSecurity security) throws IOException {
        Properties p = new Properties();
        String listener = security.protocol().name();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", listener + "://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT");
        p.setProperty("inter.broker.listener.name", listener);
        if (security.sasl()) {
            String mechanism = KafkaClients.mechanism(security);
            p.setProperty("sasl.enabled.mechanisms", mechanism);
            p.setProperty("sasl.mechanism.inter.broker.protocol", mechanism);
            p.setProperty("listener.name." + listener.toLowerCase(Locale.ROOT) + "."
                    + mechanism.toLowerCase(Locale.ROOT) + ".sasl.jaas.config", KafkaClients.jaasConfig(security));
        }
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        PrivateFiles.write(file, p);
    }

    /** Formats the log directory; with SASL it also adds the SCRAM user, which must exist before the broker starts. */
    private static void format(ServiceLayout layout, List<String> jvm, Path serverProperties, KafkaSecurity security,
                               Duration timeout) throws IOException {
        List<String> command = new ArrayList<>(jvm);
        command.addAll(List.of("kafka.tools.StorageTool", "format", "--ignore-formatted",
                "--cluster-id", newClusterId(), "--config", serverProperties.toString()));
        if (security.sasl()) {
            command.addAll(List.of("--add-scram", KafkaClients.mechanism(security) + "=[name="
                    + security.username().orElseThrow() + ",password=" + security.password().orElseThrow().value() + "]"));
        }
        Process format = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.logFile("kafka").toFile())).start();
        try {
            if (!format.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting the local Kafka log directory failed; see "
                        + layout.logFile("kafka"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
    }

    /** Kafka's cluster ids are 16 random bytes in URL-safe base64, never starting with '-'. */
    private static String newClusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    private static boolean clusterAnswers(String bootstrap, KafkaSecurity security, int port) {
        if (!ServiceLayout.portOpen(port)) {
            return false;
        }
        Map<String, Object> config = KafkaClients.config(bootstrap, security);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        try (Admin admin = Admin.create(config)) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }
}
