package io.argus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.bench.RunningArgus;
import io.argus.testing.RuntimeUnderTest;
import io.argus.testing.SharedServices;
import io.argus.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping Argus in the middle of a stream loses nothing and doubles nothing: the in-flight images
 * finish or are handed back (their offsets are not committed), and after a restart every image has
 * exactly one image object and one metadata object in S3.
 */
class GracefulStopIT {
    private static final int IMAGES = 60;

    @TempDir
    Path dataDir;

    @Test
    void aStopMidStreamAndARestartProcessEveryImageExactlyOnceInS3() throws Exception {
        Properties settings = SharedServices.runtimeSettings(dataDir);
        settings.setProperty("argus.batch.scheduled", "false");
        List<String> names = new ArrayList<>();
        RunningArgus first = RunningArgus.start(settings);
        Path inbox = first.config().inbox().dir().resolve("cam");
        Files.createDirectories(inbox);
        for (int i = 0; i < IMAGES; i++) {
            String name = String.format("img_%03d.jpg", i);
            TestImages.write(inbox.resolve(name), TestImages.jpeg(i, 800, 600));
            names.add(name);
        }
        int atStop;
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> metadata(first).size() >= 5);
            atStop = metadata(first).size();
        } finally {
            first.close();
        }
        assertThat(atStop).as("stopped in the middle of the stream").isLessThan(IMAGES);

        try (RunningArgus second = RunningArgus.start(settings)) {
            await().atMost(Duration.ofSeconds(180)).until(() -> metadata(second).size() == IMAGES);
            assertThat(RuntimeUnderTest.objectKeys(second, "images/cam/"))
                    .containsExactlyInAnyOrderElementsOf(names.stream().map(n -> "images/cam/" + n).toList());
            assertThat(metadata(second))
                    .containsExactlyInAnyOrderElementsOf(names.stream().map(n -> "metadata/cam/" + n + ".json").toList());
            ObjectMapper json = new ObjectMapper();
            for (String key : metadata(second)) {
                String source = json.readTree(second.s3().getObjectAsBytes(r -> r.bucket(second.config().s3().bucket())
                        .key(key)).asByteArray()).path("source_image_path").asText();
                assertThat(source).isEqualTo("s3://" + second.config().s3().bucket() + "/images/"
                        + key.substring("metadata/".length(), key.length() - ".json".length()));
            }
            assertThat(RuntimeUnderTest.objectKeys(second, "errors/")).as("no dead letter").isEmpty();
            try (var inboxLeft = Files.list(inbox)) {
                assertThat(inboxLeft.toList()).as("every file taken from the inbox").isEmpty();
            }
        }
    }

    private static List<String> metadata(RunningArgus argus) {
        return RuntimeUnderTest.objectKeys(argus, "metadata/");
    }
}
