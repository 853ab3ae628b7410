package io.argus.detect.yolo;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.detect.Box;
import io.argus.detect.Detection;
import io.argus.detect.OpenCv;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/** Decoding on constructed output tensors, with boxes worked out by hand. */
class YoloDecoderTest {
    private static final List<String> NAMES = List.of("person", "bicycle", "car");

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    private static Mat matrix(float[][] rows) {
        Mat mat = new Mat(rows.length, rows[0].length, CvType.CV_32F);
        for (int r = 0; r < rows.length; r++) {
            mat.put(r, 0, rows[r]);
        }
        return mat;
    }

    private static Mat tensor(float[][] rows) {
        Mat mat = new Mat(new int[] {1, rows.length, rows[0].length}, CvType.CV_32F);
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < rows[r].length; c++) {
                mat.put(new int[] {0, r, c}, rows[r][c]);
            }
        }
        return mat;
    }

    private static float[][] transposed(float[][] rows) {
        float[][] result = new float[rows[0].length][rows.length];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < rows[r].length; c++) {
                result[c][r] = rows[r][c];
            }
        }
        return result;
    }

    @Test
    void darknetRowsBecomePixelBoxesWithTheBestClassAfterNms() {
        YoloDecoder decoder = new YoloDecoder(NAMES, 0.5, 0.4);
        Mat layer1 = matrix(new float[][] {
                // cx, cy, w, h (relative), objectness, person, bicycle, car
                {0.5f, 0.5f, 0.25f, 0.5f, 0.9f, 0.10f, 0.80f, 0.05f},   // bicycle 0.8 at the centre
                {0.51f, 0.5f, 0.25f, 0.5f, 0.9f, 0.05f, 0.60f, 0.00f},  // the same bicycle, weaker: suppressed
                {0.1f, 0.1f, 0.1f, 0.1f, 0.4f, 0.30f, 0.00f, 0.00f},    // below the confidence threshold
        });
        Mat layer2 = matrix(new float[][] {
                {0.5f, 0.5f, 0.25f, 0.5f, 0.9f, 0.70f, 0.00f, 0.00f},   // a person on the bicycle: another class, kept
        });

        List<Detection> detections = decoder.decodeDarknet(List.of(layer1, layer2), 640, 480);

        assertThat(detections).containsExactly(
                new Detection("bicycle", 1, 0.8f, new Box(240, 120, 160, 240)),
                new Detection("person", 0, 0.7f, new Box(240, 120, 160, 240)));
    }

    @Test
    void yoloV5MultipliesObjectnessAndScalesFromInputToImagePixels() {
        YoloDecoder decoder = new YoloDecoder(NAMES, 0.5, 0.45);
        Mat output = tensor(new float[][] {
                // cx, cy, w, h in 640x640 input pixels, objectness, person, bicycle, car
                {320, 320, 64, 128, 0.9f, 0.1f, 0.0f, 0.9f},   // car: 0.9 * 0.9 = 0.81
                {100, 100, 20, 20, 0.6f, 0.8f, 0.0f, 0.0f},    // person: 0.6 * 0.8 = 0.48 < 0.5, dropped
        });

        List<Detection> detections = decoder.decodeOnnx(output, 640, 640, 1280, 720);

        assertThat(detections).hasSize(1);
        Detection car = detections.get(0);
        assertThat(car.label()).isEqualTo("car");
        assertThat(car.classId()).isEqualTo(2);
        assertThat(car.confidence()).isCloseTo(0.81, org.assertj.core.data.Offset.offset(1e-6));
        // centre (640, 360), size 128 x 144 in the 1280x720 image
        assertThat(car.box()).isEqualTo(new Box(576, 288, 128, 144));
    }

    @Test
    void yoloV8IsToldFromItsTransposedShapeAndHasNoObjectness() {
        YoloDecoder decoder = new YoloDecoder(NAMES, 0.5, 0.45);
        float[][] boxes = {
                // cx, cy, w, h in 640x640 input pixels, person, bicycle, car
                {100, 200, 50, 100, 0.95f, 0.0f, 0.0f},
                {102, 200, 50, 100, 0.90f, 0.0f, 0.0f},   // overlaps the first: suppressed
                {500, 500, 40, 40, 0.0f, 0.0f, 0.55f},
                {300, 300, 10, 10, 0.2f, 0.3f, 0.1f},     // nothing above 0.5
                {0, 0, 0, 0, 0, 0, 0},                     // padding anchors, as real outputs have many
                {0, 0, 0, 0, 0, 0, 0},
                {0, 0, 0, 0, 0, 0, 0},
                {0, 0, 0, 0, 0, 0, 0},
                {0, 0, 0, 0, 0, 0, 0},
        };
        Mat output = tensor(transposed(boxes));   // [1, 7, 9]: attributes first

        List<Detection> detections = decoder.decodeOnnx(output, 640, 640, 640, 480);

        assertThat(detections).containsExactly(
                new Detection("person", 0, 0.95f, new Box(75, 113, 50, 75)),
                new Detection("car", 2, 0.55f, new Box(480, 360, 40, 30)));
    }

    @Test
    void boxesAreClippedToTheImage() {
        YoloDecoder decoder = new YoloDecoder(NAMES, 0.5, 0.4);
        Mat layer = matrix(new float[][] {{0.02f, 0.98f, 0.1f, 0.1f, 0.9f, 0.9f, 0f, 0f}});
        assertThat(decoder.decodeDarknet(List.of(layer), 100, 100))
                .extracting(Detection::box).containsExactly(new Box(0, 93, 7, 7));
    }

    @Test
    void theLayoutComesFromTheShape() {
        YoloDecoder decoder = new YoloDecoder(NAMES, 0.5, 0.4);
        assertThat(decoder.layoutOf(7, 8400)).isEqualTo(YoloDecoder.Layout.YOLOV8);
        assertThat(decoder.layoutOf(25200, 8)).isEqualTo(YoloDecoder.Layout.YOLOV5);
        YoloDecoder unnamed = new YoloDecoder(List.of(), 0.5, 0.4);
        assertThat(unnamed.layoutOf(84, 8400)).isEqualTo(YoloDecoder.Layout.YOLOV8);
        assertThat(unnamed.layoutOf(25200, 85)).isEqualTo(YoloDecoder.Layout.YOLOV5);
    }
}
