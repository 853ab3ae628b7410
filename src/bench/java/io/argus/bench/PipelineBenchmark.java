package io.argus.bench;

import io.argus.config.ArgusConfig;
import io.argus.detect.Detectors;
import io.argus.detect.OpenCv;
import io.argus.ingest.VideoFrames;
import io.argus.storage.ImageKey;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The configuration users run: {@code ./argus run}'s defaults (its workers, the local services on the
 * same cores, the detections and live counts indices on), 1280×720 street photos dropped into the
 * inbox at once, until each is in the live counts. Against the core limit: the cores divided by the
 * detector's CPU per image in a plain loop, which is a reference only if it scales with its threads.
 */
@Command(name = "pipeline", description = "Images/s of ./argus run's defaults, inbox to live counts, against the"
        + " detector's core limit.")
public final class PipelineBenchmark implements Callable<Integer> {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;
    private static final double TARGET_IMAGES_PER_SECOND = 12;
    private static final double TARGET_DETECTOR_CPU_MS = 50;
    private static final String DETECTOR_CPU_METRIC = "argus.detect.inference.cpu.ms";

    @Option(names = "--images", defaultValue = "200", description = "Images per round (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--rounds", defaultValue = "3", description = "Measured rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--warm-up", defaultValue = "120s", converter = DurationConverter.class,
            description = "Rounds before the measured ones for at least this long: Argus's JVM and the services' JVMs"
                    + " compile their code for minutes after they start (default: ${DEFAULT-VALUE}).")
    Duration warmUp;

    @Option(names = "--video", defaultValue = "vtest.avi", description = "The street video whose frames, scaled to"
            + " 1280x720, are the photos, from the test photos folder (default: ${DEFAULT-VALUE}).")
    String video;

