package io.argus.detect.yolo;

import static io.argus.detect.yolo.YoloModelFiles.CFG;
import static io.argus.detect.yolo.YoloModelFiles.NAMES;
import static io.argus.detect.yolo.YoloModelFiles.WEIGHTS;

import io.argus.config.ArgusConfig;
import io.argus.config.Setting;
import io.argus.detect.Detector;
import io.argus.detect.DetectorProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** YOLO from a Darknet cfg and weights (YOLOv4-tiny as the original pipeline ran it), on OpenCV DNN. */
public final class YoloDarknetProvider implements DetectorProvider {
    @Override
    public String name() {
        return YoloDarknetDetector.NAME;
    }

    @Override
    public List<Setting<?>> settings() {
        return List.copyOf(modelFiles());
    }

    @Override
    public List<Setting<Optional<Path>>> modelFiles() {
        return List.of(CFG, WEIGHTS, NAMES);
    }

    @Override
    public int usualInputSize() {
        return 416;
    }

    @Override
    public Detector create(ArgusConfig.Detect config) {
        return new YoloDarknetDetector(new YoloDarknetDetector.Settings(config.setting(CFG).orElseThrow(),
                config.setting(WEIGHTS).orElseThrow(), config.setting(NAMES).orElseThrow(), config.inputWidth(),
                config.inputHeight(), config.detectorThreshold(), config.nmsThreshold()));
    }
}
