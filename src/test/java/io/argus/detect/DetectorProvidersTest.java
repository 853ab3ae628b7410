package io.argus.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.config.ArgusConfig;
import io.argus.config.ConfigSource;
import io.argus.config.DetectorSpec;
import io.argus.config.DetectorSpecs;
import io.argus.config.InvalidConfigException;
import io.argus.config.Setting;
import io.argus.config.Settings;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The detectors found by ServiceLoader, chosen by {@code argus.detect.detector}. */
class DetectorProvidersTest {

    private static ArgusConfig withDetector(String name) {
        Properties properties = ConfigSource.load(Optional.empty(), Map.of(), new Properties());
        properties.setProperty("argus.detect.detector", name);
        return ArgusConfig.from(properties);
    }

    @Test
    void everyShippedDetectorIsFoundWithItsProvider() {
        assertThat(DetectorSpecs.all()).extracting(DetectorSpec::name)
                .containsExactly("opencv-builtin", "centernet", "yolo-darknet", "yolo-onnx");
        assertThat(DetectorSpecs.all()).allMatch(DetectorProvider.class::isInstance);
    }

    @Test
    void anUnknownDetectorIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> withDetector("tensorrt"))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "argus.detect.detector: must be one of auto, opencv-builtin, centernet, yolo-darknet,"
                                + " yolo-onnx (got 'tensorrt')"));
    }

    @Test
    void aDetectorIsNamedInAnyCaseWithUnderscoresForHyphens() {
        assertThat(withDetector("OPENCV_BUILTIN").detect().detector()).isEqualTo("opencv-builtin");
    }

    @Test
    void theDetectorsOwnSettingsAreDeclaredAndDocumentedWithTheOthers() {
        assertThat(DetectorSpecs.all()).flatMap(DetectorSpec::settings).allSatisfy(setting ->
                assertThat(Settings.named(setting.name())).contains(setting));
        assertThat(Settings.all()).extracting(Setting::name).containsSubsequence("argus.detect.max-poll-records",
                "argus.detect.builtin.cascade-dir", "argus.detect.yolo.cfg", "argus.detect.yolo.weights",
                "argus.detect.yolo.names", "argus.models.dir");
    }

    @Test
    void theConfiguredDetectorIsMadeByItsProvider() {
        OpenCv.load();
        ArgusConfig.Detect config = withDetector("opencv-builtin").detect();
        try (Detector detector = Detectors.factory(config).get()) {
            assertThat(detector.name()).isEqualTo("opencv-builtin");
        }
    }
}