    @Override
    public Integer call() throws Exception {
        List<byte[]> photos = streetPhotos(LabelledSet.defaultFolder().resolve(video), images);
        int cores = Runtime.getRuntime().availableProcessors();
        try (BenchWorkspace workspace = new BenchWorkspace("pipeline");
             RunningArgus argus = RunningArgus.start(workspace.settings())) {
            ArgusConfig config = argus.config();
            Path staging = workspace.folder().resolve("staging");
            LiveCounts live = new LiveCounts(argus);
            long warmUpEnd = System.nanoTime() + warmUp.toNanos();
            List<Round> warmUpRounds = new ArrayList<>();
            while (warmUpRounds.isEmpty() || System.nanoTime() < warmUpEnd) {
                warmUpRounds.add(measure(argus, live, photos, staging, "warm-up-" + warmUpRounds.size()));
            }
            System.out.printf("%nWarm-up: %d rounds at %s images/s%n", warmUpRounds.size(),
                    warmUpRounds.stream().map(r -> String.format("%.1f", r.imagesPerSecond())).toList());
            // The loops once the JIT compilers of this JVM have done most of their work, while Argus and the
            // services are idle: one thread, then one per core.
            PlainLoop.Result single = PlainLoop.run(Detectors.factory(config.detect()), photos, 1);
            PlainLoop.Result perCore = PlainLoop.run(Detectors.factory(config.detect()), photos, cores);
            List<Round> measured = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                measured.add(measure(argus, live, photos, staging, "round-" + round));
            }
            report(config, cores, single, perCore, measured, photos.size());
        }
        return 0;
    }

    private record Round(double imagesPerSecond, double detectorCpuMs, CpuTime cpu) {
    }

    private static Round measure(RunningArgus argus, LiveCounts live, List<byte[]> photos, Path staging,
                                 String folder) throws Exception {
        double detectorBefore = detectorCpuMs(argus);
        CpuTime before = CpuTime.now(argus.config().kafka().imageTopic());
        long start = System.nanoTime();
        drop(argus, photos, staging, folder);
        live.awaitImages(folder, photos.size());
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuTime cpu = CpuTime.now(argus.config().kafka().imageTopic()).minus(before);
        return new Round(photos.size() / seconds, detectorCpuMs(argus) - detectorBefore, cpu);
    }

    private static void report(ArgusConfig config, int cores, PlainLoop.Result single, PlainLoop.Result perCore,
                               List<Round> rounds, int images) {
        double coreLimit = cores * 1000 / single.cpuMillisPerImage();
        List<Double> rates = rounds.stream().map(Round::imagesPerSecond).sorted().toList();
        double median = rates.get(rates.size() / 2);
        System.out.printf("%nPipeline benchmark: ./argus run's defaults, %d street photos of %dx%d per round dropped"
                        + " into the inbox at once, until each is in the live counts; detector %s, %d workers, %d in"
                        + " flight, %d cores shared with the local services%n", images, WIDTH, HEIGHT,
                config.detect().detector(), config.detect().workers(), config.detect().inFlight(), cores);
        System.out.println("  " + PlainLoop.scaling(single, perCore));
        System.out.printf("  detector CPU per %dx%d image in the loop: %.1f ms (target <= %.0f: %s)%n", WIDTH, HEIGHT,
                single.cpuMillisPerImage(), TARGET_DETECTOR_CPU_MS,
                single.cpuMillisPerImage() <= TARGET_DETECTOR_CPU_MS ? "met" : "missed");
        System.out.printf("  core limit: %d cores / %.1f ms = %.1f images/s%n", cores, single.cpuMillisPerImage(),
                coreLimit);
        System.out.printf("  Argus, inbox to live counts: %.1f images/s, median of %d rounds (%s); target >= %.0f: %s%n",
                median, rates.size(), rounds.stream().map(r -> String.format("%.1f", r.imagesPerSecond())).toList(),
                TARGET_IMAGES_PER_SECOND, median >= TARGET_IMAGES_PER_SECOND ? "met" : "missed");
        System.out.printf("  ratio Argus / core limit: %.2f; Argus / plain loop with %d threads: %.2f%n",
                median / coreLimit, cores, median / perCore.imagesPerSecond());
        int all = images * rounds.size();
        CpuTime cpu = rounds.stream().map(Round::cpu).reduce(CpuTime::plus).orElseThrow();
        double detector = rounds.stream().mapToDouble(Round::detectorCpuMs).sum();
        double probe = cpu.threadsMillis().get(CpuTime.PROBE);
        double jit = cpu.jvmThreadsMillis().get(CpuTime.JIT);
        double gc = cpu.jvmThreadsMillis().get(CpuTime.GC);
        StringBuilder line = new StringBuilder(String.format("  CPU per image, ms: detector %.1f, Argus's own work %.1f"
                        + " (ingest, S3 and Kafka clients, decoding, annotating, indexing; of which its JIT compilers %.1f"
                        + " and GC %.1f), this benchmark %.1f", detector / all, (cpu.ownMillis() - detector - probe) / all,
                jit / all, gc / all, probe / all));
        for (Map.Entry<String, Double> service : cpu.servicesMillis().entrySet()) {
            line.append(String.format(", %s %.1f", service.getKey(), service.getValue() / all));
        }
        double total = cpu.ownMillis() + cpu.allServicesMillis();
        System.out.println(line.append(String.format("; in all %.1f, which on %d cores allows %.1f images/s",
                total / all, cores, cores * 1000 / (total / all))));
    }

    /** The images moved into the inbox at once, under a folder of their own, as a copy tool that renames would. */
    private static void drop(RunningArgus argus, List<byte[]> photos, Path staging, String folder) throws Exception {
        Path from = staging.resolve(folder);
        Path to = argus.config().inbox().dir().resolve(folder);
        Files.createDirectories(from);
        for (int i = 0; i < photos.size(); i++) {
            Files.write(from.resolve(String.format("street_%04d.jpg", i)), photos.get(i));
        }
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The detector's CPU so far, from the runtime's metric (there from the first image on). */
    private static double detectorCpuMs(RunningArgus argus) {
        MeterRegistry metrics = argus.camelContext().getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        DistributionSummary summary = metrics.find(DETECTOR_CPU_METRIC).summary();
        return summary == null ? 0 : summary.totalAmount();
    }

    /** Frames of the video, one every 0.4 s, scaled to 1280×720 and encoded as JPEGs of quality 90. */
    private static List<byte[]> streetPhotos(Path video, int count) {
        OpenCv.load();
        List<byte[]> photos = new ArrayList<>();
        MatOfInt quality = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 90);
        while (photos.size() < count) {
            int before = photos.size();
            try (VideoFrames frames = VideoFrames.open(video, Duration.ofMillis(400))) {
                while (frames.hasNext() && photos.size() < count) {
                    Mat frame = Imgcodecs.imdecode(new MatOfByte(frames.next().jpeg()), Imgcodecs.IMREAD_COLOR);
                    Mat scaled = new Mat();
                    Imgproc.resize(frame, scaled, new Size(WIDTH, HEIGHT), 0, 0, Imgproc.INTER_LINEAR);
                    MatOfByte jpeg = new MatOfByte();
                    Imgcodecs.imencode(".jpg", scaled, jpeg, quality);
                    photos.add(jpeg.toArray());
                    List.of(frame, scaled, jpeg).forEach(Mat::release);
                }
            }
            if (photos.size() == before) {
                throw new IllegalStateException(video + " has no frames");
            }
        }
        return photos;
    }

    /** The images of a folder that reached the live counts: the detections document is written after their counts. */
    private static final class LiveCounts {
        private static final Duration PATIENCE = Duration.ofMinutes(20);
        private final RunningArgus argus;

        LiveCounts(RunningArgus argus) {
            this.argus = argus;
        }

        void awaitImages(String folder, int expected) throws Exception {
            String index = argus.config().index().detectionsName();
            String prefix = new ImageKey(argus.config().s3(), folder + "/").s3Key();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            long counted = 0;
            while (counted < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + counted + " of " + expected + " images of " + folder
                            + " reached the live counts in " + PATIENCE.toMinutes() + " min; see the log");
                }
                Thread.sleep(200);
                if (argus.elasticsearch().indices().exists(e -> e.index(index)).value()) {
                    argus.elasticsearch().indices().refresh(r -> r.index(index));
                    counted = argus.elasticsearch().count(c -> c.index(index)
                            .query(q -> q.prefix(p -> p.field("image_key").value(prefix)))).count();
                }
            }
        }
    }
}
