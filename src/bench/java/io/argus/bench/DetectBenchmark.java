package io.argus.bench;

import io.argus.services.KafkaClients;
import io.argus.config.ArgusConfig;
import io.argus.detect.DetectRoute;
import io.argus.detect.Detector;
import io.argus.detect.Detectors;
import io.argus.detect.OpenCv;
import io.argus.index.DetectionsIndexRoute;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * End-to-end detection (image event on Kafka → metadata in S3 → detection event) against the same
 * detector called in a plain loop over the same decoded images with the same number of threads, on
 * the same CPUs, in the same run; plus per-image latency from image event to detection event, and
 * where each image's CPU goes. The local services run on CPUs of their own by default, as Kafka and
 * S3 run on machines of their own in production.
 */
@Command(name = "detect", description = "Detection throughput and latency against the same detector in a plain loop.")
public final class DetectBenchmark implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /**
     * The JIT compilers have settled when they took less than this share of each of the last two
     * rounds' time: from then on what is measured is the compiled code, as in a long-running runtime.
     */
    private static final double SETTLED_JIT_SHARE = 0.02;
    /** The latency below capacity: this many images, at this share of the measured throughput. */
    private static final int PACED_IMAGES = 100;
    private static final double PACED_LOAD = 0.8;
    /** The target: Argus's throughput at least this share of the plain loop's. */
    private static final double TARGET_RATIO = 0.9;

    @Option(names = "--images", defaultValue = "200", description = "Number of 640x480 JPEGs (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--warm-up", defaultValue = "60s", converter = DurationConverter.class,
            description = "Images through Argus for at least this long before the measurement, and then until the JIT"
                    + " compilers have settled (default: ${DEFAULT-VALUE}).")
    Duration warmUp;

    @Option(names = "--warm-up-max", defaultValue = "5m", converter = DurationConverter.class,
            description = "The longest warm-up, settled or not (default: ${DEFAULT-VALUE}).")
    Duration warmUpMax;

    @Option(names = "--workers", defaultValue = "0",
            description = "argus.detect.workers and loop threads; 0 means one per detection CPU (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--service-cpus", defaultValue = "auto",
            description = "CPUs for the local Kafka, S3 and Elasticsearch (e.g. 0 or 0-1), pinned with taskset; Argus and"
                    + " the plain loop get the others. 'auto' gives the services a quarter of the CPUs (at least one) when"
                    + " there are two or more; 'none' lets everything share all CPUs (default: ${DEFAULT-VALUE}).")
    String serviceCpus;

    @Option(names = "--rounds", defaultValue = "5",
            description = "Rounds of Argus after the warm-up, each between two rounds of the loop (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--in-flight", defaultValue = "0",
            description = "argus.detect.in-flight, images at once; 0 means twice the workers (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--annotate", defaultValue = "true", arity = "1",
            description = "argus.detect.annotate (default: ${DEFAULT-VALUE}).")
    boolean annotate;

    @Option(names = "--yolo-cfg", description = "Benchmark yolo-darknet with this Darknet cfg and random weights of its size"
            + " (e.g. yolov4-tiny.cfg); without it, opencv-builtin.")
    Path yoloCfg;

    @Override
    public Integer call() throws Exception {
        try (BenchWorkspace workspace = new BenchWorkspace("detect")) {
            run(workspace);
        }
        return 0;
    }

    private void run(BenchWorkspace workspace) throws Exception {
        Path work = workspace.folder();
        CpuLayout cpus;
        try {
            cpus = CpuLayout.of(serviceCpus);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (rounds < 1) {
            throw new ParameterException(spec.commandLine(), "--rounds must be at least 1, not " + rounds);
        }
        if (workers == 0) {
            workers = cpus.detection().size();
        }
        Properties settings = workspace.settings();
        settings.setProperty("argus.detect.workers", Integer.toString(workers));
        settings.setProperty("argus.detect.in-flight", Integer.toString(inFlight));
        settings.setProperty("argus.detect.annotate", Boolean.toString(annotate));
        if (yoloCfg != null) {
            settings.setProperty("argus.detect.detector", "yolo-darknet");
            settings.setProperty("argus.detect.yolo.cfg", yoloCfg.toString());
            settings.setProperty("argus.detect.yolo.weights",
                    RandomDarknetWeights.write(yoloCfg, work.resolve("random.weights"), 1).toString());
            Path names = work.resolve("classes.names");
            List<String> classes = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                classes.add("class_" + i);
            }
            Files.write(names, classes);
            settings.setProperty("argus.detect.yolo.names", names.toString());
        }
        List<byte[]> jpegs = generateJpegs(images);
        // The local services inherit this JVM's CPUs as they start, and move to theirs right after.
        cpus.pinSelf();
        try (RunningArgus argus = RunningArgus.start(settings)) {
            cpus.pinServices();
            cpus.pinJitCompilers();
            ArgusConfig config = argus.config();
            // The gallery's indexing of detection events is a flow of its own, after the measured path.
            argus.camelContext().getRouteController().suspendRoute(DetectionsIndexRoute.ROUTE_ID);
            List<PlainLoop.Result> loops = new ArrayList<>();
            List<Result> runs = new ArrayList<>();
            Result paced;
            Map<String, Long> stepsSpent;
            WarmUp warmedUp;
            try (Probe probe = new Probe(argus, cpus)) {
                // The route's first images load classes and run interpreted; the JIT compilers of a JVM
                // this size take minutes to settle.
                warmedUp = warmUp(argus, probe, jpegs);
                Map<String, Long> stepsBefore = stepMillis(argus.camelContext());
                // Loop and Argus take turns, and each Argus round counts against the loops on either side
                // of it: on a shared machine the CPU available drifts within a run, by 20% at times here,
                // and the median of the rounds keeps a round it slowed down from deciding the ratio.
                loops.add(PlainLoop.run(Detectors.factory(config.detect()), jpegs, workers));
                for (int round = 0; round < rounds; round++) {
                    runs.add(throughArgus(argus, probe, jpegs, "bench/" + round));
                    loops.add(PlainLoop.run(Detectors.factory(config.detect()), jpegs, workers));
                }
                stepsSpent = stepMillis(argus.camelContext());
                stepsSpent.replaceAll((step, millis) -> millis - stepsBefore.get(step));
                // Under a burst, latency is mostly queueing; below capacity, it is an image's own time.
                paced = throughArgus(argus, probe, jpegs.subList(0, Math.min(PACED_IMAGES, jpegs.size())), "paced",
                        PACED_LOAD * mean(runs.stream().mapToDouble(Result::imagesPerSecond)));
            }
            // The loop with one thread, while Argus is idle: with several, it is a reference only if it scales.
            Optional<PlainLoop.Result> single = workers > 1
                    ? Optional.of(PlainLoop.run(Detectors.factory(config.detect()), jpegs, 1)) : Optional.empty();
            argus.camelContext().getRouteController().resumeRoute(DetectionsIndexRoute.ROUTE_ID);
            List<Double> ratios = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                ratios.add(runs.get(round).imagesPerSecond()
                        / ((loops.get(round).imagesPerSecond() + loops.get(round + 1).imagesPerSecond()) / 2));
            }
            PlainLoop.Result plain = new PlainLoop.Result(workers,
                    mean(loops.stream().mapToDouble(PlainLoop.Result::imagesPerSecond)), loops.get(0).detectionsPerImage(),
                    mean(loops.stream().mapToDouble(PlainLoop.Result::cpuMillisPerImage)));
            Result pipeline = runs.get(0);
            System.out.printf("%nDetection benchmark: %d JPEGs of 640x480, detector %s, %d workers, %d in flight,"
                    + " annotate %s, %.1f detections per image, %s%n", jpegs.size(),
                    config.detect().detector(), workers,
                    config.detect().inFlight(), annotate, plain.detectionsPerImage(), warmedUp.describe());
            System.out.printf("  CPUs: %s%n", cpus.describe());
            System.out.printf("  plain loop (same detector, decoded images, %d threads): %8.1f images/s (%s)%n", workers,
                    plain.imagesPerSecond(), listed(loops.stream().map(PlainLoop.Result::imagesPerSecond).toList(), "%.1f"));
            single.ifPresent(one -> System.out.println("  " + PlainLoop.scaling(one, loops.get(loops.size() - 1))));
            System.out.printf("  Argus detect route (Kafka event -> S3 metadata):       %8.1f images/s (%s)%n",
                    mean(runs.stream().mapToDouble(Result::imagesPerSecond)),
                    listed(runs.stream().map(Result::imagesPerSecond).toList(), "%.1f"));
            double ratio = median(ratios);
            System.out.printf("  ratio Argus / plain loop, median of the rounds:        %8.3f  (target >= %.2f: %s; mean %.3f;"
                    + " by round, against the loops either side: %s)%n", ratio, TARGET_RATIO,
                    ratio >= TARGET_RATIO ? "met" : "missed", mean(ratios.stream().mapToDouble(Double::doubleValue)),
                    listed(ratios, "%.3f"));
            System.out.printf("  latency image event -> detection event, all events at once (round 1): p50 %d ms,"
                    + " p95 %d ms%n", pipeline.p50Millis(), pipeline.p95Millis());
            System.out.printf("  latency at %.0f%% of that throughput (%.1f images/s, %d images): p50 %d ms, p95 %d ms%n",
                    PACED_LOAD * 100, PACED_LOAD * mean(runs.stream().mapToDouble(Result::imagesPerSecond)),
                    Math.min(PACED_IMAGES, jpegs.size()), paced.p50Millis(), paced.p95Millis());
            System.out.println("  image events per partition (key hash, as the ingest route sends them): "
                    + pipeline.perPartition());
            CpuTime argusCpu = runs.stream().map(Result::cpu).reduce(CpuTime::plus).orElseThrow();
            System.out.println(cpuPerImage(plain, argusCpu, jpegs.size() * rounds, cpus));
            StringBuilder steps = new StringBuilder("  detect route steps, ms per image (wall time, from their JMX"
                    + " statistics):");
            stepsSpent.forEach((step, millis) -> steps.append(String.format(" %s %.1f", step,
                    (double) millis / (jpegs.size() * rounds))));
            System.out.println(steps);
        }
    }

    /** Where each image's CPU goes: the loop; Argus's JVM by step and thread; the benchmark's clients; the services. */
    private static String cpuPerImage(PlainLoop.Result plain, CpuTime cpu, int images, CpuLayout cpus) {
        double probe = cpu.threadsMillis().get(CpuTime.PROBE);
        StringBuilder line = new StringBuilder(String.format("  CPU per image, ms: plain loop %.1f; Argus %.1f =",
                plain.cpuMillisPerImage(), (cpu.ownMillis() - probe) / images));
        double jit = cpu.jvmThreadsMillis().get(CpuTime.JIT);
        double gc = cpu.jvmThreadsMillis().get(CpuTime.GC);
        line.append(String.format(" the route's threads %.1f (Kafka records, S3, detection, JSON) + other threads %.1f"
                        + " + JIT compilers %.1f + GC %.1f + the JVM's other threads %.1f;%n",
                cpu.threadsMillis().get(CpuTime.ROUTE) / images,
                cpu.threadsMillis().get(CpuTime.OTHER) / images, jit / images, gc / images,
                (cpu.jvmInternalsMillis() - jit - gc) / images));
        line.append(String.format("    this benchmark's Kafka clients %.1f; the local services %.1f (", probe / images,
                cpu.allServicesMillis() / images));
        List<String> perService = new ArrayList<>();
        cpu.servicesMillis().forEach((name, millis) -> {
            if (millis / images >= 0.05) {
                perService.add(String.format("%s %.1f", name, millis / images));
            }
        });
        return line.append(String.join(", ", perService)).append(") on CPU ")
                .append(CpuLayout.format(cpus.services().orElse(cpus.detection()))).toString();
    }

    /** The total time of each step of the detect route so far, from Camel's JMX statistics. */
    private static Map<String, Long> stepMillis(CamelContext camel) {
        ManagedCamelContext managed = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        Map<String, Long> millis = new LinkedHashMap<>();
        for (String step : DetectRoute.STEPS) {
            millis.put(step, managed.getManagedStep(step).getTotalProcessingTime());
        }
        return millis;
    }

    private record WarmUp(int images, Duration took, double lastJitShare) {
        String describe() {
            return String.format("%d images of warm-up (%s, the JIT compilers at %.1f%% of the last round)", images,
                    took.withNanos(0).toString().substring(2).toLowerCase(), lastJitShare * 100);
        }
    }

    /**
     * Rounds of images through Argus for at least {@code --warm-up}, then until the JIT compilers
     * have settled, for at most {@code --warm-up-max}. Each round is the measurement itself (all the
     * images, published at once): with smaller rounds, the measurement still set the compilers off.
     */
    private WarmUp warmUp(RunningArgus argus, Probe probe, List<byte[]> jpegs) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long start = System.nanoTime();
        long minimum = start + warmUp.toNanos();
        long maximum = start + Math.max(warmUp.toNanos(), warmUpMax.toNanos());
        int images = 0;
        int settledRounds = 0;
        double jitShare = 1;
        for (int round = 0; images == 0 || System.nanoTime() < maximum
                && (System.nanoTime() < minimum || settledRounds < 2); round++) {
            long jitBefore = jit.getTotalCompilationTime();
            long roundStart = System.nanoTime();
            throughArgus(argus, probe, jpegs, "warm-up/" + round);
            jitShare = (jit.getTotalCompilationTime() - jitBefore) * 1e6 / (System.nanoTime() - roundStart);
            settledRounds = jitShare < SETTLED_JIT_SHARE ? settledRounds + 1 : 0;
            images += jpegs.size();
        }
        return new WarmUp(images, Duration.ofNanos(System.nanoTime() - start), jitShare);
    }

    private record Result(double imagesPerSecond, long p50Millis, long p95Millis, CpuTime cpu,
                          Map<Integer, Integer> perPartition) {
    }

    private static double mean(DoubleStream values) {
        return values.average().orElseThrow();
    }

    /** The middle value, robust to a round the machine slowed down for a while. */
    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String listed(List<Double> values, String format) {
        return values.stream().map(value -> String.format(format, value)).collect(Collectors.joining(", "));
    }

    /** Uploads the images, then publishes their events at once and reads the detection events back. */
    private static Result throughArgus(RunningArgus argus, Probe probe, List<byte[]> jpegs, String folder)
            throws Exception {
        return throughArgus(argus, probe, jpegs, folder, 0);
    }

    /** @param perSecond the rate of the image events, or 0 to publish them all at once */
    private static Result throughArgus(RunningArgus argus, Probe probe, List<byte[]> jpegs, String folder,
                                       double perSecond) throws Exception {
        String bucket = argus.config().s3().bucket();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < jpegs.size(); i++) {
            String key = String.format("images/%s/frame_%06d.jpg", folder, i);
            byte[] jpeg = jpegs.get(i);
            argus.s3().putObject(r -> r.bucket(bucket).key(key).contentType("image/jpeg"), RequestBody.fromBytes(jpeg));
            keys.add(key);
        }
        return probe.measure(keys, perSecond);
    }

    /**
     * The benchmark's own Kafka clients, made once: one publishes image events, the other reads
     * detection events back. They stand for the world around Argus (whatever publishes the events
     * and whatever reads the results), so they run on a thread of their own with the services' CPUs
     * (their client threads inherit them): on the detection CPUs they would take from Argus's share
     * and not from the loop's. Their CPU is Argus's JVM's but not Argus's, and is reported apart.
     */
    private static final class Probe implements AutoCloseable {
        static final String CLIENT_ID = CpuTime.PROBE_THREAD;
        private final ArgusConfig config;
        private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> new Thread(task, CLIENT_ID));
        private final KafkaConsumer<String, String> consumer;
        private final KafkaProducer<String, String> producer;

        Probe(RunningArgus argus, CpuLayout cpus) throws Exception {
            this.config = argus.config();
            Map<String, Object> consumerConfig = KafkaClients.config(argus.endpoints().kafkaBootstrapServers(),
                    argus.endpoints().kafkaSecurity());
            Map<String, Object> producerConfig = new HashMap<>(consumerConfig);
            consumerConfig.putAll(Map.of(ConsumerConfig.GROUP_ID_CONFIG, CLIENT_ID + "-" + UUID.randomUUID(),
                    ConsumerConfig.CLIENT_ID_CONFIG, CLIENT_ID + "-consumer",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
            producerConfig.putAll(Map.of(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID + "-producer",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
            try {
                this.consumer = onOwnThread(() -> {
                    cpus.pinCallerWithServices();
                    KafkaConsumer<String, String> made = new KafkaConsumer<>(consumerConfig);
                    made.subscribe(List.of(config.kafka().detectionTopic()));
                    while (made.assignment().isEmpty()) {
                        made.poll(Duration.ofMillis(100));
                    }
                    return made;
                });
                this.producer = onOwnThread(() -> new KafkaProducer<>(producerConfig));
            } catch (Exception e) {
                thread.shutdownNow();
                throw e;
            }
        }

        private <T> T onOwnThread(Callable<T> work) throws Exception {
            try {
                return thread.submit(work).get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }

        /** @param perSecond the rate of the image events, or 0 to publish them all at once */
        Result measure(List<String> keys, double perSecond) throws Exception {
            return onOwnThread(() -> measureHere(keys, perSecond));
        }

        private Result measureHere(List<String> keys, double perSecond) throws Exception {
            String bucket = config.s3().bucket();
            Map<String, Long> sentAt = new HashMap<>();
            CpuTime cpuAtStart = CpuTime.now(config.kafka().imageTopic());
            long start = System.nanoTime();
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (String key : keys) {
                if (perSecond > 0) {
                    long due = start + (long) (sends.size() * 1e9 / perSecond);
                    TimeUnit.NANOSECONDS.sleep(due - System.nanoTime());
                }
                sends.add(producer.send(new ProducerRecord<>(config.kafka().imageTopic(), key, "{\"image_path\":\"s3://"
                        + bucket + "/" + key + "\",\"upload_timestamp\":\"" + java.time.Instant.now() + "\"}")));
            }
            Map<Integer, Integer> perPartition = new TreeMap<>();
            for (int i = 0; i < keys.size(); i++) {
                RecordMetadata sent = sends.get(i).get();
                sentAt.put(keys.get(i), sent.timestamp());
                perPartition.merge(sent.partition(), 1, Integer::sum);
            }
            List<Long> latencies = new ArrayList<>();
            while (latencies.size() < keys.size()) {
                if ((System.nanoTime() - start) / 1e9 > 1800) {
                    throw new IllegalStateException("detection did not finish within 30 minutes; see the log");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    Long sent = sentAt.remove(record.key());
                    if (sent != null) {
                        latencies.add(record.timestamp() - sent);
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            CpuTime cpu = CpuTime.now(config.kafka().imageTopic()).minus(cpuAtStart);
            Collections.sort(latencies);
            return new Result(keys.size() / seconds, latencies.get(latencies.size() / 2),
                    latencies.get((int) Math.ceil(latencies.size() * 0.95) - 1), cpu, perPartition);
        }

        @Override
        public void close() throws Exception {
            try {
                onOwnThread(() -> {
                    consumer.close(Duration.ofSeconds(5));
                    producer.close(Duration.ofSeconds(5));
                    return null;
                });
            } finally {
                thread.shutdown();
            }
        }
    }

    private static List<byte[]> generateJpegs(int count) {
        Random random = new Random(42);
        List<byte[]> jpegs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jpegs.add(BenchWorkspace.syntheticJpeg(random, 640, 480, 12));
        }
        return jpegs;
    }
}
