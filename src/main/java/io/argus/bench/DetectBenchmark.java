package io.argus.bench;

import io.argus.ArgusRuntime;
import io.argus.KafkaClients;
import io.argus.api.ConsumerLag;
import io.argus.config.ArgusConfig;
import io.argus.detect.Detector;
import io.argus.detect.Detectors;
import io.argus.detect.OpenCv;
import io.argus.index.DetectionsIndexRoute;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
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
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * End-to-end detection (image event on Kafka → metadata in S3 → detection event) against the same
 * detector called in a plain loop over the same decoded images with the same number of threads, in
 * the same run; plus per-image latency from image event to detection event.
 */
@Command(name = "detect", description = "Detection throughput and latency against the same detector in a plain loop.")
public final class DetectBenchmark implements Callable<Integer> {
    /** Images through Argus before the measurement. */
    private static final int WARM_UP = 20;

    @Option(names = "--images", defaultValue = "200", description = "Number of 640x480 JPEGs (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--workers", defaultValue = "2", description = "argus.detect.workers and loop threads (default: ${DEFAULT-VALUE}).")
    int workers;

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
        try (ArgusRuntime argus = ArgusRuntime.start(settings)) {
            ArgusConfig config = argus.config();
            // The loop runs before and after Argus and counts as their mean: on a shared machine the
            // CPU available drifts within a run, and this keeps the drift out of the ratio.
            CpuTime loopCpu = CpuTime.now();
            LoopResult before = plainLoop(config.detect(), jpegs);
            CpuTime loopSpent = CpuTime.now().minus(loopCpu);
            // The gallery's indexing of detection events is a flow of its own, after the measured path.
            argus.camelContext().getRouteController().suspendRoute(DetectionsIndexRoute.ROUTE_ID);
            // Warmed up like the loop's detectors: the route's first images also load classes and JIT-compile.
            throughArgus(argus, jpegs.subList(0, Math.min(WARM_UP, jpegs.size())), "warm-up");
            CpuTime argusCpu = CpuTime.now();
            Result pipeline = throughArgus(argus, jpegs, "bench");
            CpuTime argusSpent = CpuTime.now().minus(argusCpu);
            argus.camelContext().getRouteController().resumeRoute(DetectionsIndexRoute.ROUTE_ID);
            // Its catch-up must not run during the second loop and slow it down.
            awaitCaughtUp(argus, config.kafka().detectionTopic(), config.kafka().detectionsIndexGroup());
            LoopResult after = plainLoop(config.detect(), jpegs);
            LoopResult plain = new LoopResult((before.imagesPerSecond() + after.imagesPerSecond()) / 2,
                    before.detectionsPerImage());
            System.out.printf("%nDetection benchmark: %d JPEGs of 640x480, detector %s, %d workers, %d in flight,"
                    + " annotate %s, %.1f detections per image%n", jpegs.size(),
                    config.detect().detector().name().toLowerCase().replace('_', '-'), workers,
                    config.detect().inFlight(), annotate,
                    plain.detectionsPerImage());
            System.out.printf("  plain loop (same detector, decoded images, %d threads): %8.1f images/s"
                    + " (before %.1f, after %.1f)%n", workers, plain.imagesPerSecond(), before.imagesPerSecond(),
                    after.imagesPerSecond());
            System.out.printf("  Argus detect route (Kafka event -> S3 metadata):       %8.1f images/s%n",
                    pipeline.imagesPerSecond());
            System.out.printf("  ratio Argus / plain loop:                              %8.2f  (target >= 0.90)%n",
                    pipeline.imagesPerSecond() / plain.imagesPerSecond());
            System.out.printf("  latency image event -> detection event: p50 %d ms, p95 %d ms%n",
                    pipeline.p50Millis(), pipeline.p95Millis());
            System.out.printf("  CPU per image: plain loop %.0f ms; Argus's JVM %.0f ms, the local Kafka, S3 and"
                    + " Elasticsearch %.0f ms (on the same cores)%n", loopSpent.ownMillis() / jpegs.size(),
                    argusSpent.ownMillis() / jpegs.size(), argusSpent.servicesMillis() / jpegs.size());
        }
    }

    private record Result(double imagesPerSecond, long p50Millis, long p95Millis) {
    }

    /** CPU time used so far by this JVM and by the local services (its child processes). */
    private record CpuTime(double ownMillis, double servicesMillis) {
        static CpuTime now() {
            double own = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime() / 1e6;
            double services = ProcessHandle.current().descendants()
                    .mapToDouble(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e6).sum();
            return new CpuTime(own, services);
        }

        CpuTime minus(CpuTime earlier) {
            return new CpuTime(ownMillis - earlier.ownMillis, servicesMillis - earlier.servicesMillis);
        }
    }

    private static void awaitCaughtUp(ArgusRuntime argus, String topic, String group) throws Exception {
        try (Admin admin = Admin.create(KafkaClients.config(argus.endpoints().kafkaBootstrapServers(),
                argus.endpoints().kafkaSecurity()))) {
            ConsumerLag lag = new ConsumerLag(admin, topic, group);
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (lag.records() > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the consumers of " + topic + " did not catch up in 10 minutes");
                }
                Thread.sleep(200);
            }
        }
    }

    private record LoopResult(double imagesPerSecond, double detectionsPerImage) {
    }

    /** The detector alone: each thread with its own instance, over images decoded beforehand. */
    private static LoopResult plainLoop(ArgusConfig.Detect config, List<byte[]> jpegs) throws Exception {
        OpenCv.load();
        List<Mat> decoded = jpegs.stream().map(jpeg -> Imgcodecs.imdecode(new MatOfByte(jpeg), Imgcodecs.IMREAD_COLOR))
                .toList();
        int threads = config.workers();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Detector> detectors = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                detectors.add(Detectors.factory(config).get());
            }
            detectors.forEach(detector -> detector.detect(decoded.get(0)));
            long start = System.nanoTime();
            List<Future<Integer>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Detector detector = detectors.get(t);
                int first = t;
                running.add(pool.submit(() -> {
                    int found = 0;
                    for (int i = first; i < decoded.size(); i += threads) {
                        found += detector.detect(decoded.get(i)).size();
                    }
                    return found;
                }));
            }
            int detections = 0;
            for (Future<Integer> future : running) {
                detections += future.get();
            }
            return new LoopResult(decoded.size() / ((System.nanoTime() - start) / 1e9),
                    detections / (double) decoded.size());
        } finally {
            pool.shutdown();
            decoded.forEach(Mat::release);
        }
    }

    /** Uploads the images, then publishes their events at once and reads the detection events back. */
    private static Result throughArgus(ArgusRuntime argus, List<byte[]> jpegs, String folder) throws Exception {
        ArgusConfig config = argus.config();
        String bucket = config.s3().bucket();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < jpegs.size(); i++) {
            String key = String.format("images/%s/frame_%06d.jpg", folder, i);
            byte[] jpeg = jpegs.get(i);
            argus.s3().putObject(r -> r.bucket(bucket).key(key).contentType("image/jpeg"), RequestBody.fromBytes(jpeg));
            keys.add(key);
        }
        Map<String, Long> sentAt = new HashMap<>();
        Map<String, Object> consumerConfig = KafkaClients.config(argus.endpoints().kafkaBootstrapServers(),
                argus.endpoints().kafkaSecurity());
        Map<String, Object> producerConfig = new HashMap<>(consumerConfig);
        consumerConfig.putAll(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        producerConfig.putAll(Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig);
             KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            consumer.subscribe(List.of(config.kafka().detectionTopic()));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            long start = System.nanoTime();
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (String key : keys) {
                sends.add(producer.send(new ProducerRecord<>(config.kafka().imageTopic(), key, "{\"image_path\":\"s3://"
                        + bucket + "/" + key + "\",\"upload_timestamp\":\"" + java.time.Instant.now() + "\"}")));
            }
            Map<Integer, Integer> perPartition = new java.util.TreeMap<>();
            for (int i = 0; i < keys.size(); i++) {
                RecordMetadata sent = sends.get(i).get();
                sentAt.put(keys.get(i), sent.timestamp());
                perPartition.merge(sent.partition(), 1, Integer::sum);
            }
            System.out.println(folder + ": image events per partition (key hash, as the ingest route sends them): "
                    + perPartition);
            List<Long> latencies = new ArrayList<>();
            while (latencies.size() < keys.size()) {
                if ((System.nanoTime() - start) / 1e9 > 1800) {
                    throw new IllegalStateException("detection did not finish within 30 minutes; see the log");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    Long sent = sentAt.get(record.key());
                    if (sent != null) {
                        latencies.add(record.timestamp() - sent);
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Collections.sort(latencies);
            return new Result(keys.size() / seconds, latencies.get(latencies.size() / 2),
                    latencies.get((int) Math.ceil(latencies.size() * 0.95) - 1));
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
