package io.argus.detect;

import io.argus.config.ArgusConfig;
import io.argus.models.ModelCatalog;
import java.util.function.Supplier;

/** Makes the configured detector; one instance per worker, each with its own network. */
public final class Detectors {
    private Detectors() {
    }

    public static Supplier<Detector> factory(ArgusConfig.Detect config) {
        double threshold = config.detectorThreshold();
        return switch (config.detector()) {
            case AUTO, OPENCV_BUILTIN -> () -> new OpenCvBuiltinDetector(
                    OpenCvBuiltinDetector.Settings.defaults(config.cascadeDir()));
            case CENTERNET -> () -> new CenterNetDetector(new CenterNetDetector.Settings(
                    config.modelsDir().resolve(ModelCatalog.CENTERNET.name()).resolve("centernet.json"),
                    ModelCatalog.CENTERNET.classNames(), threshold, config.nmsThreshold(), threadsPerWorker(config)));
            case YOLO_DARKNET -> () -> new YoloDarknetDetector(new YoloDarknetDetector.Settings(
                    config.yoloCfg().orElseThrow(), config.yoloWeights().orElseThrow(), config.yoloNames().orElseThrow(),
                    config.inputWidth(), config.inputHeight(), threshold, config.nmsThreshold()));
            case YOLO_ONNX -> () -> new YoloOnnxDetector(new YoloOnnxDetector.Settings(
                    config.yoloWeights().orElseThrow(), config.yoloNames().orElseThrow(),
                    config.inputWidth(), config.inputHeight(), threshold, config.nmsThreshold(),
                    threadsPerWorker(config)));
        };
    }

    /** Workers times a detector's own threads should not exceed the cores. */
    public static int threadsPerWorker(ArgusConfig.Detect config) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / config.workers());
    }
}
