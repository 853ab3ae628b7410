package io.argus.detect.yolo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.argus.detect.Box;
import io.argus.detect.Detection;
import io.argus.detect.OpenCv;
import io.argus.testing.TestPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The ONNX path end to end in ONNX Runtime: ONNX models in the YOLOv5 and YOLOv8 output layouts,
 * written by Debian's python3-onnx (src/test/python/constant_yolo_onnx.py), are loaded, run and
 * decoded. Every anchor of these models predicts the same box, so the detection is known exactly.
 */
class YoloOnnxDetectorTest {
    @TempDir
    static Path folder;
    private static Path names;
    private static Mat astronaut;

    @BeforeAll
    static void writeClassNames() throws IOException {
        names = Files.writeString(folder.resolve("two.names"), "person\ncar\n");
        OpenCv.load();
        astronaut = Imgcodecs.imread(TestPhotos.get("astronaut.png").toString());
        assertThat(astronaut.size().width).isEqualTo(512);
    }

    /** Box centre (320, 160), size 128×64 in the 640×640 input; the 512×512 photo scales it by 0.8. */
    @Test
    void aYoloV8ExportIsRecognisedByItsShapeAndItsBoxScaledToTheImage() {
        Path model = constantModel("yolov8", "v8.onnx", 320, 160, 128, 64, 0.1, 0.9);
        try (YoloOnnxDetector detector = detector(model)) {
            assertOneDetection(detector.detect(astronaut), "car", 0.9);
            assertThat(detector.name()).isEqualTo("yolo-onnx");
            assertThat(detector.model()).isEqualTo("v8.onnx");
        }
    }

    /** YOLOv5 multiplies the class score by the objectness: 0.8 × 0.75 = 0.6. */
    @Test
    void aYoloV5ExportUsesItsObjectness() {
        Path model = constantModel("yolov5", "v5.onnx", 320, 160, 128, 64, 0.8, 0.75, 0.1);
        try (YoloOnnxDetector detector = detector(model)) {
            assertOneDetection(detector.detect(astronaut), "person", 0.6);
        }
    }

    @Test
    void scoresUnderTheConfidenceThresholdGiveNothing() {
        Path model = constantModel("yolov5", "weak.onnx", 320, 160, 128, 64, 0.6, 0.75, 0.1);
        try (YoloOnnxDetector detector = detector(model)) {
            assertThat(detector.detect(astronaut)).isEmpty();
        }
    }

    @Test
    void aMissingModelFileStopsWithAClearMessage() {
        Path missing = folder.resolve("yolov8n.onnx");
        assertThatThrownBy(() -> detector(missing)).hasMessage("YOLO model file missing or unreadable: " + missing);
    }

    @Test
    void aFileThatIsNoOnnxModelIsRefusedWithTheEnginesReason() throws IOException {
        Path notOnnx = Files.writeString(folder.resolve("not.onnx"), "<html>404 Not Found</html>");
        assertThatThrownBy(() -> detector(notOnnx)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ONNX Runtime cannot load " + notOnnx + ": ");
    }

    @Test
    void theMetadataNamesOnnxRuntimeAsTheEngine() {
        Path model = constantModel("yolov8", "engine.onnx", 320, 160, 128, 64, 0.1, 0.9);
        try (YoloOnnxDetector detector = detector(model)) {
            assertThat(detector.engine()).startsWith("onnxruntime-1.22");
        }
    }

    private static void assertOneDetection(List<Detection> detections, String label, double confidence) {
        assertThat(detections).hasSize(1);
        assertThat(detections.get(0).label()).isEqualTo(label);
        assertThat(detections.get(0).confidence()).isCloseTo(confidence, offset(1e-6));
        assertThat(detections.get(0).box()).isEqualTo(new Box(205, 102, 102, 52));
    }

    private static YoloOnnxDetector detector(Path model) {
        return new YoloOnnxDetector(new YoloOnnxDetector.Settings(model, names, 640, 640, 0.5, 0.4, 1));
    }

    /** Runs the generator with Debian's Python, which has python3-onnx (installed by ./argus test). */
    private static Path constantModel(String layout, String file, double... values) {
        Path model = folder.resolve(file);
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "src/test/python/constant_yolo_onnx.py",
                layout, model.toString(), "640"));
        for (double value : values) {
            command.add(String.valueOf(value));
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("constant_yolo_onnx.py failed: %s", output).isZero();
            return model;
        } catch (IOException e) {
            throw new AssertionError("cannot run /usr/bin/python3 (./argus test installs python3-onnx)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
