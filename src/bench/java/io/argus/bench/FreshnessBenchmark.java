package io.argus.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Freshness: the time from an image dropped into the inbox to its count in {@code /api/count_specific}
 * (what {@code /api/label_counts} and the dashboard show), at a steady rate, with the default
 * settings. Every image is a copy of one photo, so each adds the same count of one label, and the
 * n-th increment of the count is the n-th image becoming visible.
 */
@Command(name = "freshness", description = "Time from an image dropped into the inbox to its live count in the API.")
public final class FreshnessBenchmark implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--images", defaultValue = "100", description = "Images dropped (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--rate", defaultValue = "5", description = "Images per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--photo", defaultValue = "astronaut.png",
            description = "The photo dropped, from the test photos folder (default: ${DEFAULT-VALUE}).")
    String photo;

    @Override
    public Integer call() throws Exception {
        byte[] content = Files.readAllBytes(LabelledSet.defaultFolder().resolve(photo));
        String extension = photo.substring(photo.lastIndexOf('.'));
        try (BenchWorkspace workspace = new BenchWorkspace("freshness")) {
            Properties settings = workspace.settings();
            try (RunningArgus argus = RunningArgus.start(settings)) {
                HttpClient http = HttpClient.newHttpClient();
                String api = "http://127.0.0.1:" + argus.config().api().port();
                Path inbox = argus.config().inbox().dir();
                Path staging = workspace.folder().resolve("staging");
                Files.createDirectories(staging);

                // The first image tells which label to watch and how much each image adds.
                drop(content, staging, inbox, "first" + extension);
                JsonNode first = waitForCounts(http, api);
                String label = first.path("labels").get(0).asText();
                long perImage = first.path("counts").get(0).asLong();
                System.out.printf("%nEach image adds %d %s (detector %s); dropping %d images at %.1f/s%n", perImage,
                        label, argus.config().detect().detector(), images, rate);

                long[] dropped = new long[images];
                long[] visible = new long[images];
                long interval = Math.round(1e9 / rate);
                long start = System.nanoTime();
                int seen = 0;
                long base = perImage;
                for (int i = 0; i < images || seen < images; ) {
                    long now = System.nanoTime();
                    if (i < images && now - start >= i * interval) {
                        drop(content, staging, inbox, "image-" + i + extension);
                        dropped[i] = System.nanoTime();
                        i++;
                        continue;
                    }
                    long count = count(http, api, label);
                    long now2 = System.nanoTime();
                    while (seen < images && count >= base + (seen + 1) * perImage) {
                        visible[seen++] = now2;
                    }
                    if (now2 - start > Duration.ofMinutes(10).toNanos()) {
                        throw new IllegalStateException("only " + seen + " of " + images + " images counted in 10 min");
                    }
                    Thread.sleep(20);
                }
                double[] freshness = new double[images];
                for (int i = 0; i < images; i++) {
                    freshness[i] = (visible[i] - dropped[i]) / 1e9;
                }
                Arrays.sort(freshness);
                double detectorMs = inferenceMedian(argus);
                System.out.printf("Freshness, inbox to /api/count_specific (%d images at %.1f/s):%n", images, rate);
                System.out.printf("  p50 %.2f s   p95 %.2f s   max %.2f s%n", percentile(freshness, 50),
                        percentile(freshness, 95), freshness[images - 1]);
                System.out.printf("  the detector's own time: %.0f ms per image (median)%n", detectorMs);
                System.out.printf("  target p95 <= 5 s + the detector's time = %.2f s: %s%n", 5 + detectorMs / 1000,
                        percentile(freshness, 95) <= 5 + detectorMs / 1000 ? "met" : "missed");
                System.out.printf("  settings: argus.inbox.poll-interval %s, argus.inbox.stable-for %s, "
                                + "argus.api.cache-ttl %s%n", argus.config().inbox().pollInterval(),
                        argus.config().inbox().stableFor(), argus.config().api().cacheTtl());
            }
        }
        return 0;
    }

    /** Written beside the inbox and moved in at once, as a camera or a copy tool that renames would. */
    private static void drop(byte[] content, Path staging, Path inbox, String name) throws Exception {
        Path file = staging.resolve(name);
        Files.write(file, content);
        Files.move(file, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static JsonNode waitForCounts(HttpClient http, String api) throws Exception {
        for (int attempt = 0; attempt < 1200; attempt++) {
            JsonNode answer = get(http, api + "/api/label_counts");
            if (!answer.path("labels").isEmpty()) {
                return answer;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the first image was not counted in 2 min: does the photo have detections?");
    }

    private static long count(HttpClient http, String api, String label) throws Exception {
        return get(http, api + "/api/count_specific?label=" + URLEncoder.encode(label, StandardCharsets.UTF_8))
                .path("count_in_range").asLong();
    }

    private static JsonNode get(HttpClient http, String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** The median of the metadata's inference_ms. */
    private static double inferenceMedian(RunningArgus argus) throws Exception {
        List<Double> times = new ArrayList<>();
        String bucket = argus.config().s3().bucket();
        for (var object : argus.s3().listObjectsV2Paginator(r -> r.bucket(bucket)
                .prefix(argus.config().s3().metadataPrefix())).contents()) {
            if (object.key().endsWith(".json")) {
                times.add(JSON.readTree(argus.s3().getObjectAsBytes(r -> r.bucket(bucket).key(object.key()))
                        .asByteArray()).path("inference_ms").asDouble());
            }
        }
        times.sort(Double::compare);
        return times.isEmpty() ? 0 : times.get(times.size() / 2);
    }

    private static double percentile(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
