package io.argus.detect.yolo;

import io.argus.config.Importance;
import io.argus.config.Setting;
import io.argus.config.Types;
import java.nio.file.Path;
import java.util.Optional;

/** The settings naming the YOLO detectors' model files, which both detectors share. */
final class YoloModelFiles {
    static final Setting<Optional<Path>> CFG = Setting.of("argus.detect.yolo.cfg", Types.READABLE_FILE.optional(), "",
            Importance.MEDIUM, "Darknet cfg file (for `yolo-darknet`).");
    static final Setting<Optional<Path>> WEIGHTS = Setting.of("argus.detect.yolo.weights",
            Types.READABLE_FILE.optional(), "", Importance.MEDIUM,
            "The model: a Darknet `.weights` file for `yolo-darknet`, an `.onnx` export for `yolo-onnx`.");
    static final Setting<Optional<Path>> NAMES = Setting.of("argus.detect.yolo.names", Types.READABLE_FILE.optional(),
            "", Importance.MEDIUM, "Class names, one per line (for both YOLO detectors), e.g. `coco.names`.");

    private YoloModelFiles() {
    }
}
