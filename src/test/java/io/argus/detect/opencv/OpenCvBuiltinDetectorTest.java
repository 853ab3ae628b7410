package io.argus.detect.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.detect.Detection;
import io.argus.testing.TestPhotos;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * OpenCV's own detectors, with their default tuning, on real photos from Debian packages. The
 * points asserted (a nose, a torso, feet) were read off the photos by eye.
 */
class OpenCvBuiltinDetectorTest {
    private static final Path CASCADES = Path.of("/usr/share/opencv4");
    private static OpenCvBuiltinDetector detector;

    @BeforeAll
    static void createDetector() {
        detector = new OpenCvBuiltinDetector(OpenCvBuiltinDetector.Settings.defaults(CASCADES));
    }

    private static List<Detection> detect(String photo) {
        Mat image = Imgcodecs.imread(TestPhotos.get(photo).toString());
        assertThat(image.empty()).as("OpenCV decodes %s", photo).isFalse();
        return detector.detect(image);
    }

    private static List<Detection> labelled(List<Detection> detections, String label) {
        return detections.stream().filter(d -> d.label().equals(label)).toList();
    }

    @Test
    void astronautYieldsHerFaceAndNothingElse() {
        List<Detection> detections = detect("astronaut.png");

        assertThat(detections).hasSize(1);
        Detection face = detections.get(0);
        assertThat(face.label()).isEqualTo("face");
        assertThat(face.box().contains(224, 118)).as("covers her nose").isTrue();
        assertThat(face.box().contains(205, 100) && face.box().contains(245, 100)).as("covers both eyes").isTrue();
        assertThat(face.box().width()).isBetween(60, 140);
        assertThat(face.confidence()).isBetween(0.5, 1.0);
    }

    @Test
    void theBasketballPlayerIsAPersonWithAFace() {
        List<Detection> detections = detect("basketball1.png");

        List<Detection> people = labelled(detections, "person");
        assertThat(people).anySatisfy(person -> {
            assertThat(person.box().contains(90, 200)).as("covers his torso").isTrue();
            assertThat(person.box().contains(95, 440)).as("covers his feet").isTrue();
            assertThat(person.box().height()).isGreaterThan(300);
        });
        assertThat(labelled(detections, "face"))
                .anySatisfy(face -> assertThat(face.box().contains(92, 112)).as("covers his face").isTrue());
    }

    @Test
    void aCupOfCoffeeYieldsNoPersonNoFaceNoCat() {
        assertThat(detect("coffee.png")).isEmpty();
    }

    @Test
    void aStadiumCrowdYieldsNoSpuriousFacesOrCats() {
        List<Detection> detections = detect("messi5.jpg");
        assertThat(labelled(detections, "cat")).isEmpty();
        assertThat(labelled(detections, "face")).isEmpty();
    }

    @Test
    void aMissingCascadeStopsWithAClearMessage() {
        Path nowhere = Path.of("/nonexistent/opencv4");
        assertThatThrownBy(() -> new OpenCvBuiltinDetector(new OpenCvBuiltinDetector.Settings(nowhere,
                Map.of("face", "haarcascades/haarcascade_frontalface_alt2.xml"), 15, 30, 1.0)))
                .hasMessageContaining("the cascade for 'face' is missing: /nonexistent/opencv4/haarcascades")
                .hasMessageContaining("opencv-data");
    }
}
