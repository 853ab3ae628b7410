package io.argus.detect.opencv;

import io.argus.config.ArgusConfig;
import io.argus.config.Importance;
import io.argus.config.Setting;
import io.argus.config.Types;
import io.argus.detect.Detector;
import io.argus.detect.DetectorProvider;
import java.nio.file.Path;
import java.util.List;

/** The detector that needs no model: OpenCV's cascades (from Debian's opencv-data) and its HOG people detector. */
public final class OpenCvBuiltinProvider implements DetectorProvider {
    static final Setting<Path> CASCADE_DIR = Setting.of("argus.detect.builtin.cascade-dir", Types.PATH,
            "/usr/share/opencv4", Importance.LOW, "Where the `opencv-data` cascades are (`haarcascades/…`).");

    @Override
    public String name() {
        return OpenCvBuiltinDetector.NAME;
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(CASCADE_DIR);
    }

    @Override
    public Detector create(ArgusConfig.Detect config) {
        return new OpenCvBuiltinDetector(OpenCvBuiltinDetector.Settings.defaults(
                config.setting(CASCADE_DIR).toAbsolutePath().normalize()));
    }
}
