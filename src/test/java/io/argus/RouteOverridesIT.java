package io.argus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.argus.batch.BatchRun;
import io.argus.bench.RunningArgus;
import io.argus.errors.FlowErrorPolicy;
import io.argus.testing.RuntimeUnderTest;
import io.argus.testing.TestImages;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.ServiceStatus;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.errorhandler.DeadLetterChannelDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * YAML files in argus.routes.dir over the Java routes: they replace the built-in error handling,
 * disable a route, add one, and, with reload on, a changed file changes a route's endpoint options
 * while Argus runs.
 */
class RouteOverridesIT {
    /** Files that keep failing are parked in rejected/ after one retry; the gallery's indexer is off; a route is added. */
    private static final String PARK_FAILURES = """
            - routeConfiguration:
                id: argus-default
                errorHandler:
                  deadLetterChannel:
                    deadLetterUri: direct:park
                    redeliveryPolicy:
                      maximumRedeliveries: 1
                      redeliveryDelay: 100
            - route:
                id: park
                from:
                  uri: direct:park
                  steps:
                    - bean:
                        ref: ingestSteps
                        method: reject
            - route:
                id: index-detections
                autoStartup: false
                from:
                  uri: "kafka:{{argus.kafka.detection-topic}}"
                  steps:
                    - log: not started
            """;

    /** The same, and the batch schedule's endpoint with a cron of every two seconds. */
    private static final String PARK_FAILURES_AND_BATCH_EVERY_TWO_SECONDS = PARK_FAILURES + """
            - route:
                id: aggregate-schedule
                routeConfigurationId: argus-default
                from:
                  uri: quartz:argus/aggregate
                  parameters:
                    cron: "0/2 * * * * ?"
                    stateful: true
                  steps:
                    - setHeader:
                        name: argusBatchTrigger
                        constant: schedule
                    - to: direct:aggregate
            """;

    @TempDir
    Path dataDir;

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    @Test
    void theShippedExampleSetsTheScheduleTheErrorPolicyAndStopsTheIndexer() throws Exception {
        Path routes = Files.createDirectories(dataDir.resolve("routes"));
        try (InputStream example = RouteOverridesIT.class.getResourceAsStream("/routes/examples/overrides.yaml")) {
            Files.copy(example, routes.resolve("overrides.yaml"));
        }
        RunningArgus argus = runtime.start(dataDir, Map.of());

        assertThat(argus.camelContext().getRoute("aggregate-schedule").getEndpoint().getEndpointUri())
                .contains("cron=0+0%2F5");
        assertThat(argus.camelContext().getRouteController().getRouteStatus("index-detections"))
                .isEqualTo(ServiceStatus.Stopped);
        RouteConfigurationDefinition policy = ((ModelCamelContext) argus.camelContext())
                .getRouteConfigurationDefinition(FlowErrorPolicy.ID);
        assertThat(policy.getErrorHandler().getErrorHandlerType())
                .isInstanceOfSatisfying(DeadLetterChannelDefinition.class, channel -> {
                    assertThat(channel.getDeadLetterUri()).isEqualTo("direct:dead-letter");
                    assertThat(channel.getRedeliveryPolicy().getMaximumRedeliveries()).isEqualTo("10");
                });
        assertThat(argus.camelContext().getRouteController().getRouteStatus("detect"))
                .as("the routes the file leaves alone").isEqualTo(ServiceStatus.Started);
    }

    @Test
    void yamlReplacesErrorHandlingDisablesAndAddsRoutesAndAChangedFileReloadsWithoutRestart() throws Exception {
        Path routes = Files.createDirectories(dataDir.resolve("routes"));
        Files.writeString(routes.resolve("overrides.yaml"), PARK_FAILURES);
        RunningArgus argus = runtime.start(dataDir, Map.of("argus.routes.reload", "true",
                "argus.batch.scheduled", "false"));

        assertThat(argus.camelContext().getRouteController().getRouteStatus("index-detections"))
                .as("disabled by the YAML file").isEqualTo(ServiceStatus.Stopped);
        assertThat(argus.camelContext().getRoute("park")).as("added by the YAML file").isNotNull();

        // S3 fails for good: the built-in handling would retry and leave the file in the inbox, the YAML parks it.
        String bucket = argus.config().s3().bucket();
        argus.s3().deleteBucket(r -> r.bucket(bucket));
        Path inbox = argus.config().inbox().dir();
        TestImages.write(inbox.resolve("cam/a.jpg"), TestImages.jpeg(1, 64, 48));
        Path parked = argus.config().inbox().rejectedDir().resolve("cam/a.jpg");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(parked.resolveSibling("a.jpg.reason")));
        assertThat(parked).exists();
        assertThat(Files.readString(parked.resolveSibling("a.jpg.reason"))).containsIgnoringCase("bucket");
        assertThat(inbox.resolve("cam/a.jpg")).doesNotExist();
        argus.s3().createBucket(r -> r.bucket(bucket));

        assertThat(argus.batchHistory().recent(10)).as("the schedule is off").isEmpty();
        Path next = dataDir.resolve("overrides.yaml.next");
        Files.writeString(next, PARK_FAILURES_AND_BATCH_EVERY_TWO_SECONDS);
        Files.move(next, routes.resolve("overrides.yaml"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);

        await().atMost(Duration.ofSeconds(60)).until(() -> argus.batchHistory().recent(10).stream()
                .anyMatch(run -> run.trigger().equals("schedule") && run.status() == BatchRun.Status.SUCCEEDED));
        assertThat(argus.camelContext().getRoute("aggregate-schedule").getEndpoint().getEndpointUri())
                .contains("cron=0%2F2");
        assertThat(argus.camelContext().getRouteController().getRouteStatus("index-detections"))
                .isEqualTo(ServiceStatus.Stopped);
    }
}
