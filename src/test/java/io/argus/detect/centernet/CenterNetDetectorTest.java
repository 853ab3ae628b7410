package io.argus.detect.centernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.bench.LabelledSet;
import io.argus.bench.QualityScore;
import io.argus.detect.Detection;
import io.argus.ingest.VideoFrames;
import io.argus.models.ModelCatalog;
import io.argus.testing.TestModels;
import io.argus.testing.TestPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The default detector, the real pretrained CenterNet that `./argus test` installs, on real photos
 * whose objects' boxes were read off by eye (src/test/resources/quality/labels.json): every object
 * named must be found with its label and a box of IoU ≥ 0.5.
 */
class CenterNetDetectorTest {
    private static final LabelledSet SET = LabelledSet.read(Path.of("src/test/resources/quality/labels.json"));
    private static CenterNetDetector detector;

    @BeforeAll
    static void loadModel() {
        detector = new CenterNetDetector(new CenterNetDetector.Settings(TestModels.centerNet(), ModelCatalog.COCO,
                0.3, 0.4, 1));
    }

    @AfterAll
    static void closeModel() {
        detector.close();
    }

    /** The labelled objects of the image the detector did not find. */
    private static List<String> missed(String image) {
        LabelledSet.Image labelled = SET.image(image);
        List<Detection> detections = detector.detect(labelled.load(TestPhotos.folder()));
        QualityScore score = new QualityScore(0.5, new HashSet<>(ModelCatalog.COCO));
        return score.add(labelled, detections).stream().map(LabelledSet.Truth::label).toList();
    }

    @Test
    void darknetsDogPhotoShowsTheBicycleTheDogAndThePickup() {
        assertThat(SET.image("dog.jpg").objects()).extracting(LabelledSet.Truth::label)
                .containsExactly("bicycle", "dog", "truck");
        assertThat(missed("dog.jpg")).isEmpty();
    }

    @Test
    void darknetsPersonPhotoShowsThePersonTheDogAndTheHorse() {
        assertThat(SET.image("person.jpg").objects()).hasSize(3);
        assertThat(missed("person.jpg")).isEmpty();
    }

    @Test
    void bothBasketballPlayersArePeople() {
        assertThat(missed("basketball1.png")).doesNotContain("person");
    }

    @Test
    void theStreetVideoHasPeopleInMostFrames() {
        int frames = 0;
        int withPeople = 0;
        try (VideoFrames video = VideoFrames.open(TestPhotos.get("vtest.avi"), Duration.ofSeconds(10))) {
            while (video.hasNext()) {
                Mat frame = Imgcodecs.imdecode(new MatOfByte(video.next().jpeg()), Imgcodecs.IMREAD_COLOR);
                frames++;
                if (detector.detect(frame).stream().anyMatch(d -> d.label().equals("person"))) {
                    withPeople++;
                }
            }
        }
        assertThat(frames).isEqualTo(8);
        assertThat(withPeople).as("frames with a person").isGreaterThanOrEqualTo(6);
    }

    @Test
    void aCupOfCoffeeHasNoPerson() {
        Mat coffee = Imgcodecs.imread(TestPhotos.get("coffee.png").toString());
        assertThat(detector.detect(coffee)).extracting(Detection::label).doesNotContain("person");
    }

    @Test
    void itNamesItselfAndItsEngineForTheMetadata() {
        assertThat(detector.name()).isEqualTo("centernet");
        assertThat(detector.model()).contains("centernet.json");
        assertThat(detector.engine()).startsWith("tensorflow-2.");
    }

    @Test
    void aModelWhoseWeightsAreCutShortIsRefusedBeforeTensorFlowSeesIt(@TempDir Path folder) throws Exception {
        Path json = folder.resolve("centernet.json");
        Files.copy(TestModels.centerNet(), json);
        byte[] weights = Files.readAllBytes(TestModels.centerNet().resolveSibling("centernet.bin"));
        Files.write(folder.resolve("centernet.bin"), java.util.Arrays.copyOf(weights, weights.length / 2));
        assertThatThrownBy(() -> new CenterNetDetector(new CenterNetDetector.Settings(json, ModelCatalog.COCO, 0.3,
                0.4, 1))).hasMessageContaining("end before weight").hasMessageContaining("truncated");
    }
}
