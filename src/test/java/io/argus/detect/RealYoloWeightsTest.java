package io.argus.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.testing.TestPhotos;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Trained YOLO weights on the Debian photos, when {@code ARGUS_TEST_YOLO_WEIGHTS} names them: a
 * {@code .onnx} export runs as yolo-onnx (640×640), anything else as yolo-darknet with the cfg in
 * {@code ARGUS_TEST_YOLO_CFG} (default: Debian's yolov3-tiny.cfg). Class names are COCO's. No
 * trained weights are in any package here, so this test is reported as skipped unless they are given.
 */
@EnabledIfEnvironmentVariable(named = "ARGUS_TEST_YOLO_WEIGHTS", matches = ".+")
class RealYoloWeightsTest {
    private static Detector detector;

    @BeforeAll
    static void loadWeights() {
        OpenCv.load();
        Path weights = Path.of(System.getenv("ARGUS_TEST_YOLO_WEIGHTS"));
        Path names = TestPhotos.get("coco.names");
        if (weights.toString().endsWith(".onnx")) {
            detector = new YoloOnnxDetector(new YoloOnnxDetector.Settings(weights, names, 640, 640, 0.5, 0.4));
        } else {
            Path cfg = Optional.ofNullable(System.getenv("ARGUS_TEST_YOLO_CFG")).map(Path::of)
                    .orElse(TestPhotos.get("yolov3-tiny.cfg"));
            detector = new YoloDarknetDetector(new YoloDarknetDetector.Settings(cfg, weights, names, 416, 416,
                    0.5, 0.4));
        }
    }

    @Test
    void theAstronautIsAPersonWhoseBoxCoversHerFace() {
        List<Detection> people = people("astronaut.png");
        assertThat(people).anySatisfy(person -> {
            Box box = person.box();
            assertThat(box.x()).isLessThan(200);
            assertThat(box.y()).isLessThan(90);
            assertThat(box.x() + box.width()).isGreaterThan(250);
            assertThat(box.y() + box.height()).isGreaterThan(140);
        });
    }

    @Test
    void theBasketballPlayerIsAPerson() {
        assertThat(people("basketball1.png")).isNotEmpty();
    }

    @Test
    void aCupOfCoffeeHasNoPerson() {
        assertThat(people("coffee.png")).isEmpty();
    }

    private static List<Detection> people(String photo) {
        Mat image = Imgcodecs.imread(TestPhotos.get(photo).toString());
        return detector.detect(image).stream().filter(detection -> detection.label().equals("person")).toList();
    }
}
