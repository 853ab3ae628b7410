package io.argus.detect;

import java.util.List;
import org.opencv.core.Mat;

/**
 * Finds objects in a decoded image. Implementations are chosen by configuration and the rest of
 * Argus does not know which one runs. An instance is used by one worker thread at a time.
 */
public interface Detector extends AutoCloseable {
    /** The detector's name as configured, e.g. {@code opencv-builtin} or {@code yolo-darknet}. */
    String name();

    /** What it runs: the model files or the built-in models, for the metadata's {@code model_used}. */
    String model();

    /** What runs the model, with its version, for the metadata's {@code detector_version}. */
    default String engine() {
        return "opencv-" + org.opencv.core.Core.VERSION;
    }

    /** @param image an 8-bit BGR image, as OpenCV decodes it */
    List<Detection> detect(Mat image);

    @Override
    default void close() {
    }
}
