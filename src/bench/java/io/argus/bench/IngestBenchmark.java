package io.argus.bench;

import io.argus.services.KafkaClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Ingest throughput: Argus's ingest route against a plain loop that does the same S3 put and Kafka
 * send with the AWS SDK and kafka-clients directly, on the same local services, in the same run.
 */
@Command(name = "ingest", description = "Ingest throughput (images/s) against a plain S3 put + Kafka send loop.")
public final class IngestBenchmark implements Callable<Integer> {
    @Option(names = "--images", defaultValue = "1000", description = "Number of small JPEGs (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--workers", defaultValue = "4", description = "argus.ingest.workers (default: ${DEFAULT-VALUE}).")
    int workers;

    @Override
    public Integer call() throws Exception {
        try (BenchWorkspace workspace = new BenchWorkspace("ingest")) {
            Path staging = workspace.folder().resolve("staging");
            Files.createDirectories(staging);
            Random random = new Random(42);
            for (int i = 0; i < images; i++) {
                Files.write(staging.resolve(String.format("frame_%06d.jpg", i)),
                        BenchWorkspace.syntheticJpeg(random, 160, 120, 2));
            }
            Properties settings = workspace.settings();
            settings.setProperty("argus.inbox.poll-interval", "100ms");
            settings.setProperty("argus.inbox.stable-for", "100ms");
            settings.setProperty("argus.ingest.workers", Integer.toString(workers));
            try (RunningArgus argus = RunningArgus.start(settings)) {
                List<Path> files = listFiles(staging);
                long averageBytes = files.stream().mapToLong(IngestBenchmark::size).sum() / files.size();
                double plain = plainLoop(argus, files);
                double pipeline = throughArgus(argus, staging, files.size());
                System.out.printf("%nIngest benchmark: %d JPEGs of %d bytes on average%n", files.size(), averageBytes);
                System.out.printf("  plain loop (S3 put + Kafka send, sequential):  %8.1f images/s%n", plain);
                System.out.printf("  Argus ingest route (%d workers):               %8.1f images/s%n", workers, pipeline);
                System.out.printf("  ratio Argus / plain loop:                      %8.2f  (target >= 0.80)%n",
                        pipeline / plain);
            }
        }
        return 0;
    }

    /** Reads each file, puts it to S3, sends its event and waits for the acknowledgement. */
    private static double plainLoop(RunningArgus argus, List<Path> files) throws Exception {
        S3Client s3 = argus.s3();
        String bucket = argus.config().s3().bucket();
        Map<String, Object> producerConfig = KafkaClients.config(argus.endpoints().kafkaBootstrapServers(),
                argus.endpoints().kafkaSecurity());
        producerConfig.putAll(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            String topic = argus.config().kafka().imageTopic();
            producer.send(new ProducerRecord<>(topic, "warm-up", "{}")).get();
            long start = System.nanoTime();
            for (Path file : files) {
                String key = "bench-plain/" + file.getFileName();
                byte[] bytes = Files.readAllBytes(file);
                s3.putObject(request -> request.bucket(bucket).key(key).contentType("image/jpeg"),
                        RequestBody.fromBytes(bytes));
                Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(topic, key,
                        "{\"image_path\":\"s3://" + bucket + "/" + key + "\"}"));
                sent.get();
            }
            return files.size() / seconds(start);
        }
    }

    /** Moves the files into the inbox at once and waits until ingest has moved all of them to done/. */
    private static double throughArgus(RunningArgus argus, Path staging, int count) throws IOException {
        Path inbox = argus.config().inbox().dir().resolve("bench");
        Path done = argus.config().inbox().doneDir().resolve("bench");
        long start = System.nanoTime();
        Files.move(staging, inbox, StandardCopyOption.ATOMIC_MOVE);
        while (countFiles(done) < count) {
            if (seconds(start) > 600) {
                throw new IllegalStateException("ingest did not finish within 10 minutes; see the log");
            }
            sleep(20);
        }
        return count / seconds(start);
    }

    private static List<Path> listFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    private static long countFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }


}
