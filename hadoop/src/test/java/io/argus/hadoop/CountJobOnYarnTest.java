package io.argus.hadoop;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.shared.CountJobContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job as {@code hadoop jar} runs it (a folder of metadata in, counts out), on a real local
 * YARN cluster: its tasks run in their own JVMs, started by a NodeManager.
 */
class CountJobOnYarnTest {
    private static final String[] LABELS = {"person", "car", "dog"};

    @TempDir
    Path folder;

    @Test
    void theJobCountsExactlyOnYarn() throws Exception {
        Map<String, Long> truth = writeMetadata(folder.resolve("metadata"));
        Files.writeString(folder.resolve("metadata/broken.json"), "{\"detections\": [", StandardCharsets.UTF_8);

        MiniMRYarnCluster yarn = LocalYarn.start("argus-yarn");
        try {
            Configuration conf = new Configuration(yarn.getConfig());
            assertThat(conf.get("mapreduce.framework.name")).isEqualTo("yarn");
            conf.setInt(CountJobContract.OBJECTS_PER_TASK, 100);
            Path output = folder.resolve("counts");
            int exit = ToolRunner.run(conf, new CountJob(),
                    new String[] {folder.resolve("metadata").toUri().toString(), output.toUri().toString()});
            assertThat(exit).isZero();

            assertThat(counts(output)).isEqualTo(truth);
            try (Stream<Path> errors = Files.list(output.resolve("errors"))) {
                assertThat(errors.filter(file -> file.getFileName().toString().startsWith("part"))
                        .flatMap(CountJobOnYarnTest::lines))
                        .singleElement().asString().contains("broken.json\tnot JSON");
            }
        } finally {
            yarn.stop();
        }
    }

    /** 300 objects over 4 hours; returns "label\tbucket" → detections. */
    private static Map<String, Long> writeMetadata(Path folder) throws IOException {
        Files.createDirectories(folder);
        Map<String, Long> truth = new TreeMap<>();
        Instant start = Instant.parse("2026-03-03T00:00:00Z");
        for (int i = 0; i < 300; i++) {
            Instant time = start.plusSeconds(i * 47L);
            StringBuilder detections = new StringBuilder();
            for (int d = 0; d < i % 4; d++) {
                String label = LABELS[(i + d) % LABELS.length];
                detections.append(d == 0 ? "" : ",\n    ")
                        .append("{\"label\": \"").append(label).append("\", \"confidence\": 0.9}");
                truth.merge(label + "\t" + time.truncatedTo(ChronoUnit.HOURS), 1L, Long::sum);
            }
            String timestamp = i % 2 == 0 ? time.toString() : time.toString().replace("Z", "").replace('T', ' ');
            Files.writeString(folder.resolve("img_" + i + ".json"), "{\n  \"processing_timestamp\": \"" + timestamp
                    + "\",\n  \"detections\": [\n    " + detections + "\n  ]\n}\n", StandardCharsets.UTF_8);
        }
        return truth;
    }

    private static Map<String, Long> counts(Path output) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        try (Stream<Path> files = Files.list(output)) {
            files.filter(file -> file.getFileName().toString().startsWith("part-r-")).flatMap(CountJobOnYarnTest::lines)
                    .forEach(line -> {
                        int tab = line.lastIndexOf('\t');
                        counts.merge(line.substring(0, tab), Long.parseLong(line.substring(tab + 1)), Long::sum);
                    });
        }
        return counts;
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(line -> !line.isBlank());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
