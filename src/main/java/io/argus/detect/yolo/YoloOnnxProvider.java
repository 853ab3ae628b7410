package io.argus.detect.yolo;

import static io.argus.detect.yolo.YoloModelFiles.NAMES;
import static io.argus.detect.yolo.YoloModelFiles.WEIGHTS;

import io.argus.config.ArgusConfig;
import io.argus.config.Setting;
import io.argus.detect.Detector;
import io.argus.detect.DetectorProvider;
import io.argus.detect.Detectors;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** YOLO from an ONNX export (YOLOv5, YOLOv8, YOLO11), on ONNX Runtime. */
public final class YoloOnnxProvider implements DetectorProvider {
    @Override
    public String name() {
        return YoloOnnxDetector.NAME;
    }

    @Override
    public List<Setting<?>> settings() {
        return List.copyOf(modelFiles());
    }

    @Override
    public List<Setting<Optional<Path>>> modelFiles() {
        return List.of(WEIGHTS, NAMES);
    }

    @Override
    public int usualInputSize() {
        return 640;
    }

    @Override
    public Detector create(ArgusConfig.Detect config) {
        return new YoloOnnxDetector(new YoloOnnxDetector.Settings(config.setting(WEIGHTS).orElseThrow(),
                config.setting(NAMES).orElseThrow(), config.inputWidth(), config.inputHeight(),
                config.detectorThreshold(), config.nmsThreshold(), Detectors.threadsPerWorker(config)));
    }
}
