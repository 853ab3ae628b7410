package io.argus.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.argus.bench.RunningArgus;
import io.argus.testing.ArgusProcess;
import io.argus.testing.KafkaEvents;
import io.argus.testing.Ports;
import io.argus.testing.RuntimeUnderTest;
import io.argus.testing.SharedServices;
import io.argus.testing.TestDirs;
import io.argus.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runtime's own local services: persistence across restarts, and no orphans after kill -9. */
class LocalServicesLifecycleIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    /** Everything a test launched, ended after it whatever happened (the frozen watchdogs too). */
    private final List<ProcessHandle> launched = new ArrayList<>();

    /** The data directories of this class's tests: their services, and only theirs, are ended after each test. */
    private final List<Path> dataDirs = new ArrayList<>();

    @AfterEach
    void endEverythingLaunched() {
        for (ProcessHandle process : launched) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        // Not the shared services other test classes use: only processes working in our data directories.
        ProcessHandle.current().descendants()
                .filter(process -> process.info().commandLine()
                        .map(command -> dataDirs.stream().anyMatch(dir -> command.contains(dir.toString())))
                        .orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    private Path dataDir(String name) {
        Path dir = TestDirs.create(name);
        dataDirs.add(dir);
        return dir;
    }

    private static Properties settings(Path dataDir) {
        Properties settings = SharedServices.defaults();
        settings.setProperty("argus.data-dir", dataDir.toString());
        return settings;
    }

    private static List<String> imageKeys(RunningArgus argus) {
        return RuntimeUnderTest.objectKeys(argus, "images/");
    }

    private static List<KafkaEvents.Event> events(RunningArgus argus, int expected, Duration window) {
        return KafkaEvents.read(argus.endpoints().kafkaBootstrapServers(), argus.config().kafka().imageTopic(),
                expected, window);
    }

    @Test
    void stoppingAndStartingTheRuntimeKeepsTheObjectsAndTheTopicsData() {
        Path dataDir = dataDir("argus-restart");
        byte[] first = TestImages.jpeg(1, 64, 48);
        try (RunningArgus argus = RunningArgus.start(settings(dataDir))) {
            assertThat(argus.endpoints().localS3Credentials()).as("the S3 server is the runtime's own").isPresent();
            TestImages.write(argus.config().inbox().dir().resolve("a/one.jpg"), first);
            TestImages.write(argus.config().inbox().dir().resolve("b/two.jpg"), TestImages.jpeg(2, 64, 48));
            assertThat(events(argus, 2, PATIENCE)).hasSize(2);
        }

        try (RunningArgus argus = RunningArgus.start(settings(dataDir))) {
            assertThat(imageKeys(argus)).containsExactlyInAnyOrder("images/a/one.jpg", "images/b/two.jpg");
            assertThat(events(argus, 2, PATIENCE)).extracting(KafkaEvents.Event::key)
                    .containsExactlyInAnyOrder("images/a/one.jpg", "images/b/two.jpg");

            TestImages.write(argus.config().inbox().dir().resolve("a/one.jpg"), first);
            TestImages.write(argus.config().inbox().dir().resolve("c/three.jpg"), TestImages.jpeg(3, 64, 48));
            await().atMost(PATIENCE).until(() -> imageKeys(argus).size() == 3);
            assertThat(events(argus, Integer.MAX_VALUE, Duration.ofSeconds(5))).extracting(KafkaEvents.Event::key)
                    .as("the ledger survived the restart: the known image is not published again")
                    .containsExactlyInAnyOrder("images/a/one.jpg", "images/b/two.jpg", "images/c/three.jpg");
        }
    }

    @Test
    void afterKillDashNineNoServiceOfTheRuntimeIsLeftRunning() throws Exception {
        Path dataDir = dataDir("argus-kill");
        Process argus = launch(dataDir, "first");
        List<ProcessHandle> services = servicesOf(argus);

        argus.destroyForcibly().waitFor();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(services).as("service processes of the killed runtime").noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void theNextStartTakesOverServicesThatOutlivedTheirRuntime() throws Exception {
        Path dataDir = dataDir("argus-takeover");
        Process first = launch(dataDir, "first");
        List<ProcessHandle> orphans = servicesOf(first);
        // Freeze the watchdogs (as if hung), so that the services outlive their runtime.
        List<ProcessHandle> watchdogs = first.descendants().filter(p -> !orphans.contains(p)).toList();
        launched.addAll(watchdogs);
        signal("STOP", watchdogs);
        first.destroyForcibly().waitFor();
        Thread.sleep(3000);
        assertThat(orphans).as("with their watchdogs frozen, the services outlive the runtime")
                .allMatch(ProcessHandle::isAlive);
        signal("KILL", watchdogs);

        Process second = launch(dataDir, "second");

        assertThat(orphans).as("taken over by the next start").noneMatch(ProcessHandle::isAlive);
        assertThat(Files.readString(dataDir.resolve("logs/second.out"))).contains("Taking over: local kafka",
                "Taking over: local s3proxy", "Taking over: local elasticsearch");
        List<ProcessHandle> services = servicesOf(second);
        second.destroy();
        assertThat(second.waitFor()).as("exit status after SIGTERM").isIn(0, 143);
        assertThat(services).as("a graceful stop ends every service").noneMatch(ProcessHandle::isAlive);
    }

    private static void signal(String signal, List<ProcessHandle> processes) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        processes.forEach(p -> command.add(Long.toString(p.pid())));
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
    }

    /** Runs `argus run` in its own JVM, as a user would, and waits for it to say it is running. */
    private Process launch(Path dataDir, String name) throws IOException {
        Process process = ArgusProcess.launch(dataDir, name, Ports.free(), Map.of(), PATIENCE);
        launched.add(process.toHandle());
        return process;
    }

    /** The local service processes of a runtime: its descendant JVMs that run Kafka, s3proxy or Elasticsearch. */
    private static List<ProcessHandle> servicesOf(Process runtime) {
        List<ProcessHandle> services = runtime.descendants()
                .filter(p -> p.info().command().map(command -> command.endsWith("/java")).orElse(false))
                .filter(p -> p.info().commandLine().map(line -> line.contains("kafka.Kafka")
                        || line.contains("s3proxy") || line.contains("org.elasticsearch")).orElse(false))
                .toList();
        assertThat(services).as("Kafka, s3proxy and Elasticsearch (launcher and server) processes")
                .hasSizeGreaterThanOrEqualTo(3);
        return services;
    }
}
