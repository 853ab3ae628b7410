package io.argus.config;

import io.argus.models.KnownModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A detector as the configuration knows it: the name {@code argus.detect.detector} chooses it by, its
 * own settings, the model files it needs and the defaults its models usually take. Each detector's
 * provider ({@code io.argus.detect.DetectorProvider}, beside the detector's code) is one, registered in
 * {@code META-INF/services/io.argus.config.DetectorSpec}: it is found under this interface because the
 * configuration cannot depend on the detectors, which depend on it. {@link DetectorSpecs} lists them.
 */
public interface DetectorSpec {

    /** As written in {@code argus.detect.detector}, e.g. {@code yolo-onnx}. */
    String name();

    /** Its own settings: documented with the others, read and checked whichever detector runs. */
    default List<Setting<?>> settings() {
        return List.of();
    }

    /** Those of its settings that name its model files: each must be set when it runs. */
    default List<Setting<Optional<Path>>> modelFiles() {
        return List.of();
    }

    /** The model it runs from {@code argus.models.dir}, as {@code argus models pull} installs it. */
    default Optional<KnownModel> installedModel() {
        return Optional.empty();
    }

    /** The input size its models are usually trained and exported with, for an input size of 0. */
    default int usualInputSize() {
        return 0;
    }

    /** Its confidence threshold when {@code argus.detect.confidence-threshold} is empty. */
    default double usualThreshold() {
        return 0.5;
    }
}
