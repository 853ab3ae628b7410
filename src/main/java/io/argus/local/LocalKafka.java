package io.argus.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** A single-node KRaft Kafka broker (broker and controller in one JVM), data kept in the data directory. */
final class LocalKafka {
    private LocalKafka() {
    }

    static LocalService start(ServiceLayout layout, int configuredPort, Duration timeout) {
        Path home = layout.serviceData("kafka");
        Path logDir = home.resolve("log");
        int port = ServiceLayout.portOrFree(configuredPort);
        int controllerPort = ServiceLayout.portOrFree(0);
        Path serverProperties = home.resolve("server.properties");
        Path log4j = home.resolve("log4j2.properties");
        try {
            Files.createDirectories(logDir);
            writeServerProperties(serverProperties, logDir, port, controllerPort);
            ServiceLayout.copyResource("log4j2-kafka.properties", log4j);
            List<String> jvm = List.of(ServiceLayout.javaExecutable(), "-Xms256m", "-Xmx512m",
                    "-Dlog4j2.configurationFile=" + log4j,
                    "-cp", layout.distribution("kafka.lib").resolve("*").toString());
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(layout, jvm, serverProperties, timeout);
            }
            List<String> command = new ArrayList<>(jvm);
            command.addAll(List.of("kafka.Kafka", serverProperties.toString()));
            SupervisedProcess process = SupervisedProcess.start(new SupervisedProcess.Spec("kafka", command, home,
                    layout.runDir(), layout.logFile("kafka"), serverProperties.toString(), Map.of()));
            String bootstrap = "127.0.0.1:" + port;
            process.awaitReady(() -> clusterAnswers(bootstrap, port), timeout);
            return new LocalService("kafka", bootstrap, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the local Kafka broker in " + home, e);
        }
    }

    private static void writeServerProperties(Path file, Path logDir, int port, int controllerPort) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "Written by Argus at every start of the local broker");
        }
    }

    private static void format(ServiceLayout layout, List<String> jvm, Path serverProperties, Duration timeout)
            throws IOException {
        List<String> command = new ArrayList<>(jvm);
        command.addAll(List.of("kafka.tools.StorageTool", "format", "--ignore-formatted",
                "--cluster-id", newClusterId(), "--config", serverProperties.toString()));
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

    private static boolean clusterAnswers(String bootstrap, int port) {
        if (!ServiceLayout.portOpen(port)) {
            return false;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }
}
