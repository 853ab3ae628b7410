package io.argus.bench;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.json.JsonpUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.index.BucketCount;
import io.argus.index.CountsBoundary;
import io.argus.index.CountsIndexer;
import io.argus.index.CountsQueries;
import io.argus.index.IndexResult;
import io.argus.index.Interval;
import io.argus.index.TimeRange;
import io.argus.services.ElasticsearchClients;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Latency and throughput of the dashboard's two busiest endpoints under concurrent clients, over a
 * large counts index, against the very same searches sent straight to Elasticsearch in the same run.
 */
@Command(name = "api", description = "Latency of /api/timeline and /api/label_counts against the same searches"
        + " sent straight to Elasticsearch.")
public final class ApiBenchmark implements Callable<Integer> {
    private static final Instant FIRST_HOUR = Instant.parse("2024-01-01T00:00:00Z");

    @Option(names = "--documents", defaultValue = "1000000", description = "Count documents (default: ${DEFAULT-VALUE}).")
    int documents;

    @Option(names = "--labels", defaultValue = "50", description = "Labels (default: ${DEFAULT-VALUE}).")
    int labels;

    @Option(names = "--clients", defaultValue = "100", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--cache-ttl", defaultValue = "5s", description = "argus.api.cache-ttl (default: ${DEFAULT-VALUE}).")
    String cacheTtl;

    @Option(names = "--requests", defaultValue = "2000",
            description = "Requests per endpoint and side (default: ${DEFAULT-VALUE}).")
    int requests;

    @Override
    public Integer call() throws Exception {
        try (BenchWorkspace workspace = new BenchWorkspace("api")) {
            Properties settings = workspace.settings();
            settings.setProperty("argus.api.cache-ttl", cacheTtl);
            try (RunningArgus argus = RunningArgus.start(settings)) {
                run(argus);
            }
        }
        return 0;
    }

    private record Case(String name, String argusPath, SearchRequest search) {
    }

    private record Measured(double requestsPerSecond, List<Long> latenciesMicros) {
        long percentile(double p) {
            return latenciesMicros.get(Math.min(latenciesMicros.size() - 1,
                    (int) Math.ceil(latenciesMicros.size() * p) - 1));
        }
    }

    private void run(RunningArgus argus) throws Exception {
        String index = argus.config().index().name();
        int hours = documents / labels;
        long started = System.nanoTime();
        IndexResult loaded = load(argus, hours);
        argus.elasticsearch().indices().refresh(r -> r.index(index));
        argus.elasticsearch().indices().forcemerge(f -> f.index(index).maxNumSegments(1L));
        System.out.printf("%nLoaded %,d count documents (%d labels x %,d hours) in %.0f s%n", loaded.indexed(), labels,
                hours, (System.nanoTime() - started) / 1e9);

        // A batch run confirms the loaded buckets (all in the past): the API then answers them from the
        // counts index, as the plain searches do.
        Instant confirmed = Instant.parse(argus.runBatch("bench").start()).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        CountsQueries queries = new CountsQueries(argus.elasticsearch(), index, argus.config().index().liveName(),
                CountsBoundary.at(Optional.of(confirmed)), Duration.ZERO);
        Instant to = FIRST_HOUR.plus(Duration.ofHours(hours));
        Instant from = to.minus(Duration.ofDays(90));
        List<String> timelineLabels = List.of(label(0), label(1), label(2));
        List<Case> cases = List.of(
                new Case("label_counts (all data)", "/api/label_counts",
                        queries.labelCountsRequest(TimeRange.ALL,
                                1000)),
                new Case("timeline (3 labels, 90 days, 1d)", "/api/timeline?label=" + String.join("&label=",
                        timelineLabels) + "&from=" + from + "&to=" + to + "&interval=1d",
                        queries.timelineRequest(timelineLabels, from, to, Interval.parse("1d"), ZoneOffset.UTC)));

        HttpClient http = ElasticsearchClients.httpClient(argus.endpoints().elasticsearch())
                .executor(Executors.newFixedThreadPool(4)).build();
        String api = "http://127.0.0.1:" + argus.config().api().port();
        URI search = URI.create(argus.endpoints().elasticsearch().url() + "/" + index
                + "/_search?ignore_unavailable=true&allow_no_indices=true");
        System.out.printf("API benchmark: %d concurrent clients, %,d requests per endpoint and side,"
                + " argus.api.cache-ttl %s%n", clients, requests, cacheTtl);
        for (Case c : cases) {
            HttpRequest viaArgus = HttpRequest.newBuilder(URI.create(api + c.argusPath())).GET().build();
            HttpRequest.Builder directRequest = HttpRequest.newBuilder(search).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JsonpUtils.toJsonString(c.search(),
                            argus.elasticsearch()._jsonpMapper())));
            ElasticsearchClients.authorization(argus.endpoints().elasticsearch())
                    .ifPresent(value -> directRequest.header("Authorization", value));
            HttpRequest direct = directRequest.build();
            measure(http, direct, requests / 4);
            measure(http, viaArgus, requests / 4);
            // Elasticsearch alone before and after Argus, merged: keeps the machine's drift out of the ratio.
            Measured before = measure(http, direct, requests / 2);
            Measured through = measure(http, viaArgus, requests);
            Measured after = measure(http, direct, requests / 2);
            List<Long> directLatencies = new ArrayList<>(before.latenciesMicros());
            directLatencies.addAll(after.latenciesMicros());
            Collections.sort(directLatencies);
            Measured straight = new Measured((before.requestsPerSecond() + after.requestsPerSecond()) / 2,
                    directLatencies);
            System.out.printf("  %s%n", c.name());
            print("Elasticsearch _search", straight);
            print("Argus " + c.argusPath().replaceFirst("\\?.*", ""), through);
            System.out.printf("    ratio p99 Argus / Elasticsearch: %.2f (target <= 1.20); p50 %.2f%n",
                    through.percentile(0.99) / (double) straight.percentile(0.99),
                    through.percentile(0.50) / (double) straight.percentile(0.50));
        }
    }

    private static void print(String side, Measured measured) {
        System.out.printf("    %-28s %8.0f requests/s   p50 %7.1f ms   p99 %7.1f ms%n", side,
                measured.requestsPerSecond(), measured.percentile(0.50) / 1000.0, measured.percentile(0.99) / 1000.0);
    }

    private Measured measure(HttpClient http, HttpRequest request, int total) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    while (next.getAndIncrement() < total) {
                        long sent = System.nanoTime();
                        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        latencies.add((System.nanoTime() - sent) / 1000);
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                                    + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Measured(total / seconds, sorted);
    }

    private IndexResult load(RunningArgus argus, int hours) throws IOException {
        List<BucketCount> counts = new ArrayList<>(hours * labels);
        TreeSet<String> buckets = new TreeSet<>();
        for (int h = 0; h < hours; h++) {
            String bucket = FIRST_HOUR.plus(Duration.ofHours(h)).toString();
            buckets.add(bucket);
            for (int l = 0; l < labels; l++) {
                counts.add(new BucketCount(label(l), bucket, 1 + (h * 31L + l * 17L) % 50));
            }
        }
        IndexResult result = new CountsIndexer(argus.elasticsearch(), argus.config().index(), new ObjectMapper())
                .index("bench", "s3://bench/counts", counts, buckets);
        if (!result.verified()) {
            throw new IllegalStateException("loading the counts failed: " + result.verification());
        }
        return result;
    }

    private static String label(int l) {
        return String.format("label_%02d", l);
    }
}
