package io.argus.api;

import io.argus.batch.BatchHistory;
import io.argus.detect.DetectRoute;
import io.argus.services.ElasticsearchHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.kafka.clients.admin.Admin;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code GET /api/stats}: per-flow throughput, the detection consumers' lag and the last batch run.
 * {@code GET /api/health}: Kafka, S3, Elasticsearch, the flows, a stuck detector and the age of the
 * last successful batch run, each UP or DOWN with why; HTTP 503 when any is down. The same checks are
 * Camel health checks ({@link #healthChecks()}), so the monitoring server's {@code /observe/health}
 * gives the same answer.
 */
public final class StatusApi {
    /**
     * What the status API reads: the services, the flows and the configuration it reports on; the
     * detector is stuck when image events wait and none was detected for {@code stuckAfter}. A check
     * that has not answered within {@code deadline} is down.
     */
    public record Sources(Supplier<CamelContext> camel, FlowStats flows, Admin kafka, ConsumerLag detectLag,
                          S3Client s3, ElasticsearchHealth es, BatchHistory batches, String bucket,
                          Map<String, Object> detector, Duration stuckAfter, BatchSchedule batch, Duration deadline,
                          Clock clock) {
    }

    /** One health check: what it found, or an exception saying why it is down. */
    @FunctionalInterface
    private interface Probe {
        String probe() throws Exception;
    }

    /** Whether the batch flow runs on a schedule, and how old its last success may be. */
    public record BatchSchedule(boolean scheduled, Duration maxAge, Instant startedAt) {
    }

    private final Sources sources;
    private final JsonResponses responses;
    /** The checks run side by side, so that together they take no longer than the deadline. */
    private final ExecutorService checking = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "argus-health-check");
        thread.setDaemon(true);
        return thread;
    });

    public StatusApi(Sources sources, JsonResponses responses) {
        this.sources = sources;
        this.responses = responses;
    }

    public void stats(Exchange exchange) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("flows", sources.flows().snapshot());
        Map<String, Object> detect = new LinkedHashMap<>(sources.detector());
        detect.put("consumer_lag", lagOrError());
        body.put("detect", detect);
        body.put("last_batch_run", sources.batches().lastRun().orElse(null));
        responses.respond(exchange, 200, body);
    }

    public void health(Exchange exchange) throws Exception {
        Map<String, CompletableFuture<Map<String, Object>>> running = new LinkedHashMap<>();
        probes().forEach((name, probe) -> running.put(name, checkWithinDeadline(probe)));
        Map<String, Map<String, Object>> checks = new LinkedHashMap<>();
        running.forEach((name, check) -> checks.put(name, check.join()));
        boolean up = checks.values().stream().allMatch(check -> "UP".equals(check.get("status")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", checks);
        responses.respond(exchange, up ? 200 : 503, body);
    }

    /** The checks of {@code /api/health} as Camel health checks (group "argus"), for {@code /observe/health}. */
    public List<HealthCheck> healthChecks() {
        List<HealthCheck> checks = new ArrayList<>();
        probes().forEach((name, probe) -> checks.add(new AbstractHealthCheck("argus", name) {
            @Override
            protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
                Map<String, Object> result = checkWithinDeadline(probe).join();
                builder.detail("detail", result.get("detail"));
                builder.message(String.valueOf(result.get("detail")));
                builder.state("UP".equals(result.get("status")) ? HealthCheck.State.UP : HealthCheck.State.DOWN);
            }
        }));
        return checks;
    }

    private Map<String, Probe> probes() {
        Map<String, Probe> checks = new LinkedHashMap<>();
        checks.put("kafka", () -> sources.kafka().describeCluster().nodes()
                .get(sources.deadline().toMillis(), TimeUnit.MILLISECONDS).size() + " broker(s)");
        checks.put("s3", () -> {
            sources.s3().headBucket(r -> r.bucket(sources.bucket()));
            return "bucket " + sources.bucket();
        });
        checks.put("elasticsearch", () -> {
            String status = sources.es().clusterStatus();
            if (!"green".equals(status) && !"yellow".equals(status)) {
                throw new IllegalStateException("cluster status " + status);
            }
            return "cluster status " + status;
        });
        checks.put("flows", () -> {
            // A route configured not to start (the schedule when argus.batch.scheduled=false) is not down.
            List<String> stopped = sources.camel().get().getRoutes().stream()
                    .filter(route -> !Boolean.FALSE.equals(route.isAutoStartup()))
                    .filter(route -> sources.camel().get().getRouteController().getRouteStatus(route.getRouteId())
                            != ServiceStatus.Started)
                    .map(route -> route.getRouteId()).toList();
            if (!stopped.isEmpty()) {
                throw new IllegalStateException("not started: " + String.join(", ", stopped));
            }
            return "all routes that should run are started";
        });
        checks.put("detector", this::detectorHealth);
        checks.put("batch", this::batchHealth);
        return checks;
    }

    /** Stuck when image events wait and none was detected for argus.detect.stuck-after (or since the start). */
    private String detectorHealth() throws Exception {
        long lag = sources.detectLag().records();
        Duration stuckAfter = sources.stuckAfter();
        Instant lastDetected = sources.flows().lastCompleted(DetectRoute.ROUTE_ID)
                .orElse(sources.batch().startedAt());
        Duration idle = Duration.between(lastDetected, sources.clock().instant());
        if (lag > 0 && idle.compareTo(stuckAfter) > 0) {
            throw new IllegalStateException("stuck: " + lag + " image events wait and none was detected for "
                    + idle.toSeconds() + " s (argus.detect.stuck-after is " + stuckAfter.toSeconds() + " s)");
        }
        return sources.detector().get("detector") + ", " + sources.detector().get("workers") + " workers, lag " + lag;
    }

    private String batchHealth() {
        BatchSchedule batch = sources.batch();
        if (!batch.scheduled()) {
            return "schedule off (argus.batch.scheduled=false)";
        }
        Instant now = sources.clock().instant();
        Instant lastSuccess = sources.batches().latest().map(BatchHistory.Latest::lastSuccess)
                .map(run -> Instant.parse(run.end())).orElse(null);
        Instant since = lastSuccess == null ? batch.startedAt() : lastSuccess;
        Duration age = Duration.between(since, now);
        String what = lastSuccess == null ? "no successful run since the start " : "last successful run ";
        if (age.compareTo(batch.maxAge()) > 0) {
            throw new IllegalStateException(what + age.toSeconds() + " s ago, more than argus.batch.max-age ("
                    + batch.maxAge().toSeconds() + " s)");
        }
        return what + age.toSeconds() + " s ago";
    }

    private Object lagOrError() {
        try {
            return sources.detectLag().records();
        } catch (Exception e) {
            return Map.of("error", "Kafka is unavailable: " + e.getMessage());
        }
    }

    /** The check's result, or DOWN when it has not answered within the deadline (its call ends by its own). */
    private CompletableFuture<Map<String, Object>> checkWithinDeadline(Probe probe) {
        Map<String, Object> late = new LinkedHashMap<>();
        late.put("status", "DOWN");
        late.put("detail", "no answer within argus.api.deadline (" + sources.deadline().toMillis() + " ms)");
        return CompletableFuture.supplyAsync(() -> check(probe), checking)
                .completeOnTimeout(late, sources.deadline().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Map<String, Object> check(Probe detail) {
        Map<String, Object> result = new LinkedHashMap<>();
        try {
            String found = detail.probe();
            result.put("status", "UP");
            result.put("detail", found);
        } catch (Exception e) {
            result.put("status", "DOWN");
            result.put("detail", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return result;
    }
}
