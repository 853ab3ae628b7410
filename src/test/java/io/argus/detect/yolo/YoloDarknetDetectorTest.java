package io.argus.detect.yolo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.bench.RandomDarknetWeights;
import io.argus.detect.Detection;
import io.argus.detect.ModelFiles;
import io.argus.testing.TestPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The Darknet path with a real YOLO cfg (Debian's darknet package ships yolov3-tiny.cfg and
 * coco.names) and generated random weights of exactly the size the cfg needs.
 */
class YoloDarknetDetectorTest {
    @TempDir
    static Path folder;
    private static YoloDarknetDetector detector;
    private static Path weights;

    @BeforeAll
    static void loadNetwork() {
        Path cfg = TestPhotos.get("yolov3-tiny.cfg");
        weights = RandomDarknetWeights.write(cfg, folder.resolve("random.weights"), 7);
        detector = new YoloDarknetDetector(new YoloDarknetDetector.Settings(cfg, weights,
                TestPhotos.get("coco.names"), 416, 416, 0.5, 0.4));
    }

    @Test
    void theGeneratedWeightsHaveThePublishedSizeOfYoloV3Tiny() throws Exception {
        assertThat(RandomDarknetWeights.parameterCount(TestPhotos.get("yolov3-tiny.cfg"))).isEqualTo(8_858_734L);
        assertThat(Files.size(weights)).isEqualTo(35_434_956L);
    }

    @Test
    void theForwardPassGivesBothYoloLayersWithEightyClassScoresPerBox() {
        Mat image = Imgcodecs.imread(TestPhotos.get("astronaut.png").toString());
        List<Mat> outputs = detector.forward(image);
        assertThat(outputs).extracting(Mat::rows).containsExactlyInAnyOrder(13 * 13 * 3, 26 * 26 * 3);
        assertThat(outputs).extracting(Mat::cols).containsOnly(5 + 80);
    }

    @Test
    void detectionsOfARandomNetworkStillHaveCocoLabelsAndBoxesInsideTheImage() {
        Mat image = Imgcodecs.imread(TestPhotos.get("basketball1.png").toString());
        List<String> names = ModelFiles.classNames(TestPhotos.get("coco.names"));
        // A random network is unsure of everything: a low threshold lets its guesses through to be checked.
        List<Detection> detections;
        try (YoloDarknetDetector unsure = new YoloDarknetDetector(new YoloDarknetDetector.Settings(
                TestPhotos.get("yolov3-tiny.cfg"), weights, TestPhotos.get("coco.names"), 416, 416, 0.05, 0.4))) {
            detections = unsure.detect(image);
        }
        assertThat(detections).isNotEmpty().allSatisfy(detection -> {
            assertThat(names).contains(detection.label());
            assertThat(detection.confidence()).isBetween(0.05, 1.0);
            assertThat(detection.box().x() + detection.box().width()).isLessThanOrEqualTo(image.cols());
            assertThat(detection.box().y() + detection.box().height()).isLessThanOrEqualTo(image.rows());
        });
        assertThat(detector.name()).isEqualTo("yolo-darknet");
        assertThat(detector.model()).isEqualTo("yolov3-tiny.cfg + random.weights");
    }

    @Test
    void aMissingModelFileStopsWithAClearMessage() {
        Path missing = folder.resolve("yolov4-tiny.weights");
        assertThatThrownBy(() -> new YoloDarknetDetector(new YoloDarknetDetector.Settings(
                TestPhotos.get("yolov3-tiny.cfg"), missing, TestPhotos.get("coco.names"), 416, 416, 0.5, 0.4)))
                .hasMessage("YOLO model file missing or unreadable: " + missing);
    }
}
