package io.argus.detect;

import io.argus.config.ArgusConfig;
import java.util.function.Supplier;

/** Makes the configured detector; one instance per worker, each with its own network. */
public final class Detectors {
    private Detectors() {
    }

    public static Supplier<Detector> factory(ArgusConfig.Detect config) {
        return switch (config.detector()) {
            case OPENCV_BUILTIN -> () -> new OpenCvBuiltinDetector(
                    OpenCvBuiltinDetector.Settings.defaults(config.cascadeDir()));
            case YOLO_DARKNET -> () -> new YoloDarknetDetector(new YoloDarknetDetector.Settings(
                    config.yoloCfg().orElseThrow(), config.yoloWeights().orElseThrow(), config.yoloNames().orElseThrow(),
                    config.inputWidth(), config.inputHeight(), config.confidenceThreshold(), config.nmsThreshold()));
            case YOLO_ONNX -> () -> new YoloOnnxDetector(new YoloOnnxDetector.Settings(
                    config.yoloWeights().orElseThrow(), config.yoloNames().orElseThrow(),
                    config.inputWidth(), config.inputHeight(), config.confidenceThreshold(), config.nmsThreshold()));
        };
    }
}
